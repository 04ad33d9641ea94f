"""The HTTP contract of the web chat, through the real app over HTTP."""

from __future__ import annotations

import aiohttp
import pytest

from bot import identity

QUESTION = "一网通办电脑上用哪种浏览器"


async def chat(client, text, **kwargs):
    return await client.post("/api/chat", json={"text": text}, **kwargs)


async def test_healthz_answers_ok(client):
    resp = await client.get("/healthz")
    assert resp.status == 200


async def test_chat_answers_with_every_contract_field(client):
    resp = await chat(client, QUESTION)
    assert resp.status == 200
    body = await resp.json()
    assert set(body) >= {"reply", "stage", "answered", "quick_replies", "answer_id"}
    assert body["answered"] is True
    assert body["stage"] == "preparation"
    assert "谷歌" in body["reply"]
    assert isinstance(body["quick_replies"], list)


async def test_first_chat_sets_a_signed_httponly_cookie_for_a_year(client):
    resp = await chat(client, QUESTION)
    morsel = resp.cookies[identity.COOKIE]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) == 365 * 24 * 3600
    assert "." in morsel.value


async def test_unmatched_text_is_not_answered(client):
    body = await (await chat(client, "qwpoeiruty zmxncbv")).json()
    assert body["answered"] is False
    assert body["answer_id"] is None
    assert "老师" in body["reply"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
        ({"data": "text=你好".encode(), "headers": {"Content-Type": "text/plain"}}, 415),
        ({"json": {}}, 400),
        ({"json": {"text": ""}}, 400),
        ({"json": {"text": "   "}}, 400),
        ({"json": {"text": 42}}, 400),
        ({"json": {"text": None}}, 400),
        ({"json": {"text": ["浏览器"]}}, 400),
        ({"json": ["text"]}, 400),
        ({"json": {"text": "问" * 1001}}, 413),
        (
            {
                "data": b'{"text": "' + b"a" * 70000 + b'"}',
                "headers": {"Content-Type": "application/json"},
            },
            413,
        ),
        ({"data": b"\xff\xfe", "headers": {"Content-Type": "application/json"}}, 400),
        ({"data": b'{"text": "\\ud800"}', "headers": {"Content-Type": "application/json"}}, 400),
        (
            {
                "data": b'{"\\uDC00": 1, "text": "\xe9\x97\xae"}',
                "headers": {"Content-Type": "application/json"},
            },
            400,
        ),
        (
            {
                "data": '{"text": "问"}'.encode("utf-16"),
                "headers": {"Content-Type": "application/json"},
            },
            400,
        ),
    ],
    ids=[
        "invalid-json",
        "wrong-content-type",
        "missing-text",
        "empty-text",
        "blank-text",
        "number-text",
        "null-text",
        "list-text",
        "not-an-object",
        "text-over-1000",
        "body-over-64k",
        "not-utf8",
        "lone-surrogate",
        "lone-surrogate-in-a-key",
        "utf16",
    ],
)
async def test_bad_chat_requests_get_a_clear_chinese_error(client, kwargs, status):
    await chat(client, QUESTION)
    before = await (await client.get("/api/history")).json()
    resp = await client.post("/api/chat", **kwargs)
    assert resp.status == status
    body = await resp.json()
    assert set(body) == {"error"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])
    after = await (await client.get("/api/history")).json()
    assert after["messages"] == before["messages"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "\\ud83d\\ude00 \xe9\x97\xae"}',  # an escaped pair is one character
        b'\xef\xbb\xbf{"text": "\xe9\x97\xae"}',  # a byte-order mark before the JSON
        b'{"text": "\\\\ud800"}',  # a backslash, then letters: no surrogate at all
    ],
    ids=["surrogate-pair", "bom", "escaped-backslash"],
)
async def test_unusual_but_valid_json_is_answered(client, body):
    resp = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == 200
    assert (await resp.json())["reply"]


async def test_text_of_exactly_1000_characters_is_accepted(client):
    resp = await chat(client, "浏" * 1000)
    assert resp.status == 200


async def test_unknown_page_gets_a_friendly_404_page(client):
    resp = await client.get("/no/such/page")
    assert resp.status == 404
    assert resp.content_type == "text/html"
    html = await resp.text()
    assert "找不到" in html
    assert "Traceback" not in html


async def test_unknown_api_path_gets_json_404(client):
    resp = await client.get("/api/nothing")
    assert resp.status == 404
    assert "error" in await resp.json()


async def test_wrong_method_gets_a_clear_error(client):
    resp = await client.get("/api/chat")
    assert resp.status == 405
    assert "error" in await resp.json()


async def test_history_restores_the_conversation_oldest_first(client):
    await chat(client, QUESTION)
    await chat(client, "qwpoeiruty")
    body = await (await client.get("/api/history")).json()
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["welder", "bot", "welder", "bot"]
    assert body["messages"][0]["text"] == QUESTION
    assert all(m["time"] for m in body["messages"])


async def test_history_after_an_id_returns_only_newer_messages(client):
    first = await (await chat(client, QUESTION)).json()
    await chat(client, "qwpoeiruty")
    body = await (await client.get(f"/api/history?after={first['message_id']}")).json()
    assert body["messages"][0]["text"] == "qwpoeiruty"


async def test_a_new_visitor_gets_a_welcome_and_no_messages(client):
    body = await (await client.get("/api/history")).json()
    assert body["messages"] == []
    assert body["welcome"]["text"]
    assert len(body["welcome"]["quick_replies"]) >= 2


@pytest.mark.parametrize(
    "cookie",
    ["forged.signature", "garbage", "", ".", "a" * 500, "x.y.z"],
)
async def test_forged_or_damaged_cookie_makes_a_new_anonymous_welder(client, cookie):
    await chat(client, QUESTION)
    real = client.session.cookie_jar.filter_cookies(client.make_url("/"))[identity.COOKIE].value
    uid = real.split(".")[0]
    client.session.cookie_jar.clear()
    forged = cookie if cookie != "x.y.z" else f"{uid}.AAAA"
    resp = await client.get("/api/history", headers={"Cookie": f"{identity.COOKIE}={forged}"})
    assert resp.status == 200
    assert (await resp.json())["messages"] == []


async def test_two_welders_never_see_each_others_messages(client):
    await chat(client, QUESTION)
    async with aiohttp.ClientSession() as other, other.get(client.make_url("/api/history")) as r:
        body = await r.json()
    assert body["messages"] == []


async def test_profile_is_kept_for_the_welder(client):
    resp = await client.post(
        "/api/profile", json={"name": "张三", "company": "某某公司", "phone": ""}
    )
    assert resp.status == 200
    body = await (await client.get("/api/profile")).json()
    assert body == {"name": "张三", "company": "某某公司", "phone": ""}


@pytest.mark.parametrize("payload", [{"name": 1}, {"name": "长" * 41}])
async def test_bad_profile_gets_a_clear_error(client, payload):
    resp = await client.post("/api/profile", json=payload)
    assert resp.status in (400, 413)
    assert "error" in await resp.json()


async def test_a_name_told_in_the_chat_fills_the_profile(client):
    await chat(client, "我叫李四")
    body = await (await client.get("/api/profile")).json()
    assert body["name"] == "李四"
