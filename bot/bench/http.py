"""bench http: the service under load, beside a bare aiohttp echo server under the same load."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..engine import Engine
from ..knowledge import KnowledgeBase
from ..store import create
from ..store.admin import create_scratch, drop_scratch
from . import cpu_ticks, loadavg, servers, stolen_share
from .loadgen import Script, question_pool

# (mode, welders, seconds between one welder's messages): people pause about a second,
# as people do; saturation sends back to back.
MODES = (("people", 200, 1.0), ("saturation", 100, 0.0))


def load(url: str, knowledge: Path, welders: int, pause: float, duration: float) -> dict[str, Any]:
    """Run the load generator in its own process and return its figures, its own CPU included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.bench.loadgen",
            url,
            "--knowledge",
            str(knowledge),
            "--welders",
            str(welders),
            "--pause",
            str(pause),
            "--duration",
            str(duration),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(out.stdout)
    client = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    figures["client_cpu_ms"] = client * 1000 / max(figures["answered"], 1)
    return figures


def engine_ms(kb: KnowledgeBase, count: int = 2000, welders: int = 20) -> float:
    """CPU milliseconds the engine (matcher included) spends on one message of the same mix."""
    engine = Engine(kb)
    pool = question_pool(kb)
    scripts = [Script(pool, random.Random(n)) for n in range(welders)]
    states = [engine.welcome(engine.first_stage).progress] * welders
    last: list[dict[str, Any] | None] = [None] * welders
    started = time.process_time()
    for i in range(count):
        n = i % welders
        reply = engine.reply(states[n], scripts[n].next(last[n]))
        states[n], last[n] = reply.progress, {"quick_replies": list(reply.quick_replies)}
    return (time.process_time() - started) * 1000 / count


def _line(target: str, mode: str, welders: int, f: dict[str, Any]) -> str:
    return (
        f"http {mode:<10} {target:<8} welders={welders:<3} msg/s={f['per_second']:7.1f}"
        f" p50={f['p50']:6.1f}ms p95={f['p95']:6.1f}ms p99={f['p99']:6.1f}ms"
        f" max={f['max']:6.1f}ms cpu/msg={f['cpu_ms']:.2f}ms stolen={f['stolen']:.0%}"
        f" errors={f['errors']}" + (f" {f['error_kinds']}" if f["errors"] else "")
    )


def _measured(
    server: servers.Server, knowledge: Path, welders: int, pause: float, duration: float
) -> dict[str, Any]:
    """The load's figures plus the server's CPU time per answered message."""
    cpu, ticks = server.cpu_seconds(), cpu_ticks()
    figures = load(server.url, knowledge, welders, pause, duration)
    figures["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / max(figures["answered"], 1)
    figures["stolen"] = stolen_share(ticks, cpu_ticks())
    return figures


def _ceiling(bot: dict[str, Any], bare: dict[str, Any]) -> str:
    """What the machine's cores could do at best, the load generator sharing them: a bound
    from CPU time per message alone, as if nothing ever waited."""
    cores = os.cpu_count() or 1
    per_message = bot["cpu_ms"] + bot["client_cpu_ms"]
    most = cores * 1000 / per_message
    return (
        f"http saturation ceiling on {cores} cores: service {bot['cpu_ms']:.2f} + load generator"
        f" {bot['client_cpu_ms']:.2f} ms CPU a message -> at most {most:.0f} msg/s"
        f" = {most / max(bare['per_second'], 1e-9):.0%} of the echo's"
    )


def _turns_per_commit(db: Path, url: str, after_id: int) -> tuple[float, int]:
    """Turns per write since message `after_id`, and the last message's id."""

    async def read() -> tuple[int, int, int]:
        store = await create(db, url).open()
        try:
            return await store.writes_since(after_id)
        finally:
            await store.close()

    messages, writes, last = asyncio.run(read())
    return messages / 2 / max(writes, 1), last


def bench_http(
    kb: KnowledgeBase, knowledge: Path, duration: float = 10.0, database_url: str = ""
) -> None:
    """The service on SQLite (and, given a database URL, on PostgreSQL too) beside the echo."""
    print(f"load average before: {loadavg()}")
    scratch = asyncio.run(create_scratch(database_url)) if database_url else ""
    try:
        with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
            log = Path(tmp) / "service.log"
            db = Path(tmp) / "bench.db"
            targets = [("sqlite", "")] + ([("postgres", scratch)] if scratch else [])
            cpu_ms = _run_modes(knowledge, duration, log, db, targets)
            lines = sum(1 for _ in log.open("rb"))
    finally:
        if scratch:
            asyncio.run(drop_scratch(database_url, scratch))
    print(f"service access log lines: {lines}; load average after: {loadavg()}")
    # The engine's share, a lower bound: alone its caches stay warm, in the service they do not.
    engine = engine_ms(kb)
    shares = ", ".join(f"{engine / ms:.0%} in {mode}" for mode, ms in cpu_ms.items())
    print(f"engine alone (same mix): {engine:.2f} ms CPU per message; of the service's: {shares}")


def _run_modes(
    knowledge: Path, duration: float, log: Path, db: Path, targets: list[tuple[str, str]]
) -> dict[str, float]:
    """Each mode on each target (SQLite, PostgreSQL) and on the echo; the first target's CPU
    time a message, by mode."""
    services = {name: servers.service(db, knowledge, log, url).start() for name, url in targets}
    last_id = dict.fromkeys(services, 0)
    echo = servers.echo().start()
    cpu_ms = {}
    try:
        for mode, welders, pause in MODES:
            bare = _measured(echo, knowledge, welders, pause, duration)
            for name, url in targets:
                bot = _measured(services[name], knowledge, welders, pause, duration)
                cpu_ms.setdefault(mode, bot["cpu_ms"])
                grouped, last_id[name] = _turns_per_commit(db, url, last_id[name])
                print(_line(name, mode, welders, bot) + f" turns/commit={grouped:.1f}")
                print(
                    f"http {mode:<10} ratio   {name}/echo msg/s="
                    f"{bot['per_second'] / max(bare['per_second'], 1e-9):.0%}"
                    f" p99={bot['p99'] / max(bare['p99'], 1e-9):.1f}x"
                )
                if not pause:
                    print(_ceiling(bot, bare))
            print(_line("echo", mode, welders, bare))
    finally:
        for service in services.values():
            service.stop()
        echo.stop()
    return cpu_ms
