"""Logs: one access line per request with its id and latency; errors logged, never shown."""

from __future__ import annotations

import logging
import re

import pytest
from aiohttp import web

from bot import settings as settings_module
from bot.app import create_app


async def _boom(request: web.Request) -> web.Response:
    raise RuntimeError("secret detail of the failure")


async def test_a_failing_handler_logs_the_request_id_and_answers_without_a_traceback(
    aiohttp_client, settings, kb, caplog
):
    app = create_app(settings, kb)
    app.router.add_get("/api/boom", _boom)
    client = await aiohttp_client(app)
    with caplog.at_level(logging.INFO):
        resp = await client.get("/api/boom", headers={"X-Request-Id": "req-42"})
        text = await resp.text()
    assert resp.status == 500
    assert resp.headers["X-Request-Id"] == "req-42"
    assert "Traceback" not in text and "secret detail" not in text
    assert set(await resp.json()) == {"error"}
    [error] = [r for r in caplog.records if r.name == "bot.error"]
    assert "req-42" in error.getMessage()
    assert error.exc_info is not None  # the traceback goes to the log, for us


async def test_each_request_gets_one_access_line_with_its_id_status_and_latency(client, caplog):
    with caplog.at_level(logging.INFO, logger="bot.access"):
        resp = await client.get("/healthz")
    rid = resp.headers["X-Request-Id"]
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.access"]
    assert len(lines) == 1
    assert re.fullmatch(rf"{rid} GET /healthz 200 \d+\.\dms", lines[0])


async def test_refusals_are_logged_with_their_status(client, caplog):
    with caplog.at_level(logging.INFO, logger="bot.access"):
        await client.post("/api/chat", data=b"{", headers={"Content-Type": "application/json"})
        await client.get("/no/such/page")
    statuses = [r.getMessage().split()[3] for r in caplog.records if r.name == "bot.access"]
    assert statuses == ["400", "404"]


async def test_a_history_poll_with_nothing_new_is_logged_at_debug_and_the_rest_at_info(
    client, caplog
):
    await client.post("/api/chat", json={"text": "怎么登录"})
    with caplog.at_level(logging.DEBUG, logger="bot.access"):
        first = await (await client.get("/api/history")).json()
        newest = first["messages"][-1]["id"]
        await client.get(f"/api/history?after={newest - 1}")  # the bot's reply is new
        await client.get(f"/api/history?after={newest}")  # nothing new
        await client.get("/api/history?after=x")  # refused
        await client.post("/api/chat", json={"text": "谢谢"})
    lines = [
        (r.levelname, r.getMessage().split()[3]) for r in caplog.records if r.name == "bot.access"
    ]
    assert lines == [
        ("INFO", "200"),
        ("INFO", "200"),
        ("DEBUG", "200"),
        ("INFO", "400"),
        ("INFO", "200"),
    ]


@pytest.mark.parametrize("given", ["x" * 65, "a b", "<script>", "id\u00e9"])
async def test_an_unusable_request_id_from_outside_is_replaced(client, given):
    resp = await client.get("/healthz", headers={"X-Request-Id": given})
    assert re.fullmatch(r"[0-9a-f]{12,}", resp.headers["X-Request-Id"])


async def test_each_request_gets_an_id_of_its_own(client):
    ids = set()
    for _ in range(3):
        resp = await client.get("/healthz")
        ids.add(resp.headers["X-Request-Id"])
    assert len(ids) == 3


def test_the_log_level_comes_from_the_environment():
    assert settings_module.load(None, {"BOT_LOG_LEVEL": "warning"}).log_level == "warning"


def test_an_unknown_log_level_stops_the_start_with_a_clear_message():
    with pytest.raises(SystemExit, match="BOT_LOG_LEVEL"):
        settings_module.load(None, {"BOT_LOG_LEVEL": "loud"})
