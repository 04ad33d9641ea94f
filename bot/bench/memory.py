"""bench memory: resident memory of the service holding many welders and a long transcript.

The database is seeded through the Store (10,000 welders with progress, 100,000
messages), then the service starts on it and every welder chats once, so that each one's
progress is loaded into memory; VmRSS is read from /proc at each stage.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import tempfile
import time
from pathlib import Path

import aiohttp

from .. import identity
from ..knowledge import KnowledgeBase
from ..store import Outgoing, Progress, Turn, create
from . import loadavg, servers
from .match import queries

WELDERS = 10_000
TURNS = 5  # two messages each: 100,000 messages


def _progress(kb: KnowledgeBase, rng: random.Random) -> Progress:
    stage = rng.choice(kb.stages)
    entry = rng.choice(kb.entries)
    items = [item.id for item in kb.checklist]
    return Progress(
        stage=stage.id,
        step=rng.choice(stage.steps).id,
        last_entry=entry.id,
        checklist=frozenset(rng.sample(items, rng.randint(0, len(items)))),
    )


async def seed(db: Path, kb: KnowledgeBase) -> None:
    rng = random.Random(5)
    asked = queries(kb, 1000)
    answers = [entry.reply for entry in kb.entries]
    store = await create(db).open()

    async def welder(n: int) -> None:
        wid = await store.welder_id("web", f"bench{n}")
        before = Progress(kb.stages[0].id, known=False)
        for _ in range(TURNS):
            after = _progress(kb, rng)
            said = (Outgoing("welder", rng.choice(asked)), Outgoing("bot", rng.choice(answers)))
            await store.save_turn(Turn(wid, "web", said, before, after))
            # The next turn saves over the version this one stored, as the service's do.
            before = dataclasses.replace(after, version=before.version + 1)

    try:
        # Concurrent turns share the writer's transactions, as they do under load.
        for start in range(0, WELDERS, 500):
            await asyncio.gather(*(welder(n) for n in range(start, start + 500)))
    finally:
        await store.close()


def _cookie(uid: str) -> str:
    return f"{identity.COOKIE}={identity.value(servers.SECRET.encode(), uid)}"


async def _chat_once_each(url: str, texts: list[str]) -> int:
    """Every seeded welder sends one message; returns how many were answered with 200."""
    ok = 0
    connector = aiohttp.TCPConnector(limit=50)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(n: int) -> None:
            nonlocal ok
            headers = {"Cookie": _cookie(f"bench{n}")}
            body = {"text": texts[n % len(texts)]}
            async with session.post(url + "/api/chat", json=body, headers=headers) as resp:
                ok += resp.status == 200

        for start in range(0, WELDERS, 500):
            await asyncio.gather(*(one(n) for n in range(start, min(start + 500, WELDERS))))
    return ok


def bench_memory(kb: KnowledgeBase, knowledge: Path) -> None:
    print(f"load average before: {loadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        db = Path(tmp) / "memory.db"
        started = time.monotonic()
        asyncio.run(seed(db, kb))
        size = sum(p.stat().st_size for p in Path(tmp).glob("memory.db*")) / 2**20
        print(
            f"memory seeded welders={WELDERS} messages={WELDERS * TURNS * 2}"
            f" in {time.monotonic() - started:.1f}s; database {size:.0f} MiB"
        )
        service = servers.service(db, knowledge, Path(tmp) / "service.log").start()
        try:
            idle = service.rss_kib()
            # "我的进度" loads and stores progress without the matcher; questions use it too.
            ok = asyncio.run(_chat_once_each(service.url, ["我的进度", *queries(kb, 99)]))
            busy = service.rss_kib()
        finally:
            service.stop()
    print(f"memory rss after start={idle / 1024:.1f} MiB (knowledge base and matcher loaded)")
    print(
        f"memory rss after {ok} of {WELDERS} welders chatted once={busy / 1024:.1f} MiB"
        f" (+{(busy - idle) / WELDERS:.2f} KiB per welder)"
    )
    print(f"load average after: {loadavg()}")
