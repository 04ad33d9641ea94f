"""Teachers' replies to WeChat welders: the customer-service message API.

WeChat allows one valid access token per account: fetching a new one revokes the last
after a few minutes. So every process shares one, kept in the store, and only the holder
of a lease in the store fetches a new one while the others wait for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

from ..keys import OUTBOUND, SETTINGS, STORE, OutboundError
from ..store import Store

log = logging.getLogger("bot.wechat")

# A token is renewed this long before WeChat says it expires, so none expires in flight.
TOKEN_MARGIN = 300
TIMEOUT = aiohttp.ClientTimeout(total=10)
TOKEN = "wechat_access_token"  # the shared value holding the token
REFRESH = "wechat_access_token_refresh"  # the lease of whoever is fetching a new one
# Longer than a fetch may take, so that the lease outlives its holder's fetch.
REFRESH_LEASE = TIMEOUT.total + 5
WAIT_STEP = 0.1  # how often a process waiting for another's fetch looks for its token
# Errcodes meaning the access token is expired or invalid: renew it and try once more.
STALE_TOKEN = {40001, 40014, 42001}
# What the teacher is told for WeChat's refusals a teacher can act on.
REFUSALS = {
    45015: "焊工超过 48 小时没有给公众号发消息，微信不允许再主动回复。"
    "请等焊工发来消息后再回复，或者打电话联系。",
    45047: "连续发给这位焊工的消息太多了，要等焊工回复之后才能再发。",
    43004: "焊工已经取消关注公众号，消息发不过去。",
    40003: "这位焊工的微信号（OpenID）不对，消息发不过去。",
    45002: "回复太长了，请分成几条发送。",
}


class CustomerService:
    """Sends text through POST /cgi-bin/message/custom/send."""

    def __init__(
        self, session: aiohttp.ClientSession, store: Store, base: str, app_id: str, secret: str
    ):
        self._session = session
        self._store = store
        self._base = base.rstrip("/")
        self._app_id = app_id
        self._secret = secret
        self._holder = secrets.token_hex(8)  # this process, as a lease holder
        self._lock = asyncio.Lock()

    async def send_text(self, openid: str, text: str) -> None:
        """Deliver a teacher's reply; raises OutboundError with a message for the teacher."""
        body = {"touser": openid, "msgtype": "text", "text": {"content": text}}
        stale = ""
        for _ in range(2):
            token = await self._access_token(stale)
            result = await self._call("/cgi-bin/message/custom/send", {"access_token": token}, body)
            code = result.get("errcode", 0)
            if code == 0:
                return
            if code not in STALE_TOKEN:
                raise OutboundError(REFUSALS.get(code) or _failed("发送", result))
            stale = token
        raise OutboundError(
            "微信的 access_token 刷新之后仍然无效，消息没有发出去。请检查 AppID 和 AppSecret。"
        )

    async def _access_token(self, stale: str) -> str:
        # One fetch at a time: a burst of replies must not each fetch (and revoke) a token.
        async with self._lock:
            for _ in range(int(REFRESH_LEASE / WAIT_STEP) + 1):
                token = await self._store.fresh_value(TOKEN)
                if token and token != stale:
                    return token
                if await self._store.take_lease(REFRESH, self._holder, REFRESH_LEASE):
                    try:
                        return await self._refresh(stale)
                    finally:
                        await self._store.end_lease(REFRESH, self._holder)
                await asyncio.sleep(WAIT_STEP)  # another process is fetching one
        raise OutboundError("微信的 access_token 正在刷新，消息没有发出去，请稍后再试。")

    async def _refresh(self, stale: str) -> str:
        # Another process may have stored a new token between our look and our lease.
        token = await self._store.fresh_value(TOKEN)
        if token and token != stale:
            return token
        result = await self._call(
            "/cgi-bin/token",
            {"grant_type": "client_credential", "appid": self._app_id, "secret": self._secret},
        )
        token, lifetime = result.get("access_token"), result.get("expires_in", 7200)
        if not (isinstance(token, str) and token and isinstance(lifetime, int)):
            raise OutboundError(
                _failed("获取 access_token", result) + "请检查 AppID、AppSecret 和 IP 白名单。"
            )
        await self._store.put_value(TOKEN, token, lifetime - TOKEN_MARGIN)
        return token

    async def _call(
        self, path: str, params: dict[str, str], body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        # WeChat shows \u escapes literally in some APIs: send the UTF-8 text itself.
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        try:
            async with self._session.request(
                "GET" if body is None else "POST",
                self._base + path,
                params=params,
                data=data,
                headers=None if data is None else {"Content-Type": "application/json"},
            ) as response:
                response.raise_for_status()
                result = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            # Only the class: the message of some errors carries the URL with secret or token.
            log.warning("WeChat API %s failed: %s", path, type(exc).__name__)
            raise OutboundError("连不上微信服务器，消息没有发出去，请稍后再试。") from None
        if not isinstance(result, dict):
            raise OutboundError("微信服务器的回答看不懂，消息可能没有发出去。")
        return result


def _failed(what: str, result: dict[str, Any]) -> str:
    return f"微信{what}失败（错误码 {result.get('errcode')}：{result.get('errmsg', '')}）。"


async def customer_service_ctx(app: web.Application) -> AsyncIterator[None]:
    """Registers app[OUTBOUND]["wechat"] for as long as the app runs."""
    settings = app[SETTINGS]
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        service = CustomerService(
            session,
            app[STORE],
            settings.wechat_api_base,
            settings.wechat_app_id,
            settings.wechat_app_secret,
        )
        app[OUTBOUND]["wechat"] = service.send_text
        yield
        del app[OUTBOUND]["wechat"]
