"""The load generator: welders, each with its own cookie, chatting for a fixed time.

Run in its own process (`python -m bot.bench.loadgen URL --mode people`) so that the
client's CPU is not the server's; it prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

from .. import knowledge
from . import latency_figures
from .match import queries

# Statements that move a welder's progress, as welders type them.
STATEMENTS = (
    "材料都准备好了",
    "报名表填好了",
    "体检报告弄好了",
    "我已经提交了",
    "收到补正短信了",
    "补正材料已经提交了",
    "审批通过了",
    "决定书已经寄给老师了",
)
# Follow-ups that lean on the previous answer.
FOLLOW_UPS = ("下一步", "然后呢", "那怎么弄", "我的进度", "没出来", "谢谢")
TIMEOUT = aiohttp.ClientTimeout(total=5)  # what WeChat waits


def question_pool(kb: knowledge.KnowledgeBase) -> list[str]:
    """Welder-like questions (a character dropped), fresh enough that caches do not flatter."""
    return queries(kb, 20_000)


class Script:
    """What one welder says next: mostly questions, some progress, some follow-ups."""

    def __init__(self, questions: list[str], rng: random.Random) -> None:
        self.questions = questions
        self.rng = rng

    def next(self, last: dict[str, Any] | None) -> str:
        roll = self.rng.random()
        if roll < 0.6:
            return self.rng.choice(self.questions)
        if roll < 0.75:
            return self.rng.choice(STATEMENTS)
        buttons = (last or {}).get("quick_replies") or []
        if buttons and self.rng.random() < 0.5:
            return self.rng.choice(buttons)  # a tapped quick-reply button
        return self.rng.choice(FOLLOW_UPS)


class Welder:
    """One phone: its own connection and cookie jar."""

    def __init__(self, url: str) -> None:
        self.url = url
        # unsafe: the cookie comes from an IP address (127.0.0.1), not a domain name.
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=TIMEOUT
        )

    async def chat(self, text: str) -> tuple[int, dict[str, Any] | None]:
        async with self.session.post(self.url + "/api/chat", json={"text": text}) as resp:
            body = await resp.json() if resp.status == 200 else None
            return resp.status, body

    async def history(self) -> list[dict[str, Any]]:
        async with self.session.get(self.url + "/api/history") as resp:
            resp.raise_for_status()
            return (await resp.json())["messages"]

    async def close(self) -> None:
        await self.session.close()


class Stats:
    def __init__(self) -> None:
        self.timings: list[float] = []
        self.errors: Counter[str] = Counter()
        self.answered = 0  # warm-up included: what the server's CPU time was spent on


async def _chatter(
    url: str, script: Script, stats: Stats, pause: float, record_from: float, stop_at: float
) -> None:
    welder = Welder(url)
    rng = script.rng
    last = None
    try:
        if pause:
            await asyncio.sleep(rng.uniform(0, pause))  # people do not all start at once
        while time.monotonic() < stop_at:
            text = script.next(last)
            started = time.monotonic()
            try:
                status, last = await welder.chat(text)
                error = None if status == 200 else str(status)
            except (aiohttp.ClientError, TimeoutError) as exc:
                error, last = type(exc).__name__, None
            stats.answered += error is None
            if started >= record_from:
                if error:
                    stats.errors[error] += 1
                else:
                    stats.timings.append((time.monotonic() - started) * 1000)
            if pause:
                await asyncio.sleep(rng.uniform(0.5 * pause, 1.5 * pause))
    finally:
        await welder.close()


async def run(
    url: str, questions: list[str], welders: int, pause: float, duration: float, warmup: float
) -> dict[str, Any]:
    stats = Stats()
    start = time.monotonic()
    record_from, stop_at = start + warmup, start + warmup + duration
    await asyncio.gather(
        *(
            _chatter(url, Script(questions, random.Random(n)), stats, pause, record_from, stop_at)
            for n in range(welders)
        )
    )
    return {
        "messages": len(stats.timings),
        "answered": stats.answered,
        "per_second": len(stats.timings) / duration,
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        **latency_figures(stats.timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.loadgen")
    parser.add_argument("url")
    parser.add_argument("--knowledge", type=Path, required=True)
    parser.add_argument("--welders", type=int, default=200)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between messages")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    args = parser.parse_args()
    pool = question_pool(knowledge.load(args.knowledge))
    figures = asyncio.run(run(args.url, pool, args.welders, args.pause, args.duration, args.warmup))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
