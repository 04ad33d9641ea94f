"""The HTTP server: aiohttp's own errors in our words, and a cap on open connections.

aiohttp answers a request it cannot parse (a bad Content-Length, Content-Length with
Transfer-Encoding, broken chunking, an overlong header line, an invalid method or version)
itself, in plain English text, before any middleware runs, and it offers no hook for that
(aio-libs/aiohttp#3287). So the server makes connections with a RequestHandler of our own
that overrides handle_error, and refuses connections over the cap before aiohttp sees them.
A connection still on one request after RESPONSE_LIMIT (a client that stopped reading its
reply, which no read timeout covers) is cut, so that nobody holds a place for long.
Both lean on aiohttp's internals as of the range pinned in pyproject.toml;
tests/test_protocol_errors.py fails if aiohttp changes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import weakref

import aiohttp_jinja2
from aiohttp import web

from .app import server_options
from .keys import SETTINGS
from .middlewares import MESSAGES, RETRY_AFTER, SECURITY_HEADERS, dumps, wants_json

log = logging.getLogger("bot.access")

# The start of a request line: what a connection's latest request asked for, to answer its
# parse error in JSON under /api/. Only the chunk's start is looked at, a few bytes each.
REQUEST_LINE = re.compile(rb"[^ \r\n]{1,20} +(/[!-~]{0,2000})")
BUSY = "服务器正忙，请稍后再试。"
# Over the cap, how long a connection may take to send its request line before it is shut.
BUSY_WAIT = 1.0
# A connection still on one request after this long (most often: its client stopped reading
# the reply) is cut, else a few such clients hold every place under the cap. Bodies have
# their own 20 s limit; the largest reply (the console's export) takes seconds. Checked
# this often.
RESPONSE_LIMIT, STALL_CHECK = 60.0, 5.0


def error_body(app: web.Application, path: str, status: int, message: str) -> web.Response:
    """JSON under /api/, the friendly error page elsewhere; never anything of aiohttp's own."""
    if wants_json(path):
        response = web.json_response({"error": message}, status=status, dumps=dumps)
    else:
        page = aiohttp_jinja2.get_env(app).get_template("error.html")
        response = web.Response(
            text=page.render(status=status, message=message),
            status=status,
            content_type="text/html",
        )
    response.headers.update(SECURITY_HEADERS)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    response.force_close()
    return response


def _path(data: bytes) -> str:
    match = REQUEST_LINE.match(data)
    return match[1].decode("ascii") if match else ""


class ServiceHandler(web.RequestHandler):
    """aiohttp's protocol, answering what it cannot parse as every other error is answered."""

    __slots__ = ("__weakref__", "_app", "_path", "requests")

    def __init__(self, manager: ServiceServer, **kwargs) -> None:
        super().__init__(manager, **kwargs)
        self._app = manager.app
        self._path = ""
        self.requests = 0  # begun on this connection: which one it is on

    async def _handle_request(self, request, start_time, request_handler):
        self.requests += 1
        return await super()._handle_request(request, start_time, request_handler)

    @property
    def on_request(self) -> int | None:
        """The request the connection is on (handled or its reply being sent), if any."""
        return self.requests if self._request_in_progress else None

    def data_received(self, data: bytes) -> None:
        # A chunk that starts a request starts with its request line.
        self._path = _path(data) or self._path
        super().data_received(data)

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status >= 500:
            # aiohttp's log line with the traceback; it raises when a response has started.
            super().handle_error(request, status, exc, message)
        else:
            # The kind only: aiohttp's message quotes the request's bytes, over several lines.
            log.info(
                "%s sent a request that cannot be read (%s)", request.remote, type(exc).__name__
            )
        return error_body(self._app, self._path, status, MESSAGES.get(status, MESSAGES[400]))


class Busy(asyncio.Protocol):
    """A connection over the cap: a 503 with Retry-After as soon as its request line comes,
    then closed; closed without a word if nothing comes soon."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        asyncio.get_running_loop().call_later(BUSY_WAIT, transport.close)

    def data_received(self, data: bytes) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        response = error_body(self.app, _path(data), 503, BUSY)
        head = [f"HTTP/1.1 503 {response.reason}"]
        head += [f"{name}: {value}" for name, value in response.headers.items()]
        head += [f"Content-Length: {len(response.body)}", "Connection: close", "", ""]
        self.transport.write("\r\n".join(head).encode("latin-1") + response.body)
        self.transport.close()


class ServiceServer(web.Server):
    """aiohttp's server, making ServiceHandlers while fewer than the cap are open."""

    def __init__(self, server: web.Server, app: web.Application, max_connections: int) -> None:
        super().__init__(
            server.request_handler,
            request_factory=server.request_factory,
            handler_cancellation=server.handler_cancellation,
            loop=server._loop,
            **server._kwargs,
        )
        self.app = app
        self.max_connections = max_connections
        # Made but not yet lost; weak, for a handler whose connection never came (a failed
        # TLS handshake) is never told it was lost.
        self._open: weakref.WeakSet[ServiceHandler] = weakref.WeakSet()
        # The request a connection is on, and since when.
        self._busy: weakref.WeakKeyDictionary[ServiceHandler, tuple[int, float]] = (
            weakref.WeakKeyDictionary()
        )
        self._watching = False

    def __call__(self) -> asyncio.Protocol:
        if self.max_connections and len(self._open) >= self.max_connections:
            return Busy(self.app)
        handler = ServiceHandler(self, loop=self._loop, **self._kwargs)
        self._open.add(handler)
        if not self._watching:
            self._watching = True
            self._loop.call_later(STALL_CHECK, self._cut_stalled)
        return handler

    def _cut_stalled(self) -> None:
        """Abort connections that have been on one request for RESPONSE_LIMIT or longer."""
        now = self._loop.time()
        for handler in list(self._open):
            request = handler.on_request
            seen = self._busy.get(handler)
            if request is None:
                self._busy.pop(handler, None)
            elif seen is None or seen[0] != request:
                self._busy[handler] = (request, now)
            elif now - seen[1] >= RESPONSE_LIMIT and handler.transport is not None:
                log.info("a connection was on one request for %.0f s: cut", now - seen[1])
                handler.transport.abort()
        self._loop.call_later(STALL_CHECK, self._cut_stalled)

    def connection_lost(
        self, handler: web.RequestHandler, exc: BaseException | None = None
    ) -> None:
        self._open.discard(handler)
        super().connection_lost(handler, exc)


class ServiceRunner(web.AppRunner):
    """The app's runner, with our server; the cap is the app's max_connections setting."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        return ServiceServer(server, self.app, self.app[SETTINGS].max_connections)


def run(app: web.Application, host: str, port: int, reuse_port: bool = False) -> None:
    """Serve `app` until SIGINT or SIGTERM, as web.run_app would, with ServiceRunner."""

    async def main() -> None:
        runner = ServiceRunner(app, handle_signals=True, access_log=None, **server_options())
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port, reuse_port=reuse_port).start()
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    with contextlib.suppress(web.GracefulExit, KeyboardInterrupt):
        asyncio.run(main())
