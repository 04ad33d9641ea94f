"""A welder can page back through all of history, and a resent message is stored once."""

from __future__ import annotations

import asyncio

from bot.channels import web
from tests.teacher_support import database_of, own_session


async def welder_id(client) -> int:
    row = await database_of(client).fetchone("SELECT id FROM welders WHERE channel = 'web'")
    return row["id"]


async def test_history_pages_back_through_everything_oldest_first(client, monkeypatch):
    monkeypatch.setattr(web, "HISTORY_PAGE", 4)
    for n in range(5):  # ten messages: five questions and five replies
        await client.post("/api/chat", json={"text": f"第{n}个问题"})
    seen, params = [], {}
    while True:
        body = await (await client.get("/api/history", params=params)).json()
        ids = [m["id"] for m in body["messages"]]
        assert ids == sorted(ids)
        seen = ids + seen
        if not body["has_more"]:
            assert body["cursor"] is None
            break
        params = {"before": body["cursor"]}
    assert len(seen) == 10 == len(set(seen))
    assert seen == sorted(seen)


async def test_the_newest_page_says_there_is_more(client, monkeypatch):
    monkeypatch.setattr(web, "HISTORY_PAGE", 4)
    for n in range(3):
        await client.post("/api/chat", json={"text": f"第{n}个问题"})
    body = await (await client.get("/api/history")).json()
    assert body["has_more"] is True
    assert body["cursor"] == body["messages"][0]["id"]
    assert len(body["messages"]) == 4


async def test_history_after_an_id_pages_forward(client, monkeypatch):
    monkeypatch.setattr(web, "HISTORY_PAGE", 4)
    for n in range(3):
        await client.post("/api/chat", json={"text": f"第{n}个问题"})
    first = await (await client.get("/api/history", params={"after": 0})).json()
    assert first["has_more"] is True
    rest = await (await client.get("/api/history", params={"after": first["cursor"]})).json()
    assert rest["has_more"] is False
    assert len(first["messages"]) + len(rest["messages"]) == 6


async def test_a_resend_with_the_same_client_id_is_stored_and_answered_once(client):
    sent = {"text": "一网通办用什么浏览器", "client_id": "3f1c0a9e-2b7d-4c1e-9a55-0d8e6b7f1a23"}
    first = await (await client.post("/api/chat", json=sent)).json()
    again = await (await client.post("/api/chat", json=sent)).json()
    assert again == first
    rows = await database_of(client).fetchall("SELECT id FROM messages")
    assert len(rows) == 2


async def test_concurrent_resends_are_stored_once(client):
    await client.post("/api/chat", json={"text": "你好"})  # the cookie first
    sent = {"text": "怎么登录", "client_id": "resend-race-1"}
    answers = await asyncio.gather(*(client.post("/api/chat", json=sent) for _ in range(5)))
    ids = {(await a.json())["message_id"] for a in answers}
    assert len(ids) == 1
    questions = await database_of(client).fetchall(
        "SELECT id FROM messages WHERE text = '怎么登录'"
    )
    assert len(questions) == 1


async def test_a_new_client_id_is_a_new_message(client):
    for n in range(2):
        await client.post("/api/chat", json={"text": "你好", "client_id": f"id-{n}"})
    assert len(await database_of(client).fetchall("SELECT id FROM messages")) == 4


async def test_a_message_without_a_client_id_still_works(client):
    resp = await client.post("/api/chat", json={"text": "你好"})
    assert resp.status == 200


async def test_client_ids_are_per_welder(client):
    sent = {"text": "你好", "client_id": "same-id"}
    await client.post("/api/chat", json=sent)
    async with own_session(client) as other:  # another browser
        await other.post("/api/chat", json=sent)
    assert len(await database_of(client).fetchall("SELECT id FROM messages")) == 4


async def test_a_malformed_client_id_is_a_400(client):
    for bad in (42, "", "a" * 65, "含中文", "a b", ["x"]):
        resp = await client.post("/api/chat", json={"text": "你好", "client_id": bad})
        assert resp.status == 400, bad
