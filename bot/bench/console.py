"""bench console: the teacher's pages with thousands of distinct long unanswered questions,
and the welders' latency while the background grouper works through them."""

from __future__ import annotations

import asyncio
import random
import re
import tempfile
import time
from pathlib import Path

import aiohttp

from ..store import Outgoing, Progress, Turn, create
from ..teacher import accounts
from . import latency_figures, loadavg, servers
from .http import load

QUESTIONS = 2000
LENGTH = 1000
ROUNDS = 10
PAGES = (
    "/teacher/",
    "/teacher/conversations",
    "/teacher/conversations?q=焊工证&fell_back=1",
    "/teacher/welders/1",
    "/teacher/improve",
    "/teacher/export",
)
TEACHER, PASSWORD = "bench", "bench-password-2024"
# Welders chatting as people do (a pause of about a second) beside the teacher's pages.
WELDERS, PAUSE = 100, 1.0
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _question(rng: random.Random) -> str:
    # Common CJK characters at random: no two questions are alike, none is answered.
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(LENGTH))


async def _fill(db: Path, questions: int) -> None:
    store = await create(db).open()
    try:
        rng = random.Random(14)
        start = Progress(stage="preparation", known=False)

        async def ask(n: int) -> None:
            welder = await store.welder_id("web", f"bench-{n}")
            assert welder is not None
            said = (Outgoing("welder", _question(rng)), Outgoing("bot", "抱歉", answered=False))
            await store.save_turn(Turn(welder, "web", said, start, Progress(stage="preparation")))

        for first in range(0, questions, 200):
            await asyncio.gather(*(ask(n) for n in range(first, min(first + 200, questions))))
        await accounts.add(store, TEACHER, PASSWORD)
    finally:
        await store.close()


async def _grouped(db: Path) -> int:
    store = await create(db).open()
    try:
        return await store.grouping_cursor()
    finally:
        await store.close()


async def _pages(url: str) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {path: [] for path in PAGES}
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(url, cookie_jar=jar) as session:
        form = await (await session.get("/teacher/login")).text()
        token = _CSRF.search(form)
        data = {"username": TEACHER, "password": PASSWORD, "csrf": token.group(1) if token else ""}
        async with session.post("/teacher/login", data=data, allow_redirects=False) as resp:
            assert resp.status == 303, await resp.text()
        for _ in range(ROUNDS):
            for path in PAGES:
                started = time.perf_counter()
                async with session.get(path) as resp:
                    await resp.read()
                    assert resp.status == 200, (path, resp.status)
                timings[path].append((time.perf_counter() - started) * 1000)
    return timings


async def _with_welders(
    url: str, knowledge: Path, duration: float
) -> tuple[dict[str, list[float]], dict]:
    """The console's pages while WELDERS chat over HTTP (the load generator's own process)."""
    welders = asyncio.create_task(asyncio.to_thread(load, url, knowledge, WELDERS, PAUSE, duration))
    return await _pages(url), await welders


def _print(title: str, timings: dict[str, list[float]], welders: dict) -> None:
    print(title)
    for path, values in timings.items():
        f = latency_figures(values)
        print(f"  {path:45s} p50 {f['p50']:7.1f} ms  max {f['max']:7.1f} ms  ({len(values)} loads)")
    w = welders
    print(
        f"  {WELDERS} welders over HTTP: {w['per_second']:.1f} msg/s  p50 {w['p50']:.1f} ms"
        f"  p99 {w['p99']:.1f} ms  max {w['max']:.1f} ms  errors {w['errors']}; load {loadavg()}"
    )


def bench_console(knowledge: Path, duration: float = 10.0, questions: int = QUESTIONS) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-console-") as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        asyncio.run(_fill(db, questions))
        print(
            f"stored {questions} distinct {LENGTH}-character unanswered questions in "
            f"{time.perf_counter() - started:.1f} s; load {loadavg()}"
        )
        server = servers.service(db, knowledge, Path(tmp) / "serve.log").start()
        try:
            started = time.perf_counter()
            during = asyncio.run(_with_welders(server.url, knowledge, duration))
            last = 2 * questions  # each question and its reply are a message
            grouped = asyncio.run(_grouped(db))
            print(f"grouped {min(grouped, last) // 2} of {questions} when the run ended")
            _print("while the grouper works:", *during)
            while asyncio.run(_grouped(db)) < last:
                time.sleep(1)
            print(f"all grouped {time.perf_counter() - started:.1f} s after the server started")
            _print("once grouped:", *asyncio.run(_with_welders(server.url, knowledge, duration)))
        finally:
            server.stop()
