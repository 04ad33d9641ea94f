"""The /wechat and /wecom callbacks, driven the way WeChat's servers drive them."""

import asyncio
import dataclasses
import itertools
import json
import time

import pytest

from bot.__main__ import main
from bot.app import create_app
from bot.channels.wechat import ConfigError
from bot.channels.wechat_crypto import WeChatCrypto, check_signature, signature
from bot.channels.wechat_messages import MENU
from bot.channels.wechat_xml import CHOICE_HINT, cdata, parse_message, render_text_with_choices
from bot.keys import STORE

from .wechat_vectors import VECTORS

# The vectors' timestamps are from 2014-2016: their tests accept any time.
FOREVER = 10**10

TOKEN = "weldtoken2024"
APP_ID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
CORP_ID = "ww0123456789abcdef"
WECOM_TOKEN = "wecomtoken"
WECOM_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
OPENID = "o焊工_张三-6Z5bQ"
ACCOUNT = "gh_上海焊工培训"

MP_SETTINGS = {"wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_aes_key": AES_KEY}
WECOM_SETTINGS = {"wecom_token": WECOM_TOKEN, "wecom_corp_id": CORP_ID, "wecom_aes_key": WECOM_KEY}

_msg_ids = itertools.count(6054768590064713728)
_nonces = itertools.count(1320562132)


def message(content: str = "", *, msg_type: str = "text", sender: str = OPENID, **fields) -> str:
    """A message as WeChat writes it; each text message gets a fresh MsgId unless given one."""
    parts = {
        "ToUserName": ACCOUNT,
        "FromUserName": sender,
        "CreateTime": str(int(time.time())),
        "MsgType": msg_type,
    }
    if msg_type == "text":
        parts["Content"] = content
    if msg_type != "event":
        parts["MsgId"] = str(next(_msg_ids))
    parts.update(fields)
    return "<xml>" + "".join(f"<{k}>{cdata(v)}</{k}>" for k, v in parts.items()) + "</xml>"


def event(name: str, **fields) -> str:
    return message(msg_type="event", Event=name, **fields)


def envelope(encrypt: str) -> str:
    return (
        f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(encrypt)}</Encrypt></xml>"
    )


def open_reply(body: str, crypto: WeChatCrypto) -> dict[str, str]:
    """Check an encrypted reply's signature and return its decrypted fields."""
    envelope = parse_message(body.encode())
    assert check_signature(
        envelope["MsgSignature"],
        crypto.token,
        envelope["TimeStamp"],
        envelope["Nonce"],
        envelope["Encrypt"],
    )
    return parse_message(crypto.decrypt(envelope["Encrypt"]).encode())


class WeChat:
    """Plays WeChat's servers: signs, encrypts and posts messages, opens the replies."""

    def __init__(self, client, path="/wechat", token=TOKEN, key=AES_KEY, receive_id=APP_ID):
        self.client = client
        self.path = path
        self.crypto = WeChatCrypto(token, key, receive_id)

    def query(self, encrypt: str | None = None, timestamp: str | None = None, nonce=None):
        ts = str(int(time.time())) if timestamp is None else timestamp
        nonce = str(next(_nonces)) if nonce is None else nonce  # WeChat's is new each time
        query = {"timestamp": ts, "nonce": nonce}
        if self.path == "/wechat":  # WeCom signs only with msg_signature
            query["signature"] = signature(self.crypto.token, ts, nonce)
        if encrypt is not None:
            query["msg_signature"] = signature(self.crypto.token, ts, nonce, encrypt)
            if self.path == "/wechat":
                query |= {"encrypt_type": "aes", "openid": OPENID}
        return query

    async def post(self, body: str | bytes, **query):
        data = body.encode() if isinstance(body, str) else body
        return await self.client.post(self.path, params=query or self.query(), data=data)

    async def post_encrypted(self, xml: str, outer: str = "", **query):
        encrypt = self.crypto.encrypt(xml)
        body = envelope(encrypt).replace("<Encrypt>", f"{outer}<Encrypt>")
        return await self.post(body, **(query or self.query(encrypt)))

    async def send(self, xml: str) -> dict[str, str] | None:
        """Post in safe mode; the reply's fields, or None for a bare "success"."""
        response = await self.post_encrypted(xml)
        body = await response.text()
        assert response.status == 200, body
        return None if body == "success" else open_reply(body, self.crypto)

    async def say(self, text: str, **fields) -> str:
        reply = await self.send(message(text, **fields))
        assert reply is not None
        return reply["Content"]

    async def transcript(self, user: str = OPENID):
        store = self.client.app[STORE]
        welder_id = await store.welder_id(self.path.strip("/"), user, create=False)
        return await store.history(welder_id) if welder_id else []


@pytest.fixture
def wechat_settings(settings):
    return dataclasses.replace(settings, **MP_SETTINGS, **WECOM_SETTINGS)


@pytest.fixture
async def wx(aiohttp_client, wechat_settings, kb):
    return WeChat(await aiohttp_client(create_app(wechat_settings, kb)))


@pytest.fixture
async def wecom(wx):
    return WeChat(wx.client, "/wecom", WECOM_TOKEN, WECOM_KEY, CORP_ID)


# -- published vectors ----------------------------------------------------------------


def vector_client(aiohttp_client, settings, kb, v):
    """The app configured as the vector's account (Official Account or WeCom)."""
    if v["channel"] == "wecom":
        account = {
            "wecom_token": v["token"],
            "wecom_aes_key": v["encoding_aes_key"],
            "wecom_corp_id": v["receive_id"],
        }
    else:
        account = {"wechat_token": v["token"]}
        if "encoding_aes_key" in v:
            account |= {"wechat_aes_key": v["encoding_aes_key"], "wechat_app_id": v["receive_id"]}
    cfg = dataclasses.replace(settings, wechat_time_window=FOREVER, **account)
    return aiohttp_client(create_app(cfg, kb))


def vectors(kind: str) -> list:
    return [pytest.param(v, id=v["id"]) for v in VECTORS if v["kind"] == kind]


def test_every_vector_is_used_in_a_request():
    assert {v["kind"] for v in VECTORS} == {
        "plain_signature",
        "verify_url",
        "decrypt",
        "encrypt_deterministic",
    }


@pytest.mark.parametrize("v", vectors("plain_signature"))
async def test_official_account_url_check_echoes_echostr(aiohttp_client, settings, kb, v):
    client = await vector_client(aiohttp_client, settings, kb, v)
    query = {k: v[k] for k in ("signature", "timestamp", "nonce")} | {"echostr": "回显7461"}
    response = await client.get("/wechat", params=query)
    assert response.status == 200
    assert await response.text() == "回显7461"


@pytest.mark.parametrize("v", vectors("verify_url"))
async def test_wecom_url_check_answers_the_decrypted_echostr(aiohttp_client, settings, kb, v):
    client = await vector_client(aiohttp_client, settings, kb, v)
    if "query_string_raw" in v:  # as WeCom sends it, URL-encoded
        response = await client.get("/wecom?" + v["query_string_raw"])
    else:
        query = {k: v[k] for k in ("msg_signature", "timestamp", "nonce")}
        response = await client.get("/wecom", params=query | {"echostr": v["encrypt"]})
    assert response.status == 200
    assert await response.text() == v["expected_plaintext"]


@pytest.mark.parametrize("v", vectors("decrypt"))
async def test_vector_message_is_decrypted_and_answered(aiohttp_client, settings, kb, v):
    client = await vector_client(aiohttp_client, settings, kb, v)
    sent = parse_message(v["expected_plaintext"].encode())
    body = v.get("post_body") or (
        f"<xml><ToUserName>{cdata(v['receive_id'])}</ToUserName>"
        f"<Encrypt>{cdata(v['encrypt'])}</Encrypt><AgentID>{sent['AgentID']}</AgentID></xml>"
    )
    path = "/wecom" if v["channel"] == "wecom" else "/wechat"
    wechat = WeChat(client, path, v["token"], v["encoding_aes_key"], v["receive_id"])
    query = {k: v[k] for k in ("msg_signature", "timestamp", "nonce")}
    if path == "/wechat":
        query |= {
            "encrypt_type": "aes",
            "signature": signature(v["token"], v["timestamp"], v["nonce"]),
        }
    response = await wechat.post(body, **query)
    assert response.status == 200
    reply = open_reply(await response.text(), wechat.crypto)
    assert (reply["ToUserName"], reply["FromUserName"]) == (
        sent["FromUserName"],
        sent["ToUserName"],
    )
    assert reply.get("AgentID") == sent.get("AgentID")
    welder, bot = await wechat.transcript(sent["FromUserName"])
    assert welder.text == sent["Content"]
    assert reply["Content"] == render_text_with_choices(bot.text, bot.quick_replies)


@pytest.mark.parametrize("v", vectors("encrypt_deterministic"))
async def test_vector_account_gets_replies_signed_with_its_token(aiohttp_client, settings, kb, v):
    client = await vector_client(aiohttp_client, settings, kb, v)
    path = "/wecom" if v["channel"] == "wecom" else "/wechat"
    wechat = WeChat(client, path, v["token"], v["encoding_aes_key"], v["receive_id"])
    assert await wechat.say("我是中文abcd123")


# -- safe mode, end to end ------------------------------------------------------------


async def test_encrypted_question_gets_the_answer_encrypted_back(wx):
    reply = await wx.send(message("要准备哪些材料"))
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text"
    welder, bot = await wx.transcript()
    assert (welder.role, welder.text, welder.channel) == ("welder", "要准备哪些材料", "wechat")
    assert bot.answer_id == "materials_overview"
    assert reply["Content"].startswith(bot.text)
    assert f"\n1. {bot.quick_replies[0]}\n" in reply["Content"]
    assert reply["Content"].endswith(CHOICE_HINT)
    assert len(reply["Content"].encode()) <= 2048


async def test_compatible_mode_trusts_only_the_encrypted_fields(wx):
    forged = "<FromUserName>oSomeoneElse</FromUserName><Content>找老师</Content>"
    response = await wx.post_encrypted(message("要准备哪些材料"), outer=forged)
    reply = open_reply(await response.text(), wx.crypto)
    assert reply["ToUserName"] == OPENID
    welder, _ = await wx.transcript()
    assert welder.text == "要准备哪些材料"
    assert await wx.transcript("oSomeoneElse") == []


@pytest.mark.parametrize(
    "account",
    [{"wechat_token": TOKEN}, MP_SETTINGS | {"wechat_allow_compat": True}],
    ids=["no-aes-key", "compatible-mode-chosen"],
)
async def test_plaintext_mode_gets_a_plaintext_reply(aiohttp_client, settings, kb, account):
    wx = WeChat(await aiohttp_client(create_app(dataclasses.replace(settings, **account), kb)))
    response = await wx.post(message("要准备哪些材料"))
    reply = parse_message(await response.read())
    assert (reply["ToUserName"], reply["FromUserName"]) == (OPENID, ACCOUNT)
    assert reply["Content"].startswith((await wx.transcript())[-1].text)


async def test_with_an_aes_key_a_plaintext_message_is_refused(wx):
    response = await wx.post(message("我是别人，帮我改一下进度"))
    assert response.status == 403
    assert await wx.transcript() == []


async def test_a_signed_url_replayed_with_another_body_is_refused(wx):
    encrypt = wx.crypto.encrypt(message("要准备哪些材料"))
    query = wx.query(encrypt)
    assert (await wx.post(envelope(encrypt), **query)).status == 200
    # The URL's plain signature, timestamp and nonce with a plaintext body of one's own.
    seen = {k: query[k] for k in ("signature", "timestamp", "nonce")}
    other = await wx.post(message("找老师", sender="o另一个人"), **seen)
    assert other.status == 403
    assert await wx.transcript("o另一个人") == []


async def test_a_nonce_replayed_in_plaintext_mode_with_another_body_is_refused(
    aiohttp_client, settings, kb
):
    wx = WeChat(
        await aiohttp_client(create_app(dataclasses.replace(settings, wechat_token=TOKEN), kb))
    )
    query = wx.query()
    assert (await wx.post(message("要准备哪些材料"), **query)).status == 200
    replay = await wx.post(message("找老师", sender="o冒充的人"), **query)
    assert replay.status == 403
    assert await wx.transcript("o冒充的人") == []


async def test_a_retry_with_the_same_url_and_body_is_answered_from_the_inbox(wx):
    encrypt = wx.crypto.encrypt(message("要准备哪些材料"))
    query = wx.query(encrypt)
    first, retry = [await wx.post(envelope(encrypt), **query) for _ in range(2)]
    assert first.status == retry.status == 200
    assert (
        open_reply(await first.text(), wx.crypto)["Content"]
        == open_reply(await retry.text(), wx.crypto)["Content"]
    )
    assert len(await wx.transcript()) == 2


async def test_the_nonce_cache_is_shared_by_every_process(aiohttp_client, settings, kb):
    cfg = dataclasses.replace(settings, wechat_token=TOKEN)
    one = WeChat(await aiohttp_client(create_app(cfg, kb)))
    two = WeChat(await aiohttp_client(create_app(cfg, kb)))  # another process, same database
    query = one.query()
    assert (await one.post(message("要准备哪些材料"), **query)).status == 200
    assert (await two.post(message("找老师", sender="o冒充的人"), **query)).status == 403


async def test_encrypted_message_is_refused_without_an_aes_key(aiohttp_client, settings, kb):
    cfg = dataclasses.replace(settings, wechat_token=TOKEN)
    wechat = WeChat(await aiohttp_client(create_app(cfg, kb)))
    response = await wechat.post_encrypted(message("你好"))
    assert response.status == 403
    assert (await response.json())["error"]


async def test_wechat_and_web_welders_are_kept_apart(wx):
    await wx.say("要准备哪些材料")
    store = wx.client.app[STORE]
    assert await store.welder_id("wechat", OPENID, create=False)
    assert await store.welder_id("web", OPENID, create=False) is None


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mangle",
    [
        lambda q: q | {"signature": "0" * 40},
        lambda q: q | {"msg_signature": "0" * 40},
        lambda q: {k: v for k, v in q.items() if k != "signature"},
        lambda q: {k: v for k, v in q.items() if k != "msg_signature"},
        lambda q: q | {"nonce": q["nonce"] + "1"},
        lambda q: q | {"signature": "签名"},
    ],
    ids=["signature", "msg_signature", "no-signature", "no-msg_signature", "nonce", "chinese"],
)
async def test_badly_signed_message_is_refused(wx, mangle):
    xml = message("要准备哪些材料")
    encrypt = wx.crypto.encrypt(xml)
    body = f"<xml><Encrypt>{cdata(encrypt)}</Encrypt></xml>"
    response = await wx.post(body, **mangle(wx.query(encrypt)))
    assert response.status == 403
    assert (await response.json())["error"] == "没有权限访问。"
    assert await wx.transcript() == []


async def test_badly_signed_url_check_is_refused(wx):
    query = wx.query() | {"signature": "f" * 40, "echostr": "123"}
    assert (await wx.client.get("/wechat", params=query)).status == 403


@pytest.mark.parametrize("offset", [-400, 400], ids=["old", "future"])
async def test_stale_timestamp_is_refused_even_when_signed(wx, offset):
    stamp = str(int(time.time()) + offset)
    response = await wx.post(message("你好"), **wx.query(timestamp=stamp))
    assert response.status == 403
    get = await wx.client.get("/wechat", params=wx.query(timestamp=stamp) | {"echostr": "1"})
    assert get.status == 403


XXE = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>"
    "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"
)
ENTITIES = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
LAUGHS = f'<!DOCTYPE xml [<!ENTITY lol0 "lol">{ENTITIES}]><xml><Content>&lol9;</Content></xml>'


@pytest.mark.parametrize("body", [XXE, LAUGHS, "<xml><Content>unclosed", "<html/>", ""])
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "aes"])
async def test_hostile_or_broken_xml_is_refused(wx, body, encrypted):
    response = await (wx.post_encrypted(body) if encrypted else wx.post(body))
    assert response.status == 400
    assert (await response.json())["error"] == "请求格式不对。"


async def test_oversize_body_is_refused(wx):
    body = message("焊" * 30000)
    assert len(body.encode()) > 64 * 1024
    assert (await wx.post(body)).status == 413


@pytest.mark.parametrize(
    "key, receive_id", [(WECOM_KEY, APP_ID), (AES_KEY, "wxSomeOtherApp")], ids=["key", "appid"]
)
async def test_message_for_another_account_fails_decryption(wx, key, receive_id):
    other = WeChat(wx.client, key=key, receive_id=receive_id)
    response = await other.post_encrypted(message("你好"))
    assert response.status == 403
    assert await wx.transcript() == []


async def test_wecom_plaintext_body_is_refused(wecom):
    response = await wecom.post(message("你好"), **wecom.query(encrypt=""))
    assert response.status == 400


# -- retries ------------------------------------------------------------------------------


async def test_concurrent_retries_get_one_answer_and_store_one_turn(wx):
    xml = message("要准备哪些材料")
    replies = await asyncio.gather(*(wx.send(xml) for _ in range(4)))
    assert len({r["Content"] for r in replies}) == 1
    assert [m.role for m in await wx.transcript()] == ["welder", "bot"]


async def test_later_retry_gets_the_stored_answer(wx):
    xml = message("要准备哪些材料")
    first = await wx.send(xml)
    again = await wx.send(xml)
    assert again["Content"] == first["Content"]
    assert len(await wx.transcript()) == 2


async def test_retry_after_a_restart_gets_the_stored_answer(aiohttp_client, wechat_settings, kb):
    xml = message("要准备哪些材料")
    first = WeChat(await aiohttp_client(create_app(wechat_settings, kb)))
    answer = await first.send(xml)
    await first.client.close()
    second = WeChat(await aiohttp_client(create_app(wechat_settings, kb)))
    assert (await second.send(xml))["Content"] == answer["Content"]
    assert len(await second.transcript()) == 2


async def test_retried_event_is_stored_once(wx):
    xml = event("subscribe")
    assert (await wx.send(xml))["Content"] == (await wx.send(xml))["Content"]
    welder, _ = await wx.transcript()
    assert welder.text == "[关注]"


# -- what each message does -------------------------------------------------------------


async def test_answer_containing_the_cdata_terminator_survives(aiohttp_client, wechat_settings, kb):
    entries = tuple(
        dataclasses.replace(e, answer=e.answer + "\n注意 a]]>b 原样显示")
        if e.id == "materials_overview"
        else e
        for e in kb.entries
    )
    app = create_app(wechat_settings, dataclasses.replace(kb, entries=entries))
    wechat = WeChat(await aiohttp_client(app))
    assert "注意 a]]>b 原样显示" in await wechat.say("要准备哪些材料")


async def test_voice_is_answered_from_its_recognition(wx):
    await wx.send(
        message(msg_type="voice", MediaId="m1", Format="amr", Recognition="要准备哪些材料")
    )
    welder, bot = await wx.transcript()
    assert (welder.kind, welder.text, bot.answer_id) == (
        "voice",
        "要准备哪些材料",
        "materials_overview",
    )


async def test_voice_without_recognition_asks_to_type(wx):
    reply = await wx.send(message(msg_type="voice", MediaId="m1", Format="amr"))
    assert "请打字" in reply["Content"]


@pytest.mark.parametrize(
    "msg_type, fields, kind, stored",
    [
        (
            "image",
            {"PicUrl": "http://mmbiz.qpic.cn/焊.jpg", "MediaId": "m"},
            "image",
            "[图片] http://mmbiz.qpic.cn/焊.jpg",
        ),
        ("video", {"MediaId": "vid", "ThumbMediaId": "t"}, "video", "[视频] vid"),
        ("shortvideo", {"MediaId": "vid", "ThumbMediaId": "t"}, "video", "[视频] vid"),
        (
            "location",
            {"Location_X": "31.23", "Location_Y": "121.47", "Scale": "15", "Label": "上海市徐汇区"},
            "location",
            "[位置] 上海市徐汇区（31.23, 121.47）",
        ),
        (
            "link",
            {"Title": "补正告知书", "Url": "https://example.cn/a"},
            "link",
            "[链接] 补正告知书 https://example.cn/a",
        ),
    ],
    ids=["image", "video", "shortvideo", "location", "link"],
)
async def test_unreadable_message_is_stored_for_teachers(wx, msg_type, fields, kind, stored):
    reply = await wx.send(message(msg_type=msg_type, **fields))
    assert "只能看懂文字" in reply["Content"] and "1. 找老师" in reply["Content"]
    welder, bot = await wx.transcript()
    assert (welder.kind, welder.text, bot.answered) == (kind, stored, False)


async def test_subscribe_gets_the_welcome_with_the_menu(wx):
    content = (await wx.send(event("subscribe")))["Content"]
    assert content.startswith("您好！我是焊工证网上申请小助手。")
    assert "\n1. " in content and content.endswith(CHOICE_HINT)


async def test_unsubscribe_is_recorded_and_acknowledged(wx):
    assert await wx.send(event("unsubscribe")) is None
    welder, _ = await wx.transcript()
    assert (welder.kind, welder.text) == ("event", "[取消关注]")


@pytest.mark.parametrize(
    "key, answer_id",
    [
        ("GUIDE_PREPARATION", "materials_overview"),
        ("GUIDE_SUBMISSION", "apply_overview"),
        ("GUIDE_CORRECTION", "sms_two"),
    ],
)
async def test_menu_click_asks_for_the_topic_overview(wx, key, answer_id):
    await wx.send(event("CLICK", EventKey=key))
    welder, bot = await wx.transcript()
    assert welder.kind == "menu" and bot.answer_id == answer_id


async def test_progress_menu_click_shows_the_stage_strip_as_text(wx):
    await wx.say("我已经提交了")
    content = (await wx.send(event("CLICK", EventKey="PROGRESS")))["Content"]
    strip = "✔准备材料 → ✔网上申请 → ●等待审批 → ○补正 → ○下载决定书 → ○已寄出"
    assert content.count(strip) == 1
    assert "等待审批" in content.splitlines()[0]
    welder, bot = (await wx.transcript())[-2:]
    assert (welder.kind, welder.text) == ("menu", "我的进度")
    assert strip in bot.text


async def test_teacher_menu_click_hands_off(wx):
    assert "通知老师" in (await wx.send(event("CLICK", EventKey="HANDOFF")))["Content"]


@pytest.mark.parametrize(
    "xml",
    [
        event("VIEW", EventKey="https://example.cn"),
        event("CLICK", EventKey="UNKNOWN"),
        message(msg_type="file", Title="报名表.docx"),
        message("   "),
    ],
    ids=["view", "unknown-click", "file", "blank"],
)
async def test_other_messages_are_acknowledged_with_success(wx, xml):
    assert await wx.send(xml) is None
    assert await wx.transcript() == []


# -- numbered quick replies -------------------------------------------------------------


async def answer_of(wx, question: str) -> str | None:
    other = "o另一位焊工"
    await wx.say(question, sender=other)
    return (await wx.transcript(other))[-1].answer_id


async def test_typed_number_picks_the_listed_related_question(wx):
    await wx.say("要准备哪些材料")
    listed = (await wx.transcript())[-1].quick_replies
    await wx.say("2")
    welder, bot = (await wx.transcript())[-2:]
    assert welder.text == "2"
    assert bot.answer_id and bot.answer_id != "materials_overview"
    assert bot.answer_id == (await answer_of(wx, listed[1]))


# A bare topic that several entries share is asked back ("上传": which box? a failure?).
VAGUE = "上传"


async def test_typed_number_after_a_clarification_is_the_engines_choice(wx):
    content = await wx.say(VAGUE)
    assert content.startswith("您是想问")
    assert content.count("\n1. ") == 1  # the engine's own list is not repeated
    first = (await wx.transcript())[-1].quick_replies[0]
    await wx.say("1")
    assert (await wx.transcript())[-1].answer_id == await answer_of(wx, first)


async def test_typed_number_past_the_clarification_picks_the_teacher(wx):
    await wx.say(VAGUE)
    listed = (await wx.transcript())[-1].quick_replies
    assert listed[-1] == "找老师"
    assert "通知老师" in await wx.say(str(len(listed)))


async def test_typed_number_is_understood_after_a_restart(aiohttp_client, wechat_settings, kb):
    first = WeChat(await aiohttp_client(create_app(wechat_settings, kb)))
    await first.say("要准备哪些材料")
    listed = (await first.transcript())[-1].quick_replies
    await first.client.close()
    second = WeChat(await aiohttp_client(create_app(wechat_settings, kb)))
    await second.say("１")
    assert (await second.transcript())[-1].answer_id == await answer_of(second, listed[0])


# -- WeCom ------------------------------------------------------------------------------


async def test_wecom_message_is_answered_for_its_agent(wecom):
    reply = await wecom.send(message("要准备哪些材料", sender="ZhangSan焊工", AgentID="1000002"))
    assert (reply["ToUserName"], reply["FromUserName"]) == ("ZhangSan焊工", ACCOUNT)
    assert reply["AgentID"] == "1000002"
    welder, bot = await wecom.transcript("ZhangSan焊工")
    assert welder.channel == "wecom" and bot.answer_id == "materials_overview"


async def test_wecom_url_check(wecom):
    echostr = wecom.crypto.encrypt("8812345678901234")
    response = await wecom.client.get("/wecom", params=wecom.query(echostr) | {"echostr": echostr})
    assert await response.text() == "8812345678901234"


# -- configuration ----------------------------------------------------------------------


async def test_channels_are_off_without_their_token(client):
    for path in ("/wechat", "/wecom"):
        assert (await client.get(path)).status == 404
        assert (await client.post(path, data=b"<xml/>")).status == 404


@pytest.mark.parametrize(
    "config",
    [
        {"wechat_token": TOKEN, "wechat_aes_key": AES_KEY},
        {"wechat_token": TOKEN, "wechat_app_id": APP_ID, "wechat_aes_key": AES_KEY[:-1]},
        {"wecom_token": WECOM_TOKEN, "wecom_corp_id": CORP_ID},
    ],
    ids=["aes-without-appid", "short-key", "wecom-without-key"],
)
def test_incomplete_configuration_is_refused_at_start(settings, kb, config):
    with pytest.raises(ConfigError):
        create_app(dataclasses.replace(settings, **config), kb)


def test_menu_command_prints_a_menu_wechat_accepts(capsys):
    assert main(["wechat", "menu"]) == 0
    buttons = json.loads(capsys.readouterr().out)["button"]
    assert len(buttons) <= 3  # WeChat's limit for top-level buttons
    clicks = [b for top in buttons for b in top.get("sub_button", [top])]
    assert [(b["type"], b["name"], b["key"]) for b in clicks] == [
        ("click", item.name, item.key) for item in MENU
    ]
    assert [b["name"] for b in clicks] == [
        "准备材料",
        "网上申请",
        "补正与下载",
        "我的进度",
        "找老师",
    ]
    assert all(len(b["name"].encode()) <= 16 for b in buttons)


@pytest.mark.parametrize(
    ("argv", "environ", "allowed"),
    [
        ([], {}, False),
        (["--wechat-allow-compat"], {}, True),
        ([], {"WECHAT_ALLOW_COMPAT": "1"}, True),
        ([], {"WECHAT_ALLOW_COMPAT": "false"}, False),
    ],
)
def test_compatible_mode_is_chosen_by_a_flag_or_the_environment(argv, environ, allowed):
    from bot import settings
    from bot.__main__ import build_parser

    args = build_parser().parse_args(["serve", *argv])
    assert settings.load(args, environ).wechat_allow_compat is allowed
