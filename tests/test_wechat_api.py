"""Teachers' replies through WeChat's customer-service API, against a stand-in on loopback."""

import asyncio
import dataclasses
import json

import pytest
from aiohttp import web

from bot.app import create_app
from bot.bench.servers import free_port
from bot.channels.wechat_api import TOKEN_MARGIN
from bot.keys import OUTBOUND, OutboundError

APP_ID = "wx0123456789abcdef"
SECRET = "s3cret"


class StandIn:
    """WeChat's API as far as the bot uses it; `send_errors` are answered to sends in order."""

    def __init__(self) -> None:
        self.tokens_issued = 0
        self.expires_in = 7200
        self.token_error: dict | None = None
        self.send_errors: list[int] = []
        self.sent: list[tuple[str, dict]] = []
        self.bodies: list[bytes] = []

    async def token(self, request: web.Request) -> web.Response:
        query = request.query
        assert (query["grant_type"], query["appid"], query["secret"]) == (
            "client_credential",
            APP_ID,
            SECRET,
        )
        if self.token_error:
            return web.json_response(self.token_error)
        self.tokens_issued += 1
        return web.json_response(
            {"access_token": f"token-{self.tokens_issued}", "expires_in": self.expires_in}
        )

    async def send(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.bodies.append(body)
        self.sent.append((request.query["access_token"], json.loads(body)))
        code = self.send_errors.pop(0) if self.send_errors else 0
        return web.json_response({"errcode": code, "errmsg": "ok" if code == 0 else "refused"})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/custom/send", self.send)
        return app


@pytest.fixture
async def wechat_api(aiohttp_server):
    stand_in = StandIn()
    server = await aiohttp_server(stand_in.app())
    stand_in.base = str(server.make_url(""))
    return stand_in


async def outbound(aiohttp_client, settings, kb, base: str):
    cfg = dataclasses.replace(
        settings,
        wechat_token="tok",
        wechat_app_id=APP_ID,
        wechat_app_secret=SECRET,
        wechat_api_base=base,
    )
    client = await aiohttp_client(create_app(cfg, kb))
    return client.app[OUTBOUND]["wechat"]


@pytest.fixture
async def send(aiohttp_client, settings, kb, wechat_api):
    return await outbound(aiohttp_client, settings, kb, wechat_api.base)


async def test_teacher_reply_is_sent_as_a_customer_service_text(send, wechat_api):
    await send("o焊工张三", "您好，补正告知书在办件查询里下载。")
    assert wechat_api.sent == [
        (
            "token-1",
            {
                "touser": "o焊工张三",
                "msgtype": "text",
                "text": {"content": "您好，补正告知书在办件查询里下载。"},
            },
        )
    ]
    assert "补正告知书".encode() in wechat_api.bodies[0]  # UTF-8, not \u escapes


async def test_access_token_is_cached(send, wechat_api):
    await send("o1", "一")
    await send("o2", "二")
    assert wechat_api.tokens_issued == 1


async def test_token_is_renewed_before_it_expires(send, wechat_api):
    wechat_api.expires_in = TOKEN_MARGIN  # already within the margin when it arrives
    await send("o1", "一")
    await send("o2", "二")
    assert [token for token, _ in wechat_api.sent] == ["token-1", "token-2"]


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
async def test_rejected_token_is_refreshed_once(send, wechat_api, errcode):
    wechat_api.send_errors = [errcode]
    await send("o1", "一")
    assert [token for token, _ in wechat_api.sent] == ["token-1", "token-2"]


async def test_token_still_rejected_after_refresh_fails(send, wechat_api):
    wechat_api.send_errors = [40001, 40001]
    with pytest.raises(OutboundError, match="刷新之后仍然无效"):
        await send("o1", "一")
    assert len(wechat_api.sent) == 2


async def test_48_hour_window_is_explained_to_the_teacher(send, wechat_api):
    wechat_api.send_errors = [45015]
    with pytest.raises(OutboundError, match="48 小时"):
        await send("o1", "一")
    assert wechat_api.tokens_issued == 1


async def test_unknown_refusal_names_the_errcode(send, wechat_api):
    wechat_api.send_errors = [47001]
    with pytest.raises(OutboundError, match="47001"):
        await send("o1", "一")


async def test_token_refused_by_wechat_is_reported(send, wechat_api):
    wechat_api.token_error = {"errcode": 40164, "errmsg": "invalid ip"}
    with pytest.raises(OutboundError, match=r"40164.*IP 白名单"):
        await send("o1", "一")


async def test_unreachable_wechat_is_reported(aiohttp_client, settings, kb):
    send = await outbound(aiohttp_client, settings, kb, f"http://127.0.0.1:{free_port()}")
    with pytest.raises(OutboundError, match="连不上微信服务器"):
        await send("o1", "一")


async def test_no_customer_service_without_app_secret(client):
    assert "wechat" not in client.app[OUTBOUND]


async def test_two_processes_on_one_database_fetch_one_token_between_them(
    aiohttp_client, settings, kb, wechat_api
):
    # Two apps on one database stand for two processes: each has its own store connections.
    first = await outbound(aiohttp_client, settings, kb, wechat_api.base)
    second = await outbound(aiohttp_client, settings, kb, wechat_api.base)
    await asyncio.gather(*(send(f"o{n}", "你好") for n in range(5) for send in (first, second)))
    assert wechat_api.tokens_issued == 1
    assert {token for token, _ in wechat_api.sent} == {"token-1"}


async def test_a_token_refreshed_by_one_process_is_used_by_the_other(
    aiohttp_client, settings, kb, wechat_api
):
    first = await outbound(aiohttp_client, settings, kb, wechat_api.base)
    second = await outbound(aiohttp_client, settings, kb, wechat_api.base)
    await first("o1", "一")
    wechat_api.send_errors = [40001]  # token-1 rejected: the first process renews it
    await first("o1", "二")
    await second("o2", "三")
    assert [token for token, _ in wechat_api.sent] == ["token-1", "token-1", "token-2", "token-2"]
