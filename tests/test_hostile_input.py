"""Malformed requests get a clear 4xx, never a 500: bodies, parameters, methods and text."""

from __future__ import annotations

import dataclasses
import gzip
import json

import pytest

from bot.app import create_app
from bot.channels.wechat_crypto import is_fresh
from bot.channels.wechat_xml import XmlError, parse_message
from tests.raw_http import send
from tests.teacher_support import logged_in, welder_says

CHAT = b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
FORM = b"Content-Type: application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("head", "body", "status"),
    [
        (CHAT + b"\r\nContent-Encoding: gzip", b"not gzip at all", 415),
        (CHAT + b"\r\nContent-Encoding: gzip", gzip.compress(b'{"text": "hi"}'), 415),
        (CHAT + b"\r\nContent-Encoding: deflate", b"not deflate", 415),
        (CHAT + b"\r\nContent-Encoding: rot13", b"{}", 415),
        (CHAT + b"\r\nContent-Encoding: br", b"not brotli", 415),
        (CHAT + b"\r\nContent-Encoding: zstd", b"not zstd", 415),
        (
            b"POST /teacher/login HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n" + FORM,
            b"x",
            415,
        ),
        (b"POST /wechat HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip", b"<xml/>", 415),
        (CHAT, b"[" * 30_000 + b"]" * 30_000, 400),
        (CHAT, b'{"a":' * 6_000 + b"1" + b"}" * 6_000, 400),
    ],
)
async def test_a_malformed_body_gets_a_clear_error(client, head, body, status):
    resp = await send(client, head, body)
    assert resp.status == status, resp
    if b"/api/" in head:
        assert json.loads(resp.body)["error"]


@pytest.mark.parametrize(
    "after", ["9223372036854775808", "99999999999999999999", "-1", "abc", "²", "1e3", " 1"]
)
async def test_history_refuses_an_after_that_is_not_a_small_whole_number(client, after):
    await client.post("/api/chat", json={"text": "你好"})  # a known welder: the query would run
    resp = await client.get("/api/history", params={"after": after})
    assert resp.status == 400
    assert "after" in (await resp.json())["error"]


@pytest.mark.parametrize(
    "text",
    ["\u200b", "\u200b\u200c\u200d\ufeff", "\u3000\u00a0 \u2060", "\u202e\u200f", "\x00\x07"],
)
async def test_text_of_only_invisible_characters_counts_as_empty(client, text):
    resp = await client.post("/api/chat", json={"text": text})
    assert resp.status == 400
    assert "空" in (await resp.json())["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/api/chat"), ("GET", "/api/chat"), ("PUT", "/teacher/login"), ("PATCH", "/")],
)
async def test_every_405_says_which_methods_are_allowed(client, method, path):
    resp = await client.request(method, path, allow_redirects=False)
    assert resp.status == 405
    assert resp.headers["Allow"]


async def test_a_405_in_the_console_says_which_methods_are_allowed(client):
    token = await logged_in(client)
    resp = await client.put("/teacher/welders/1/reply", data={"csrf": token}, allow_redirects=False)
    assert resp.status == 405
    assert "POST" in resp.headers["Allow"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/teacher/welders/%C2%B2", 404),
        ("/teacher/welders/" + "9" * 30, 404),
        ("/teacher/improve/changes/" + "9" * 30, 404),
        ("/teacher/improve/changes/%C2%B2", 404),
        ("/teacher/improve?message=" + "9" * 30, 200),
        ("/teacher/conversations?q=%00abc", 200),
        ("/teacher/roster?q=%00abc", 200),
        ("/teacher/conversations?q=%22%00%22%20OR%20NEAR(", 200),
        ("/teacher/conversations?end=9999-12-31", 200),
        ("/teacher/conversations?start=0001-01-01&end=0001-01-02", 200),
        ("/teacher/conversations?page=" + "9" * 30, 200),
        ("/teacher/export/transcripts.csv?start=9999-12-01&end=9999-12-31", 400),
        ("/teacher/export/transcripts.jsonl?start=0001-01-01&end=0001-01-31", 400),
    ],
)
async def test_odd_console_parameters_get_a_page_not_a_500(client, path, status):
    await logged_in(client)
    await welder_says(client, "abc 怎么登录")
    resp = await client.get(path, allow_redirects=False)
    assert resp.status == status
    assert "<html" in await resp.text()


async def test_a_date_out_of_range_is_explained_on_the_conversations_page(client):
    await logged_in(client)
    resp = await client.get("/teacher/conversations?end=9999-12-31")
    assert "看不懂" in await resp.text()


async def test_a_400_digit_timestamp_is_refused_before_any_arithmetic():
    assert not is_fresh("9" * 400, 1_700_000_000, 300)


async def test_a_400_digit_timestamp_on_wecom_is_a_403(aiohttp_client, settings, kb):
    wecom = {
        "wecom_token": "wecomtoken",
        "wecom_corp_id": "ww0123456789abcdef",
        "wecom_aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    }
    client = await aiohttp_client(create_app(dataclasses.replace(settings, **wecom), kb))
    resp = await client.post(
        "/wecom", params={"timestamp": "9" * 400, "nonce": "1"}, data=b"<xml/>"
    )
    assert resp.status == 403


@pytest.mark.parametrize(
    "encoding",
    ["rot13", "zlib", "base64", "bz2", "hex", "uu", "quopri", "utf-16", "unicode_escape"],
)
def test_xml_declaring_anything_but_utf8_is_refused(encoding):
    body = f'<?xml version="1.0" encoding="{encoding}"?><xml><a>b</a></xml>'.encode()
    with pytest.raises(XmlError):
        parse_message(body)


def test_xml_declaring_utf8_is_read():
    assert parse_message(b"<?xml version='1.0' encoding='UTF-8'?><xml><a>b</a></xml>") == {"a": "b"}


@pytest.mark.parametrize(
    "path", ["/", "/api/history", "/static/chat.js", "/nowhere", "/teacher/login"]
)
async def test_every_response_forbids_framing_sniffing_and_foreign_scripts(client, path):
    resp = await client.get(path, allow_redirects=False)
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp


async def test_the_chat_page_has_no_inline_script_for_the_policy_to_block(client):
    html = await (await client.get("/")).text()
    assert "<script>" not in html
    assert " on" + "click=" not in html


async def test_the_friendly_error_page_is_styled_within_the_content_security_policy(client):
    # The CSP allows styles from the site only: an inline <style> would be blocked.
    resp = await client.get("/no/such/page")
    page = await resp.text()
    assert resp.status == 404 and "<style" not in page
    assert 'href="/static/error.css"' in page
    css = await client.get("/static/error.css")
    assert css.status == 200 and css.content_type == "text/css"
