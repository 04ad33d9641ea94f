"""The WeChat Official Account (/wechat) and WeCom (/wecom) callbacks."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from aiohttp import web

from ..chat import ChatService, RateLimited
from ..keys import CHAT, SETTINGS, STORE
from ..middlewares import MESSAGES, REQUEST_ID, ApiError
from ..ratelimit import TOO_FAST
from ..settings import Settings
from ..store import AlreadyAnswered, Message, Store
from . import wechat_api
from .wechat_crypto import CryptoError, WeChatCrypto, check_signature, is_fresh
from .wechat_messages import Incoming, dedup_key, pick_quick_reply, read_message, typed_number
from .wechat_xml import XmlError, parse_message, render_text_with_choices, text_reply

log = logging.getLogger("bot.wechat")
MAX_USER_ID = 128


class ConfigError(ValueError):
    """The WeChat or WeCom settings do not make a working channel; the message says which."""


@dataclass(frozen=True)
class Account:
    channel: str  # also the path and the welders' channel in the store
    token: str
    crypto: WeChatCrypto | None  # None: plaintext mode only
    plain_signature: bool  # the Official Account signs every URL; WeCom only signs messages
    # With an AES key, plaintext messages are refused unless compatible mode is chosen.
    allow_plain: bool = True


def _crypto(name: str, token: str, key: str, receive_id: str) -> WeChatCrypto:
    try:
        return WeChatCrypto(token, key, receive_id)
    except ValueError as exc:
        raise ConfigError(f"{name} 不对：{exc}") from None


def accounts(settings: Settings) -> list[Account]:
    """The configured channels; a channel without its token is off."""
    found = []
    if settings.wechat_token:
        crypto = None
        if settings.wechat_aes_key:
            if not settings.wechat_app_id:
                raise ConfigError("设置了 WECHAT_AES_KEY，还要设置 WECHAT_APP_ID。")
            crypto = _crypto(
                "WECHAT_AES_KEY",
                settings.wechat_token,
                settings.wechat_aes_key,
                settings.wechat_app_id,
            )
        allow_plain = crypto is None or settings.wechat_allow_compat
        found.append(
            Account(
                "wechat",
                settings.wechat_token,
                crypto,
                plain_signature=True,
                allow_plain=allow_plain,
            )
        )
    if settings.wecom_token:
        if not (settings.wecom_aes_key and settings.wecom_corp_id):
            raise ConfigError("企业微信的回调总是加密的：还要设置 WECOM_AES_KEY 和 WECOM_CORP_ID。")
        crypto = _crypto(
            "WECOM_AES_KEY", settings.wecom_token, settings.wecom_aes_key, settings.wecom_corp_id
        )
        found.append(
            Account("wecom", settings.wecom_token, crypto, plain_signature=False, allow_plain=False)
        )
    return found


def _refused(request: web.Request, status: int, reason: str) -> ApiError:
    log.warning("%s %s refused (%d): %s", request.get(REQUEST_ID), request.path, status, reason)
    return ApiError(status, MESSAGES[status])


def _parse(request: web.Request, body: bytes) -> dict[str, str]:
    try:
        return parse_message(body)
    except XmlError as exc:
        raise _refused(request, 400, str(exc)) from None


async def _last_bot_message(store: Store, channel: str, sender: str) -> Message | None:
    welder_id = await store.welder_id(channel, sender, create=False)
    if welder_id is None:
        return None
    last = await store.history(welder_id, limit=1)
    return last[0] if last and last[0].role == "bot" else None


class Callback:
    """One account's callback: checks each request, answers each message once."""

    def __init__(self, account: Account, window: int) -> None:
        self.account = account
        self.window = window
        # WeChat retries after 5 s: a retry of a message still being answered awaits its task.
        self._answering: dict[tuple[str, str], asyncio.Task[str | None]] = {}

    # -- checking requests ------------------------------------------------------------

    def _check_query(self, request: web.Request) -> None:
        query = request.query
        timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
        if self.account.plain_signature and not check_signature(
            query.get("signature", ""), self.account.token, timestamp, nonce
        ):
            raise _refused(request, 403, "bad signature")
        if not is_fresh(timestamp, time.time(), self.window):
            raise _refused(request, 403, f"timestamp {timestamp[:20]!r} outside the window")

    def _check_msg_signature(self, request: web.Request, encrypted: str) -> None:
        query = request.query
        if not check_signature(
            query.get("msg_signature", ""),
            self.account.token,
            query.get("timestamp", ""),
            query.get("nonce", ""),
            encrypted,
        ):
            raise _refused(request, 403, "bad msg_signature")

    def _decrypt(self, request: web.Request, encrypted: str) -> str:
        assert self.account.crypto is not None
        self._check_msg_signature(request, encrypted)
        try:
            return self.account.crypto.decrypt(encrypted)
        except CryptoError as exc:
            raise _refused(request, 403, f"decryption failed: {exc}") from None

    async def _claim_nonce(self, request: web.Request, payload: bytes) -> None:
        """Refuse a signed (timestamp, nonce) seen before with another payload: a replay.

        WeChat retries a message with the very same URL and body; that passes, and the
        inbox answers it once.
        """
        query = request.query
        fresh = await request.app[STORE].claim_nonce(
            self.account.channel,
            query.get("nonce", ""),
            query.get("timestamp", ""),
            hashlib.sha256(payload).hexdigest(),
            time.time(),
            # Long enough that a timestamp still inside the window is still remembered.
            2 * self.window + 60,
        )
        if not fresh:
            raise _refused(request, 403, "nonce replayed with another body")

    def _encrypted(self, request: web.Request) -> bool:
        if self.account.channel == "wecom":
            return True
        if request.query.get("encrypt_type", "raw") == "raw":
            if not self.account.allow_plain:
                raise _refused(request, 403, "plaintext message in safe mode (WECHAT_ALLOW_COMPAT)")
            return False
        if self.account.crypto is None:
            raise _refused(request, 403, "encrypted message but WECHAT_AES_KEY is not set")
        return True

    # -- handlers ---------------------------------------------------------------------

    async def verify(self, request: web.Request) -> web.Response:
        """The URL check when the callback is configured in WeChat's admin console."""
        self._check_query(request)
        echostr = request.query.get("echostr")
        if not echostr:
            raise _refused(request, 400, "missing echostr")
        signed = echostr
        if self.account.channel == "wecom":
            echostr = self._decrypt(request, echostr)
        await self._claim_nonce(request, signed.encode())
        return web.Response(text=echostr)

    async def receive(self, request: web.Request) -> web.Response:
        self._check_query(request)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise _refused(request, 413, "body over the size limit") from None
        fields = _parse(request, body)
        encrypted = self._encrypted(request)
        if encrypted:
            if not fields.get("Encrypt"):
                raise _refused(request, 400, "no <Encrypt> in an encrypted message")
            fields = _parse(request, self._decrypt(request, fields["Encrypt"]).encode())
        await self._claim_nonce(request, body)
        sender, account_id = fields.get("FromUserName", ""), fields.get("ToUserName", "")
        if not (0 < len(sender) <= MAX_USER_ID and account_id):
            raise _refused(request, 400, "missing FromUserName or ToUserName")

        chat = request.app[CHAT]
        incoming = read_message(fields, chat.engine)
        content = None
        if incoming is not None:
            content = await self._answer_once(chat, sender, dedup_key(fields), incoming)
        if content is None:
            return web.Response(text="success")
        xml = text_reply(
            sender, account_id, content, int(time.time()), agent_id=fields.get("AgentID", "")
        )
        if encrypted:
            assert self.account.crypto is not None
            stamp, nonce = str(int(time.time())), secrets.token_hex(8)
            xml = self.account.crypto.encrypt_reply(xml, stamp, nonce)
        return web.Response(text=xml, content_type="application/xml")

    # -- answering --------------------------------------------------------------------

    async def _answer_once(
        self, chat: ChatService, sender: str, key: str | None, incoming: Incoming
    ) -> str | None:
        if key is None:
            return await self._answer(chat, sender, None, incoming)
        slot = (sender, key)
        task = self._answering.get(slot)
        if task is None:
            task = asyncio.create_task(self._answer(chat, sender, key, incoming))
            self._answering[slot] = task
            task.add_done_callback(lambda _: self._answering.pop(slot, None))
        # Shielded: WeChat hanging up on one attempt must not cancel the answer a retry awaits.
        return await asyncio.shield(task)

    async def _answer(
        self, chat: ChatService, sender: str, key: str | None, incoming: Incoming
    ) -> str | None:
        """The reply's content, or None when WeChat only gets "success"."""
        channel, store = self.account.channel, chat.store
        if key is not None:
            stored = await store.inbox_reply(channel, sender, key)
            if stored is not None:  # answered before, maybe before a restart
                return await self._again(store, sender, stored, incoming)
        respond = incoming.respond
        pick = typed_number(incoming.text) if respond is None else None
        if pick is not None:
            last = await _last_bot_message(store, channel, sender)
            respond = pick_quick_reply(chat.engine, pick, last.quick_replies if last else [])
        try:
            reply, _ = await chat.handle(
                channel,
                sender,
                incoming.text,
                incoming.kind,
                respond,
                None if key is None else (sender, key),
            )
        except AlreadyAnswered as exc:  # a retry answered meanwhile, maybe at another process
            return await self._again(store, sender, exc.reply, incoming)
        except RateLimited:
            return None if incoming.silent else TOO_FAST
        if incoming.silent:
            return None
        return render_text_with_choices(reply.text, list(reply.quick_replies))

    async def _again(
        self, store: Store, sender: str, stored: str, incoming: Incoming
    ) -> str | None:
        """The reply a message already got, for WeChat's retry of it."""
        if incoming.silent:
            return None
        last = await _last_bot_message(store, self.account.channel, sender)
        listed = last.quick_replies if last and last.text == stored else []
        return render_text_with_choices(stored, listed)


def setup(app: web.Application) -> None:
    """Route each configured channel; raises ConfigError on incomplete settings."""
    settings = app[SETTINGS]
    for account in accounts(settings):
        callback = Callback(account, settings.wechat_time_window)
        app.router.add_get(f"/{account.channel}", callback.verify)
        app.router.add_post(f"/{account.channel}", callback.receive)
    if settings.wechat_app_id and settings.wechat_app_secret:
        app.cleanup_ctx.append(wechat_api.customer_service_ctx)
