"""bench crash: SIGKILL the service mid-load, restart it, and count what survived.

Every message answered with 200 must be in its welder's transcript exactly once, and the
database must be intact. The same load and checks back tests/test_crash.py.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from ..knowledge import STAGE_IDS, KnowledgeBase
from . import loadavg, servers
from .loadgen import Welder
from .match import queries


class CrashLoad:
    """Welders chatting back to back, remembering what the service acknowledged."""

    def __init__(self, url: str, kb: KnowledgeBase, welders: int) -> None:
        self.questions = queries(kb, 500)
        self.welders = [Welder(url) for _ in range(welders)]
        # Per welder: (text, reply id) of each 200, and texts whose answer never came back.
        self.acked: list[list[tuple[str, int]]] = [[] for _ in self.welders]
        self.in_flight: list[list[str]] = [[] for _ in self.welders]
        self._stop = asyncio.Event()

    @property
    def acknowledged(self) -> int:
        return sum(map(len, self.acked))

    async def run(self) -> None:
        await asyncio.gather(*(self._chat(n) for n in range(len(self.welders))))

    def stop(self) -> None:
        self._stop.set()

    async def close(self) -> None:
        for welder in self.welders:
            await welder.close()

    async def _chat(self, n: int) -> None:
        rng = random.Random(n)
        count = 0
        while not self._stop.is_set() and count < 200:  # history shows the last 500
            count += 1
            # Unique per welder, so that a message stored twice shows.
            text = f"第{count}问：{rng.choice(self.questions)}"
            try:
                status, body = await self.welders[n].chat(text)
            except aiohttp.ClientConnectorError:
                await asyncio.sleep(0.05)  # the service is down: this one never left
                continue
            except (aiohttp.ClientError, TimeoutError):
                status, body = None, None
            if status == 200 and body:
                self.acked[n].append((text, body["message_id"]))
            else:
                self.in_flight[n].append(text)


@dataclass(frozen=True)
class Report:
    acknowledged: int
    lost: int
    duplicated: int
    in_flight: int
    in_flight_stored: int
    integrity: str
    progress_rows: int
    bad_stages: int

    def __str__(self) -> str:
        return (
            f"acknowledged={self.acknowledged} lost={self.lost} duplicated={self.duplicated}"
            f" in_flight_at_kill={self.in_flight} (stored {self.in_flight_stored})"
            f" integrity={self.integrity} progress_rows={self.progress_rows}"
            f" bad_stages={self.bad_stages}"
        )


async def verify(load: CrashLoad, db: Path) -> Report:
    """Read every welder's transcript back through GET /api/history, then the database."""
    lost = duplicated = stored = 0
    for welder, acked, in_flight in zip(load.welders, load.acked, load.in_flight, strict=True):
        if not acked and not in_flight:
            continue
        messages = await welder.history()
        said = Counter(m["text"] for m in messages if m["role"] == "welder")
        ids = {m["id"] for m in messages}
        duplicated += sum(1 for count in said.values() if count > 1)
        lost += sum(1 for text, reply in acked if said[text] == 0 or reply not in ids)
        stored += sum(1 for text in in_flight if said[text])
    with sqlite3.connect(db) as conn:
        (integrity,) = conn.execute("PRAGMA integrity_check").fetchone()
        stages = [stage for (stage,) in conn.execute("SELECT stage FROM progress")]
    return Report(
        acknowledged=load.acknowledged,
        lost=lost,
        duplicated=duplicated,
        in_flight=sum(map(len, load.in_flight)),
        in_flight_stored=stored,
        integrity=integrity,
        progress_rows=len(stages),
        bad_stages=sum(1 for s in stages if s not in STAGE_IDS),
    )


async def _crash(kb: KnowledgeBase, knowledge: Path, duration: float, welders: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        db = Path(tmp) / "crash.db"
        service = servers.service(db, knowledge, Path(tmp) / "service.log").start()
        load = CrashLoad(service.url, kb, welders)
        running = asyncio.create_task(load.run())
        try:
            await asyncio.sleep(duration)
            service.kill()
            killed_at = load.acknowledged
            await asyncio.sleep(0.5)  # the welders find the service gone
            load.stop()
            await running
            started = time.monotonic()
            service.start()
            restart = time.monotonic() - started
            report = await verify(load, db)
        finally:
            load.stop()
            await load.close()
            service.stop()
    print(f"crash welders={welders} killed after {duration:.0f}s with {killed_at} acknowledged")
    print(f"crash restart took {restart:.1f}s; {report}")


def bench_crash(kb: KnowledgeBase, knowledge: Path, duration: float = 5.0, welders: int = 50):
    print(f"load average before: {loadavg()}")
    asyncio.run(_crash(kb, knowledge, duration, welders))
    print(f"load average after: {loadavg()}")
