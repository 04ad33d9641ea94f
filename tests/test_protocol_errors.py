"""What aiohttp cannot parse is answered in our words, and connections over the cap get a 503.

These requests never reach a middleware: aiohttp refuses them while parsing. They pass
through bot/http_server.py's handler, which leans on aiohttp's internals; if aiohttp
changes them, these tests fail.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging

import aiohttp
import pytest

from bot.app import create_app
from bot.middlewares import MESSAGES
from tests.conftest import serve
from tests.raw_http import exchange

HOST = b"Host: x\r\n"
JSON = b"Content-Type: application/json\r\n"
# Each is the whole of what a client sends, with the path replaced by {path}.
BROKEN = {
    "a Content-Length that is not a number": b"POST {path} HTTP/1.1\r\n"
    + HOST
    + JSON
    + b"Content-Length: abc\r\n\r\n{}",
    "two Content-Lengths that disagree": b"POST {path} HTTP/1.1\r\n"
    + HOST
    + JSON
    + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    "Content-Length with Transfer-Encoding": b"POST {path} HTTP/1.1\r\n"
    + HOST
    + JSON
    + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "a chunk size that is not hexadecimal": b"POST {path} HTTP/1.1\r\n"
    + HOST
    + JSON
    + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "an unknown transfer coding": b"POST {path} HTTP/1.1\r\n"
    + HOST
    + b"Transfer-Encoding: rot13\r\n\r\n",
    "an overlong header line": b"GET {path} HTTP/1.1\r\n"
    + HOST
    + b"X-Long: "
    + b"a" * 20_000
    + b"\r\n\r\n",
    "a header without a colon": b"GET {path} HTTP/1.1\r\n" + HOST + b"no colon here\r\n\r\n",
    "a control character in the method": b"G\x01T {path} HTTP/1.1\r\n" + HOST + b"\r\n",
    "an HTTP version that does not exist": b"GET {path} HTTP/7.3\r\n" + HOST + b"\r\n",
    "a version that is not HTTP": b"GET {path} FTP/1.1\r\n" + HOST + b"\r\n",
}


@pytest.mark.parametrize("request_bytes", BROKEN.values(), ids=BROKEN.keys())
async def test_an_unreadable_api_request_gets_json_in_chinese(client, request_bytes):
    resp = await exchange(client, request_bytes.replace(b"{path}", b"/api/chat"))
    assert resp.status == 400, resp
    assert resp.headers["content-type"].startswith("application/json")
    assert json.loads(resp.body) == {"error": MESSAGES[400]}
    assert resp.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("request_bytes", BROKEN.values(), ids=BROKEN.keys())
async def test_an_unreadable_page_request_gets_the_friendly_page(client, request_bytes):
    resp = await exchange(client, request_bytes.replace(b"{path}", b"/teacher/login"))
    assert resp.status == 400, resp
    assert resp.headers["content-type"].startswith("text/html")
    page = resp.body.decode()
    assert MESSAGES[400].rstrip("。") in page
    assert "Bad Request" not in page and "Traceback" not in page


async def test_after_a_good_request_a_broken_one_on_the_same_connection_is_named_by_its_path(
    client,
):
    good = b"GET /healthz HTTP/1.1\r\n" + HOST + b"\r\n"
    broken = BROKEN["Content-Length with Transfer-Encoding"].replace(b"{path}", b"/api/chat")
    reader, writer = await asyncio.open_connection(client.host, client.port)
    try:
        writer.write(good)
        first = await asyncio.wait_for(reader.readuntil(b'"ok"}'), 10)
        writer.write(broken)
        second = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    assert first.startswith(b"HTTP/1.1 200")
    assert second.startswith(b"HTTP/1.1 400") or second.startswith(b"HTTP/1.0 400")
    assert json.loads(second.partition(b"\r\n\r\n")[2]) == {"error": MESSAGES[400]}


@pytest.fixture
async def capped(aiohttp_client, settings, kb):
    """The service that takes three connections at a time."""
    cfg = dataclasses.replace(settings, max_connections=3, rate_per_minute=0)
    return await serve(aiohttp_client, create_app(cfg, kb))


async def _welder(client) -> aiohttp.ClientSession:
    """A welder whose page keeps one connection open (keep-alive), after one message."""
    session = aiohttp.ClientSession(
        base_url=str(client.make_url("/")), connector=aiohttp.TCPConnector(limit=1)
    )
    async with session.post("/api/chat", json={"text": "你好"}) as resp:
        assert resp.status == 200
        await resp.read()
    return session


async def test_over_the_cap_a_new_connection_gets_a_503_and_the_welders_carry_on(capped):
    welders = [await _welder(capped) for _ in range(3)]
    try:
        over = await exchange(capped, b"GET /api/history HTTP/1.1\r\n" + HOST + b"\r\n")
        assert over.status == 503
        assert over.headers["retry-after"].isdigit()
        assert "稍后" in json.loads(over.body)["error"]
        page = await exchange(capped, b"GET / HTTP/1.1\r\n" + HOST + b"\r\n")
        assert page.status == 503 and page.headers["content-type"].startswith("text/html")
        for session in welders:  # on their open connections, as before
            async with session.post("/api/chat", json={"text": "下一步"}) as resp:
                assert resp.status == 200
                assert (await resp.json())["reply"]
        await welders.pop().close()
        await asyncio.sleep(0.2)  # the server sees the connection go
        async with (
            aiohttp.ClientSession() as newcomer,
            newcomer.get(capped.make_url("/healthz")) as resp,
        ):
            assert resp.status == 200
    finally:
        for session in welders:
            await session.close()


async def test_over_the_cap_a_silent_connection_is_closed_promptly(capped):
    welders = [await _welder(capped) for _ in range(3)]
    try:
        reader, writer = await asyncio.open_connection(capped.host, capped.port)
        try:
            assert await asyncio.wait_for(reader.read(), 10) == b""
        finally:
            writer.close()
    finally:
        for session in welders:
            await session.close()


async def test_serve_takes_max_connections(live_server_factory):
    url = live_server_factory({"BOT_MAX_CONNECTIONS": "1"}).url
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as holder:
        async with holder.get(url + "/healthz") as resp:
            assert resp.status == 200
        async with aiohttp.ClientSession() as other, other.get(url + "/api/history") as resp:
            assert resp.status == 503
            assert resp.headers["Retry-After"].isdigit()
            assert "稍后" in (await resp.json())["error"]
        async with holder.get(url + "/healthz") as resp:
            assert resp.status == 200


async def test_the_log_names_the_kind_of_error_not_the_bytes_sent(client, caplog):
    caplog.set_level(logging.INFO, logger="bot.access")
    sent = b"GET /api/history HTTP/1.1\r\nHost: x\r\nforged log line here\r\n\r\n"
    assert (await exchange(client, sent)).status == 400
    [line] = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert "forged" not in line and "\n" not in line
