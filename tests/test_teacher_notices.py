"""Notices by stage: one teacher message to every welder at a stage, in their chat and, within
WeChat's 48-hour window, as a customer-service message (WeChat's servers stood in for)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot.app import create_app
from bot.keys import CHAT, STORE
from bot.teacher import clock
from tests.teacher_support import (
    TEACHER,
    add_teacher,
    csrf_token,
    database_of,
    login,
    run_sql,
)
from tests.test_wechat_api import APP_ID, SECRET, StandIn

NOTICE = "本周区局审批较慢，请耐心等待<不要>重复提交。"


@pytest.fixture
async def wechat_api(aiohttp_server):
    stand_in = StandIn()
    server = await aiohttp_server(stand_in.app())
    stand_in.base = str(server.make_url(""))
    return stand_in


@pytest.fixture
async def console(aiohttp_client, settings, kb, wechat_api):
    cfg = dataclasses.replace(
        settings,
        wechat_token="tok",
        wechat_app_id=APP_ID,
        wechat_app_secret=SECRET,
        wechat_api_base=wechat_api.base,
    )
    client = await aiohttp_client(create_app(cfg, kb))
    await add_teacher(client)
    await login(client)
    client.csrf = await csrf_token(client)
    return client


async def says(client, channel: str, uid: str, text: str) -> int:
    await client.app[CHAT].handle(channel, uid, text)
    return await client.app[STORE].welder_id(channel, uid)


async def notice(client, stage: str, text: str = NOTICE):
    data = {"csrf": client.csrf, "stage": stage, "text": text}
    return await client.post("/teacher/notices", data=data, allow_redirects=False)


async def test_a_notice_reaches_every_welder_at_the_stage(console, wechat_api):
    web_a = await says(console, "web", "a", "我已经提交了")
    web_b = await says(console, "web", "b", "电脑上用什么浏览器")
    recent = await says(console, "wechat", "o-recent", "我已经提交了")
    quiet = await says(console, "wechat", "o-quiet", "我已经提交了")
    old = clock.stamp(clock.now().replace(year=2020))
    await run_sql(console, "UPDATE welders SET last_seen = $1 WHERE id = $2", old, quiet)

    resp = await notice(console, "review")
    assert resp.status == 303
    assert "noticed=3" in resp.headers["Location"]
    page = await (await console.get(resp.headers["Location"])).text()
    assert "3 位焊工" in page

    store = console.app[STORE]
    for welder in (web_a, recent, quiet):
        last = (await store.history(welder))[-1]
        assert (last.role, last.kind, last.text, last.teacher) == (
            "teacher",
            "notice",
            NOTICE,
            TEACHER,
        )
    assert (await store.history(web_b))[-1].role == "bot"

    for _ in range(100):  # sent in the background
        if wechat_api.sent:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)
    assert [body["touser"] for _, body in wechat_api.sent] == ["o-recent"]
    assert wechat_api.sent[0][1]["text"]["content"] == NOTICE


async def test_the_welder_sees_the_notice_in_the_chat_history(console):
    await console.post("/api/chat", json={"text": "我已经提交了"})
    await notice(console, "review")
    messages = (await (await console.get("/api/history")).json())["messages"]
    assert (messages[-1]["role"], messages[-1]["kind"], messages[-1]["text"]) == (
        "teacher",
        "notice",
        NOTICE,
    )


@pytest.mark.parametrize(
    ("stage", "text"), [("nowhere", NOTICE), ("review", ""), ("review", "长" * 501)]
)
async def test_a_bad_notice_is_refused_and_stores_nothing(console, stage, text):
    await says(console, "web", "a", "我已经提交了")
    resp = await notice(console, stage, text)
    assert "notice_error=1" in resp.headers["Location"]
    row = await database_of(console).fetchone(
        "SELECT COUNT(*) AS n FROM messages WHERE kind = 'notice'"
    )
    assert row["n"] == 0
