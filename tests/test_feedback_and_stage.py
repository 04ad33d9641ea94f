"""有用/没用 votes, the welder's own stage correction and the long-wait nudge, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.chat import NOT_HELPFUL, NUDGE
from bot.store import SHANGHAI
from tests.teacher_support import database_of, run_sql

QUESTION = "一网通办电脑上用哪种浏览器"


async def ask(client, text=QUESTION):
    resp = await client.post("/api/chat", json={"text": text})
    assert resp.status == 200
    return await resp.json()


async def history(client):
    return await (await client.get("/api/history")).json()


async def test_chat_returns_the_stored_reply_id(client):
    body = await ask(client)
    messages = (await history(client))["messages"]
    assert messages[-1]["id"] == body["message_id"]
    assert messages[-1]["role"] == "bot"


async def test_a_helpful_vote_is_recorded_and_offers_nothing(client):
    body = await ask(client)
    resp = await client.post(
        "/api/feedback", json={"message_id": body["message_id"], "helpful": True}
    )
    assert resp.status == 200
    assert (await resp.json())["offer_id"] is None
    messages = (await history(client))["messages"]
    assert messages[-1]["helpful"] is True
    assert len(messages) == 2


async def test_not_helpful_offers_other_words_or_a_teacher(client):
    body = await ask(client)
    resp = await client.post(
        "/api/feedback", json={"message_id": body["message_id"], "helpful": False}
    )
    offer = (await resp.json())["offer_id"]
    messages = (await history(client))["messages"]
    assert messages[-2]["helpful"] is False
    assert messages[-1]["id"] == offer
    assert messages[-1]["text"] == NOT_HELPFUL
    assert "找老师" in messages[-1]["quick_replies"]


async def test_a_vote_on_another_welders_message_is_not_found(client):
    body = await ask(client)
    client.session.cookie_jar.clear()
    await ask(client, "你好")  # now another welder, with a cookie of their own
    resp = await client.post(
        "/api/feedback", json={"message_id": body["message_id"], "helpful": False}
    )
    assert resp.status == 404
    assert "error" in await resp.json()
    client.session.cookie_jar.clear()
    resp = await client.post(
        "/api/feedback", json={"message_id": body["message_id"], "helpful": True}
    )
    assert resp.status == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message_id": "1", "helpful": True},
        {"message_id": 1},
        {"message_id": True, "helpful": True},
        {"message_id": 1, "helpful": "yes"},
    ],
)
async def test_a_malformed_vote_gets_a_clear_error(client, body):
    resp = await client.post("/api/feedback", json=body)
    assert resp.status == 400
    assert (await resp.json())["error"]


async def test_the_welder_corrects_their_stage_and_it_is_their_own_change(client):
    await ask(client)
    resp = await client.post("/api/stage", json={"stage": "review"})
    assert resp.status == 200
    data = await history(client)
    assert data["stage"] == "review"
    assert data["messages"][-2]["text"] == "不对，我已经到「等待审批」了"
    assert "办件查询" in data["messages"][-1]["text"]
    rows = await database_of(client).fetchall(
        "SELECT to_stage, changed_by FROM stage_changes ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [("preparation", None), ("review", "welder")]
    assert (await ask(client, "我的进度"))["stage"] == "review"


@pytest.mark.parametrize("stage", ["nowhere", "", 3, None, ["review"]])
async def test_an_unknown_stage_gets_a_clear_error(client, stage):
    resp = await client.post("/api/stage", json={"stage": stage})
    assert resp.status == 400
    assert (await resp.json())["error"]


async def _waiting_since(client, days: int) -> None:
    await ask(client, "我提交了")
    assert (await history(client))["stage"] == "review"
    then = (datetime.now(SHANGHAI) - timedelta(days=days)).isoformat(timespec="milliseconds")

    await run_sql(client, "UPDATE stage_changes SET at = $1", then)


async def test_a_long_wait_in_review_gets_one_nudge_with_the_next_message(client):
    await _waiting_since(client, 20)
    assert NUDGE in (await ask(client, "要等多久"))["reply"]
    assert NUDGE not in (await ask(client, "要等多久"))["reply"]


async def test_a_long_wait_in_review_gets_a_nudge_on_the_next_visit(client):
    await _waiting_since(client, 20)
    first = (await history(client))["messages"]
    assert first[-1]["text"] == NUDGE
    assert "找老师" in first[-1]["quick_replies"]
    assert (await history(client))["messages"] == first  # once, not on every visit


async def test_a_short_wait_gets_no_nudge(client):
    await _waiting_since(client, 7)  # at most 5 working days
    assert NUDGE not in (await ask(client, "要等多久"))["reply"]
    assert all(m["text"] != NUDGE for m in (await history(client))["messages"])
