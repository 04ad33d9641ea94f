"""The questions the bot could not answer, as the start of a batch test file (`bot eval`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import yaml
from aiohttp import web

from ..keys import STORE
from . import clock
from .views import UNANSWERED_DAYS

LIMIT = 500
# libyaml's safe dumper is some 25 times faster than the pure-Python one: 500 long questions
# take about 25 ms instead of 600.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ENTRY_HINT = "  # id: ?"
HEADER = (
    f"# 最近 {UNANSWERED_DAYS} 天焊工问了、助手没答上的问题"
    f"（最新的 {LIMIT} 条，重复的只留一条）。\n"
    "# 把「# id: ?」改成应该回答的条目编号（如 id: browser_choice）；"
    "指南里没有答案的，把 kind 改成 fallback。\n"
    "# 然后运行：python -m bot eval unanswered.yaml\n"
)


def skeleton(texts: list[str]) -> str:
    """One single per distinct question, in the order given; the text survives any YAML quirk."""
    items = []
    for text in dict.fromkeys(t.strip() for t in texts if t.strip()):
        dumped = yaml.dump(
            [{"q": text, "kind": "answer"}], Dumper=DUMPER, allow_unicode=True, sort_keys=False
        )
        items.append(dumped.rstrip("\n") + ENTRY_HINT + "\n")
    return HEADER + ("singles:\n" + "".join(items) if items else "singles: []\n")


async def eval_yaml(request: web.Request) -> web.Response:
    since = clock.day_start(clock.now().date() - timedelta(days=UNANSWERED_DAYS))
    asked = await request.app[STORE].unanswered_since(since, LIMIT)
    # In a thread, so that welders' messages are answered meanwhile.
    text = await asyncio.to_thread(skeleton, [a.text for a in asked])
    return web.Response(
        text=text,
        content_type="application/yaml",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="unanswered.yaml"'},
    )
