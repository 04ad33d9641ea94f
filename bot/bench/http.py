"""bench http: the service under load, beside a bare aiohttp echo server under the same load."""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..engine import Engine
from ..knowledge import KnowledgeBase
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
        f"http {mode:<10} {target:<7} welders={welders:<3} msg/s={f['per_second']:7.1f}"
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


def _turns_per_commit(db: Path, after_id: int) -> tuple[float, int]:
    """Turns per write since message `after_id` (a write stamps all its turns with one time)."""
    with sqlite3.connect(db) as conn:
        turns, writes, last = conn.execute(
            "SELECT COUNT(*) / 2.0, COUNT(DISTINCT time), MAX(id) FROM messages WHERE id > ?",
            (after_id,),
        ).fetchone()
    return turns / max(writes, 1), last or after_id


def bench_http(kb: KnowledgeBase, knowledge: Path, duration: float = 10.0) -> None:
    print(f"load average before: {loadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        log = Path(tmp) / "service.log"
        db = Path(tmp) / "bench.db"
        service = servers.service(db, knowledge, log).start()
        last_id = 0
        echo = servers.echo().start()
        cpu_ms = {}
        try:
            for mode, welders, pause in MODES:
                bot = _measured(service, knowledge, welders, pause, duration)
                bare = _measured(echo, knowledge, welders, pause, duration)
                cpu_ms[mode] = bot["cpu_ms"]
                grouped, last_id = _turns_per_commit(db, last_id)
                print(_line("service", mode, welders, bot) + f" turns/commit={grouped:.1f}")
                print(_line("echo", mode, welders, bare))
                print(
                    f"http {mode:<10} ratio   service/echo msg/s="
                    f"{bot['per_second'] / max(bare['per_second'], 1e-9):.0%}"
                    f" p99={bot['p99'] / max(bare['p99'], 1e-9):.1f}x"
                )
                if not pause:
                    print(_ceiling(bot, bare))
        finally:
            service.stop()
            echo.stop()
        lines = sum(1 for _ in log.open("rb"))
    print(f"service access log lines: {lines}; load average after: {loadavg()}")
    # The engine's share, a lower bound: alone its caches stay warm, in the service they do not.
    engine = engine_ms(kb)
    shares = ", ".join(f"{engine / ms:.0%} in {mode}" for mode, ms in cpu_ms.items())
    print(f"engine alone (same mix): {engine:.2f} ms CPU per message; of the service's: {shares}")
