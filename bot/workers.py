"""`serve --workers N`: N service processes sharing one port, kept running.

Each worker is a whole service (its own event loop and store connections) listening on
the same address with SO_REUSEPORT, so the kernel spreads connections among them.
Everything they must agree on is in the store. The parent only starts them, starts one
again when it dies, and passes SIGTERM / SIGINT on.
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


def serve(make_app: Callable[[], web.Application], host: str, port: int, workers: int) -> int:
    """Run `workers` processes until SIGTERM or SIGINT; 1 when one of them cannot start."""
    children: dict[int, float] = {}  # pid -> when it started
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            os.kill(pid, signal.SIGTERM)

    def start() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                app = make_app()
                http_server.run(app, host, port, reuse_port=True)
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        children[pid] = time.monotonic()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
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
