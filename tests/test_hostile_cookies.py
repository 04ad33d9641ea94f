"""Cookies a stranger made up: undecodable or wrongly signed reads as no cookie, on every page."""

from __future__ import annotations

import re

import pytest

from bot.app import create_app
from tests.conftest import serve
from tests.raw_http import send
from tests.teacher_support import PASSWORD, TEACHER, add_teacher, logged_in
from tests.tls import server_context

ODD_VALUES = [
    b"ab\xff.cd",  # a byte that is not UTF-8
    "中文.签名".encode(),  # UTF-8, but not ASCII
    b"%E4%B8%AD.x",  # percent-encoded
    b'"quoted\\".x"',
    b"a" * 5000,
    b"uid.",
    b".sig",
    b"uid.not-the-signature",
]
PAGES = [b"/", b"/api/history", b"/api/profile", b"/teacher/", b"/teacher/login", b"/healthz"]


@pytest.mark.parametrize("name", [b"welder", b"teacher_session"])
@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("path", PAGES)
async def test_an_odd_cookie_reads_as_no_cookie(client, name, value, path):
    resp = await send(
        client, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nCookie: " + name + b"=" + value
    )
    assert resp.status in (200, 303), resp
    if path.startswith(b"/teacher/") and path != b"/teacher/login":
        assert resp.headers["location"].startswith("/teacher/login")


@pytest.mark.parametrize("value", ODD_VALUES)
async def test_a_chat_with_an_odd_cookie_is_a_new_welder(client, value):
    head = (
        b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nCookie: welder="
    )
    resp = await send(client, head + value, '{"text": "浏览器"}'.encode())
    assert resp.status == 200
    assert "welder=" in resp.headers["set-cookie"]


async def test_a_logged_in_teacher_with_an_odd_second_cookie_still_gets_pages(client):
    await logged_in(client)
    resp = await client.get("/teacher/", headers={"Cookie": "welder=\u00e9.x"})
    assert resp.status in (200, 303)


async def test_cookies_are_secure_over_https(aiohttp_client, settings, kb, tmp_path):
    client = await serve(
        aiohttp_client, create_app(settings, kb), scheme="https", ssl=server_context(tmp_path)
    )
    await add_teacher(client)
    welder = await client.get("/", ssl=False)
    assert welder.cookies["welder"]["secure"]
    form = await (await client.get("/teacher/login", ssl=False)).text()
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    data = {"username": TEACHER, "password": PASSWORD, "csrf": token}
    resp = await client.post("/teacher/login", data=data, ssl=False, allow_redirects=False)
    assert resp.status == 303
    assert resp.cookies["teacher_session"]["secure"]


async def test_cookies_are_not_secure_over_plain_http(client):
    resp = await client.get("/")
    assert not resp.cookies["welder"]["secure"]
