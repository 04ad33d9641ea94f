"""The processes a benchmark measures: the service, and a bare aiohttp JSON echo server.

Each runs in its own process so that the load generator's CPU is not counted as theirs.
`python -m bot.bench.servers echo --port P` runs the echo server: the ceiling of this stack.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from aiohttp import web

from ..settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server subprocess on 127.0.0.1, ready once GET /healthz answers."""

    def __init__(
        self, argv: list[str], log: Path | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.argv = [*argv, "--port", str(self.port)]
        self.log = log
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> Server:
        # A file, not a pipe: nobody reads the log while the load runs, and a full pipe
        # would block the server.
        with contextlib.ExitStack() as files:
            out = files.enter_context(self.log.open("ab")) if self.log else subprocess.DEVNULL
            self.proc = subprocess.Popen(
                [sys.executable, *self.argv],
                cwd=PROJECT_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=out,
                env=self.env,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.argv} exited with {self.proc.returncode}; see {self.log}"
                )
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.argv} did not start")

    def rss_kib(self) -> int:
        """Resident memory (VmRSS) of the server process, in KiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def children(self) -> set[int]:
        """The server process's own children: its workers, under `serve --workers N`."""
        assert self.proc is not None
        found = set()
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                lines = status.read_text().splitlines()
            except OSError:
                continue  # a process that ended meanwhile
            if f"PPid:\t{self.proc.pid}" in lines:
                found.add(int(status.parent.name))
        return found

    def cpu_seconds(self) -> float:
        """User and system CPU time the server process has used so far."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no final commit; what a power-less crash leaves.
        Its whole process group (it was started in a session of its own): workers too."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


SECRET = "bench"  # known, so that a benchmark can sign its welders' cookies


def service(db: Path, knowledge: Path, log: Path | None = None, url: str = "") -> Server:
    """`python -m bot serve` on a free port, without rate limits (all its load is local);
    on PostgreSQL when `url` is given."""
    argv = ["-m", "bot", "serve", "--db", str(db), "--knowledge", str(knowledge)]
    argv += ["--database-url", url]
    limits = ("--rate-per-minute", "0", "--address-rate-per-minute", "0")
    return Server([*argv, *limits, "--secret", SECRET], log)


def echo() -> Server:
    return Server(["-m", "bot.bench.servers", "echo"])


async def _echo(request: web.Request) -> web.Response:
    return web.json_response(await request.json())


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.servers")
    parser.add_argument("what", choices=["echo"])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_post("/api/chat", _echo)
    app.router.add_get("/healthz", _healthz)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
