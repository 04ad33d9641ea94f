"""A teacher answers a welder: the reply reaches the chat page, closes the handoff, and goes
out through the welder's channel when it has one (WeChat)."""

from __future__ import annotations

import pytest

from bot.keys import OUTBOUND, OutboundError
from tests.teacher_support import TEACHER, database_of, logged_in, own_session, welder_says

REPLY = "张师傅您好，照片要 2 寸白底彩照。"


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def reply(client, csrf: str, welder: int, text: str = REPLY):
    return await client.post(
        f"/teacher/welders/{welder}/reply", data={"text": text, "csrf": csrf}, allow_redirects=False
    )


async def test_the_welder_sees_the_reply_in_the_chat_history(client, teacher):
    async with own_session(client) as welder:
        asked = await (await welder.post("/api/chat", json={"text": "找老师"})).json()
        resp = await reply(client, teacher, 1)
        assert resp.status == 303
        history = await (
            await welder.get("/api/history", params={"after": asked["message_id"]})
        ).json()
    assert [(m["role"], m["text"]) for m in history["messages"]] == [("teacher", REPLY)]


async def test_the_reply_is_stored_as_the_teachers_at_the_welders_stage(client, teacher):
    welder = await welder_says(client, "我已经提交了")
    await reply(client, teacher, welder)
    row = await database_of(client).fetchone("SELECT * FROM messages WHERE role = 'teacher'")
    assert (row["text"], row["teacher"], row["stage"], row["channel"]) == (
        REPLY,
        TEACHER,
        "review",
        "web",
    )


async def test_the_transcript_shows_the_reply_as_from_the_teacher(client, teacher):
    welder = await welder_says(client, "找老师")
    resp = await client.post(
        f"/teacher/welders/{welder}/reply", data={"text": REPLY, "csrf": teacher}
    )
    html = await resp.text()
    assert "回复已发出" in html
    assert 'data-role="teacher"' in html
    assert f"{TEACHER} · 今天" in html


async def test_the_reply_closes_the_welders_open_handoff(client, teacher):
    welder = await welder_says(client, "找老师", "找老师")
    await reply(client, teacher, welder)
    rows = await database_of(client).fetchall("SELECT resolved_at, resolved_by FROM handoffs")
    assert len(rows) == 2
    assert all(r["resolved_at"] and r["resolved_by"] == TEACHER for r in rows)
    html = await (await client.get("/teacher/")).text()
    assert "没有等待回复的焊工" in html


@pytest.mark.parametrize(("text", "status"), [("   ", 400), ("字" * 1001, 413)])
async def test_an_empty_or_too_long_reply_is_refused_and_not_stored(client, teacher, text, status):
    welder = await welder_says(client, "找老师")
    resp = await reply(client, teacher, welder, text)
    assert resp.status == status
    assert (
        await database_of(client).fetchall("SELECT id FROM messages WHERE role = 'teacher'") == []
    )


async def test_a_reply_to_a_wechat_welder_also_goes_out_through_wechat(client, teacher):
    sent = []

    async def send(external_id: str, text: str) -> None:
        sent.append((external_id, text))

    client.app[OUTBOUND]["wechat"] = send
    welder = await welder_says(client, "找老师", uid="openid-123", channel="wechat")
    assert (await reply(client, teacher, welder)).status == 303
    assert sent == [("openid-123", REPLY)]


async def test_a_failed_wechat_delivery_is_shown_and_the_reply_kept(client, teacher):
    async def send(external_id: str, text: str) -> None:
        raise OutboundError("焊工超过 48 小时没有发消息，微信不允许再主动发送。")

    client.app[OUTBOUND]["wechat"] = send
    welder = await welder_says(client, "找老师", uid="openid-123", channel="wechat")
    resp = await reply(client, teacher, welder)
    html = await resp.text()
    assert "回复已保存，但没能发到微信公众号" in html
    assert "超过 48 小时" in html
    rows = await database_of(client).fetchall("SELECT text FROM messages WHERE role = 'teacher'")
    assert [r["text"] for r in rows] == [REPLY]
