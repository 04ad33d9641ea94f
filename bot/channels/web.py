"""The web chat: the page, and the JSON API it talks to."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from .. import identity
from ..chat import RateLimited
from ..inputs import is_blank, row_id
from ..keys import CHAT, SECRET, STATIC_VERSION
from ..middlewares import NOTHING_NEW, ApiError, dumps
from ..ratelimit import TOO_FAST
from ..store import ChangedBy, Conflict, Profile

MAX_TEXT = 1000
BUSY = "同时发来的消息太多了，请稍后再发。"
HISTORY_PAGE = 500
# The page's own id for a message: letters, digits, "-" and "_" (a UUID fits).
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_PROFILE_FIELD = 40
CHANNEL = "web"


class Welder:
    """The cookie's welder for one request; a new one when the cookie is missing or bad."""

    def __init__(self, request: web.Request) -> None:
        self.request = request
        self.secret = request.app[SECRET]
        uid = identity.read(request, self.secret)
        self.is_new = uid is None
        self.uid = uid or identity.new_uid()

    def respond(self, body: dict[str, Any]) -> web.Response:
        return self.sign(web.json_response(body, dumps=dumps))

    def sign(self, response: web.Response) -> web.Response:
        """Give a new welder their cookie; the chat and history must not be cached."""
        if self.is_new:
            identity.set_cookie(self.request, response, self.secret, self.uid)
        response.headers["Cache-Control"] = "no-store"
        return response


# Only an escape can put a lone surrogate into JSON text that is valid UTF-8.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or a 4xx with a clear Chinese message."""
    if request.content_type != "application/json":
        raise ApiError(415, "请用 JSON 格式发送（Content-Type: application/json）。")
    try:
        raw = (await request.read()).decode("utf-8-sig")  # JSON is UTF-8 (RFC 8259)
        body = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError included; nesting too deep
        raise ApiError(400, "内容不是有效的 JSON。") from None
    if not isinstance(body, dict):
        raise ApiError(400, "内容应该是一个 JSON 对象。")
    if _SURROGATE_ESCAPE.search(raw):
        try:
            # \ud800 alone is not text, and SQLite cannot store it; a pair is a character.
            json.dumps(body, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise ApiError(400, "内容里有无法识别的字符，请重新输入。") from None
    return body


async def page(request: web.Request) -> web.Response:
    # The cookie comes with the page, so the page's first requests share one identity.
    kb = request.app[CHAT].engine.kb
    context = {
        "static_version": request.app[STATIC_VERSION],
        "stages": kb.stages,
        "checklist": kb.checklist,
    }
    return Welder(request).sign(aiohttp_jinja2.render_template("chat.html", request, context))


async def chat(request: web.Request) -> web.Response:
    body = await read_json(request)
    text = body.get("text")
    if text is None:
        raise ApiError(400, "缺少 text：请把问题放在 text 里。")
    if not isinstance(text, str):
        raise ApiError(400, "text 必须是文字。")
    text = text.strip()
    if is_blank(text):
        raise ApiError(400, "问题是空的，请输入文字。")
    if len(text) > MAX_TEXT:
        raise ApiError(413, f"问题太长了，请控制在 {MAX_TEXT} 字以内。")
    client_id = body.get("client_id")
    if client_id is not None and not (
        isinstance(client_id, str) and _CLIENT_ID.fullmatch(client_id)
    ):
        raise ApiError(400, "client_id 只能是 1 到 64 个字母、数字、- 或 _。")
    welder = Welder(request)
    try:
        reply, message_id = await request.app[CHAT].handle(
            CHANNEL, welder.uid, text, client_id=client_id
        )
    except RateLimited:
        raise ApiError(429, TOO_FAST) from None
    except Conflict:
        raise ApiError(503, BUSY) from None
    return welder.respond(
        {
            "reply": reply.text,
            "stage": reply.progress.stage,
            "answered": reply.answered,
            "quick_replies": list(reply.quick_replies),
            "answer_id": reply.answer_id,
            "message_id": message_id,
        }
    )


async def history(request: web.Request) -> web.Response:
    query = request.query
    after = _position(query, "after")
    before = _position(query, "before")
    welder = Welder(request)
    service = request.app[CHAT]
    store = service.store
    welder_id = None if welder.is_new else await store.welder_id(CHANNEL, welder.uid, create=False)
    if welder_id and after is None and before is None:  # a visit: the page loads the chat
        await service.nudge_on_visit(welder_id, CHANNEL)
    messages: list = []
    if welder_id and after is not None:  # what came since: oldest first, page by page
        messages = await store.newer(welder_id, after, HISTORY_PAGE + 1)
        has_more = len(messages) > HISTORY_PAGE
        messages = messages[:HISTORY_PAGE]
        cursor = messages[-1].id if messages else after
    elif welder_id:  # the newest page, or the one before `before`
        messages = await store.older(welder_id, before or MAX_POSITION, HISTORY_PAGE + 1)
        has_more = len(messages) > HISTORY_PAGE
        messages = messages[-HISTORY_PAGE:]
        cursor = messages[0].id if has_more else None
    else:
        has_more, cursor = False, None
    # Not the cached progress: another process may have moved the welder on since.
    progress = await store.progress(welder_id or 0, service.engine.first_stage, cached=False)
    welcome = service.engine.welcome(progress.stage)
    request[NOTHING_NEW] = "after" in request.query and not messages
    return welder.respond(
        {
            "messages": [m.public() for m in messages],
            "has_more": has_more,
            # Pass it back as `before` (or as `after`, when asked with `after`) for the next page.
            "cursor": cursor,
            "welcome": {"text": welcome.text, "quick_replies": list(welcome.quick_replies)},
            "stage": progress.stage,
            "checklist": sorted(progress.checklist),
        }
    )


async def _own_id(request: web.Request) -> tuple[Welder, int | None]:
    welder = Welder(request)
    if welder.is_new:
        return welder, None
    return welder, await request.app[CHAT].store.welder_id(CHANNEL, welder.uid, create=False)


async def feedback(request: web.Request) -> web.Response:
    body = await read_json(request)
    message_id, helpful = body.get("message_id"), body.get("helpful")
    if not isinstance(message_id, int) or isinstance(message_id, bool):
        raise ApiError(400, "缺少 message_id：请告诉我是哪条回答。")
    if not isinstance(helpful, bool):
        raise ApiError(400, "helpful 必须是 true 或 false。")
    welder, welder_id = await _own_id(request)
    try:
        offer = (
            await request.app[CHAT].feedback(welder_id, CHANNEL, message_id, helpful)
            if welder_id
            else None
        )
    except Conflict:
        raise ApiError(503, BUSY) from None
    if offer is None:
        raise ApiError(404, "找不到这条回答。")
    return welder.respond({"helpful": helpful, "offer_id": offer or None})


async def set_stage(request: web.Request) -> web.Response:
    body = await read_json(request)
    stage = body.get("stage")
    service = request.app[CHAT]
    if not isinstance(stage, str) or stage not in {s.id for s in service.engine.kb.stages}:
        raise ApiError(400, "没有这个阶段。")
    welder = Welder(request)
    welder_id = await service.store.welder_id(CHANNEL, welder.uid)
    try:
        await service.set_stage(welder_id, CHANNEL, stage, ChangedBy("welder"))
    except Conflict:
        raise ApiError(503, BUSY) from None
    return welder.respond({"stage": stage})


MAX_POSITION = 2**63 - 1


def _position(query, name: str) -> int | None:
    """A message id given as ?after= or ?before=; None when absent, a 400 when malformed."""
    raw = query.get(name)
    if raw is None:
        return None
    found = row_id(raw)
    if found is None:
        raise ApiError(400, f"{name} 必须是一个不太大的正整数。")
    return found


async def get_profile(request: web.Request) -> web.Response:
    welder = Welder(request)
    store = request.app[CHAT].store
    welder_id = None if welder.is_new else await store.welder_id(CHANNEL, welder.uid, create=False)
    profile = await store.profile(welder_id) if welder_id else Profile()
    return welder.respond(profile.__dict__)


async def set_profile(request: web.Request) -> web.Response:
    body = await read_json(request)
    values = {}
    for name in ("name", "company", "phone"):
        value = body.get(name, "")
        if not isinstance(value, str):
            raise ApiError(400, f"{name} 必须是文字。")
        if len(value.strip()) > MAX_PROFILE_FIELD:
            raise ApiError(413, f"{name} 太长了，最多 {MAX_PROFILE_FIELD} 字。")
        values[name] = value.strip()
    welder = Welder(request)
    store = request.app[CHAT].store
    welder_id = await store.welder_id(CHANNEL, welder.uid)
    await store.set_profile(welder_id, Profile(**values))
    return welder.respond(values)


def setup(app: web.Application) -> None:
    app.router.add_get("/", page)
    app.router.add_post("/api/chat", chat)
    app.router.add_get("/api/history", history)
    app.router.add_get("/api/profile", get_profile)
    app.router.add_post("/api/profile", set_profile)
    app.router.add_post("/api/feedback", feedback)
    app.router.add_post("/api/stage", set_stage)
