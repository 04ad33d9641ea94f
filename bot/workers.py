"""`serve --workers N`: N service processes sharing one port, kept running.

Each worker is a whole service (its own event loop and store connections) listening on
the same address with SO_REUSEPORT, so the kernel spreads connections among them.
Everything they must agree on is in the store. The parent only starts them, starts one
again when it dies, and passes SIGTERM / SIGINT on; a worker still running GRACE seconds
later is killed, so that a stop always ends.
"""

from __future__ import annotations

import logging
import os
import signal
import time
import traceback
from collections.abc import Callable

from aiohttp import web

from . import http_server

log = logging.getLogger(__name__)
# A worker that exits with an error sooner than this after its start is not started again:
# it would only fail again (a port in use, a database it cannot open). One killed by a
# signal is started again, however young.
FAILS_AT_START = 5.0
GRACE = 10.0
STOPS = {signal.SIGTERM, signal.SIGINT}


def serve(make_app: Callable[[], web.Application], host: str, port: int, workers: int) -> int:
    """Run `workers` processes until SIGTERM or SIGINT; 1 when one of them cannot start."""
    children: dict[int, float] = {}  # pid -> when it started
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            signal.setitimer(signal.ITIMER_REAL, GRACE)
        for pid in children:
            os.kill(pid, signal.SIGTERM)

    def kill(signum: int, frame: object) -> None:
        for pid in children:
            log.warning("worker %d still running %.0f s after SIGTERM: killed", pid, GRACE)
            os.kill(pid, signal.SIGKILL)

    def start() -> None:
        # A stop that came between the fork and the record would miss the new worker, and one
        # that reached the worker before it reset its handlers would run the parent's handler.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
        pid = os.fork()
        if pid == 0:  # the worker
            for signum in (*STOPS, signal.SIGALRM):
                signal.signal(signum, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
            code = 0
            try:
                app = make_app()
                http_server.run(app, host, port, reuse_port=True)
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        children[pid] = time.monotonic()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)

    for signum in STOPS:
        signal.signal(signum, stop)
    signal.signal(signal.SIGALRM, kill)
    for _ in range(workers):
        start()
    failed = False
    while children:
        pid, status = os.wait()
        started = children.pop(pid, None)
        if started is None or stopping:
            continue
        if not os.WIFSIGNALED(status) and time.monotonic() - started < FAILS_AT_START:
            log.error("worker %d could not start (status %d): stopping", pid, status)
            failed = True
            stop(signal.SIGTERM, None)
            continue
        log.warning("worker %d died (status %d): starting another", pid, status)
        start()
    return 1 if failed else 0
