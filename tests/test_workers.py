"""`serve --workers N`: N processes answer on one port, a dead one is replaced, SIGTERM ends all."""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import pytest

from bot import workers as workers_module
from tests.conftest import LiveServer


def _answering(url: str, workers: int) -> set[str]:
    """The request-id prefixes (one per process) seen until `workers` processes answered: the
    kernel spreads new connections among the processes listening on the port."""
    prefixes: set[str] = set()
    deadline = time.monotonic() + 30  # a worker may still be opening its store
    while len(prefixes) < workers:
        assert time.monotonic() < deadline, f"only {len(prefixes)} of {workers} workers answer"
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            prefixes.add(response.headers["X-Request-Id"][:6])
    return prefixes


@pytest.fixture
def two_workers(database):
    server = LiveServer(database, {"BOT_WORKERS": "2"})
    server.start()
    yield server
    server.stop()


def test_two_workers_share_the_port_and_a_dead_one_is_replaced(two_workers):
    workers = two_workers.children()
    assert len(workers) == 2
    _answering(two_workers.url, 2)
    victim = min(workers)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while len(two_workers.children() - {victim}) < 2:
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.1)
    _answering(two_workers.url, 2)


def test_sigterm_stops_every_worker(two_workers):
    workers = two_workers.children()
    two_workers.proc.send_signal(signal.SIGTERM)
    assert two_workers.proc.wait(timeout=20) == 0
    for pid in workers:  # the parent waited for each: none is left, not even as a zombie
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_worker_that_does_not_stop_is_killed(two_workers):
    workers = two_workers.children()
    stuck = min(workers)
    os.kill(stuck, signal.SIGSTOP)  # it cannot act on SIGTERM; SIGKILL still ends it
    started = time.monotonic()
    two_workers.proc.send_signal(signal.SIGTERM)
    assert two_workers.proc.wait(timeout=30) == 0
    assert time.monotonic() - started >= workers_module.GRACE - 1
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
