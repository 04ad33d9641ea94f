"""Slow clients cannot hold connections: header and body read timeouts."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket

import pytest

from bot import app, http_server, middlewares
from bot.app import create_app
from tests.conftest import serve
from tests.raw_http import send

SLACK = 10.0  # generous: the machine is shared; the point is that the server hangs up


@pytest.fixture
async def quick(aiohttp_client, settings, kb):
    """The service with a one-second header timeout."""
    return await serve(aiohttp_client, create_app(settings, kb), keepalive_timeout=1.0)


async def test_a_client_trickling_its_headers_is_disconnected(quick):
    reader, writer = await asyncio.open_connection(quick.host, quick.port)
    try:
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")

        async def trickle():
            for n in range(1000):
                writer.write(b"X-Slow-%d: 1\r\n" % n)
                await writer.drain()
                await asyncio.sleep(0.2)

        trickling = asyncio.create_task(trickle())
        got = await asyncio.wait_for(reader.read(), SLACK)  # EOF: the server hung up
        trickling.cancel()
        assert got == b""
    finally:
        writer.close()


async def test_an_idle_connection_is_closed(quick):
    reader, writer = await asyncio.open_connection(quick.host, quick.port)
    try:
        assert await asyncio.wait_for(reader.read(), SLACK) == b""
    finally:
        writer.close()


async def test_a_body_sent_too_slowly_gets_a_408(aiohttp_client, settings, kb, monkeypatch):
    monkeypatch.setattr(middlewares, "BODY_TIMEOUT", 0.5)
    client = await serve(
        aiohttp_client, create_app(dataclasses.replace(settings, rate_per_minute=0), kb)
    )
    reader, writer = await asyncio.open_connection(client.host, client.port)
    try:
        writer.write(
            b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text":'
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.readuntil(b"\r\n"), SLACK)
        assert answer.startswith(b"HTTP/1.1 408")
        # The rest of the body was never read: the connection ends with the answer.
        await asyncio.wait_for(reader.read(), app.LINGER + SLACK)
        assert reader.at_eof()
    finally:
        writer.close()


async def test_a_client_gone_mid_body_is_no_server_error(aiohttp_client, settings, kb, caplog):
    client = await serve(
        aiohttp_client, create_app(dataclasses.replace(settings, rate_per_minute=0), kb)
    )
    for path in (b"/api/chat", b"/teacher/login"):
        _, writer = await asyncio.open_connection(client.host, client.port)
        writer.write(b"POST " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nuser")
        await writer.drain()
        writer.close()
        await writer.wait_closed()
    await asyncio.sleep(0.5)
    assert "Traceback" not in caplog.text and "failed" not in caplog.text
    assert (await client.get("/healthz")).status == 200


async def test_a_normal_request_is_not_hurried(quick):
    resp = await send(quick, b"GET /healthz HTTP/1.1\r\nHost: x")
    assert resp.status == 200


async def test_a_client_that_stops_reading_its_replies_is_cut(quick, monkeypatch):
    monkeypatch.setattr(http_server, "RESPONSE_LIMIT", 1.0)
    monkeypatch.setattr(http_server, "STALL_CHECK", 0.2)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (quick.host, quick.port))
    reader, writer = await asyncio.open_connection(sock=sock)
    asked = 300  # of a 30 KB script: megabytes of replies nobody reads
    try:
        writer.write(b"GET /static/chat.js HTTP/1.1\r\nHost: x\r\n\r\n" * asked)
        await asyncio.sleep(3.0)  # not reading: the replies pile up, unsent
        got = b""
        with contextlib.suppress(ConnectionError):
            while chunk := await asyncio.wait_for(reader.read(1 << 16), SLACK):
                got += chunk
        assert got.count(b"HTTP/1.1 200") < asked
    finally:
        writer.close()
