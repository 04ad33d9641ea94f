"""`serve --workers N`: N processes answer on one port, a dead one is replaced, SIGTERM ends all."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import LiveServer


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue  # a process that ended meanwhile
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def _request_prefixes(url: str, n: int) -> set[str]:
    prefixes = set()
    for _ in range(n):
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            prefixes.add(response.headers["X-Request-Id"][:6])  # each process's own prefix
    return prefixes


@pytest.fixture
def two_workers(database):
    server = LiveServer(database, {"BOT_WORKERS": "2"})
    server.start()
    yield server
    server.stop()


def test_two_workers_share_the_port_and_a_dead_one_is_replaced(two_workers):
    parent = two_workers.proc.pid
    workers = _children(parent)
    assert len(workers) == 2
    assert len(_request_prefixes(two_workers.url, 40)) == 2  # the kernel spreads connections
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while (replaced := _children(parent)) in (workers, workers - {victim}) or len(replaced) != 2:
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.1)
    assert victim not in replaced
    _request_prefixes(two_workers.url, 5)


def test_sigterm_stops_every_worker(two_workers):
    workers = _children(two_workers.proc.pid)
    two_workers.proc.send_signal(signal.SIGTERM)
    assert two_workers.proc.wait(timeout=20) == 0
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
