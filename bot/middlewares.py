"""Errors as clear JSON or a friendly page, never a traceback; one access line per request."""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator

import aiohttp_jinja2
from aiohttp import web

from .store import STORE_ERRORS

log = logging.getLogger("bot.access")
error_log = logging.getLogger("bot.error")

# Chinese as UTF-8, not \u escapes: half the bytes on a phone's connection.
dumps = functools.partial(json.dumps, ensure_ascii=False)

REQUEST_ID = web.RequestKey("request_id", str)
# Set by a handler whose answer was routine and empty (a poll with nothing new): its access
# line is logged at DEBUG, so that every few seconds of each open page do not fill the log.
NOTHING_NEW = web.RequestKey("nothing_new", bool)
_SAFE_ID = re.compile(r"[\w.:-]{1,64}", re.ASCII)
# Our own ids: this process's random prefix and a count, unique without a system call each.
_OWN_IDS: Iterator[str]


def _new_ids() -> None:
    global _OWN_IDS
    prefix = secrets.token_hex(3)
    _OWN_IDS = (f"{prefix}{n:06x}" for n in itertools.count(1))


_new_ids()
os.register_at_fork(after_in_child=_new_ids)  # serve --workers: a prefix of each worker's own

# What a person is told for each status when the handler gave no message of its own.
MESSAGES = {
    400: "请求格式不对。",
    401: "请先登录。",
    403: "没有权限访问。",
    404: "页面找不到了。",
    405: "不支持这种请求方式。",
    408: "发送得太慢，连接已断开，请重新发送。",
    413: "内容太大了。",
    415: "内容格式不对。",
    429: "发得太快了，请休息一下再发。",
    500: "服务器出了点问题，请稍后再试。",
}
STORE_DOWN = "系统暂时存不了消息，请过一会儿再发。"
RETRY_AFTER = "10"


class ApiError(Exception):
    def __init__(self, status: int, message: str, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        # The connection ends after the answer: the rest of the request was never read.
        self.close = close


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path in ("/healthz", "/wechat", "/wecom")


def _failure(
    request: web.Request, status: int, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    if wants_json(request.path):
        response = web.json_response({"error": message}, status=status, dumps=dumps)
    else:
        response = aiohttp_jinja2.render_template(
            "error.html", request, {"status": status, "message": message}, status=status
        )
    response.headers.update(headers or {})
    return response


def kept_headers(exc: web.HTTPException) -> dict[str, str]:
    """What an error must still say when its page is replaced by ours: a 405's Allow."""
    return {name: exc.headers[name] for name in ("Allow",) if name in exc.headers}


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        failure = _failure(request, exc.status, exc.message)
        if exc.close:
            failure.force_close()
        return failure
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json":
            raise
        message = MESSAGES.get(exc.status, exc.reason)
        return _failure(request, exc.status, message, kept_headers(exc))
    except STORE_ERRORS:
        error_log.exception("request %s: the database failed", request.get(REQUEST_ID))
        return _failure(request, 503, STORE_DOWN, {"Retry-After": RETRY_AFTER})
    except Exception:
        error_log.exception("request %s failed", request.get(REQUEST_ID))
        return _failure(request, 500, MESSAGES[500])


@web.middleware
async def access(request: web.Request, handler) -> web.StreamResponse:
    # A proxy's id is kept so that its logs and ours can be joined; anything odd is replaced,
    # since it goes into our log lines verbatim.
    given = request.headers.get("X-Request-Id", "")
    request[REQUEST_ID] = given if _SAFE_ID.fullmatch(given) else next(_OWN_IDS)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        response.headers["X-Request-Id"] = request[REQUEST_ID]
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        quiet = status == 200 and request.get(NOTHING_NEW, False)
        log.log(
            logging.DEBUG if quiet else logging.INFO,
            "%s %s %s %d %.1fms",
            request[REQUEST_ID],
            request.method,
            request.path,
            status,
            (time.perf_counter() - started) * 1000,
        )


SECURITY_HEADERS = {
    # Nothing on our pages comes from another site or runs inline, and no page may be framed.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """On every response: the chat page, the console, the API, errors and static files."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


# Longer than any phone needs for our largest body (64 KiB); a connection that trickles
# its body slower than this is holding a place for nothing.
BODY_TIMEOUT = 20.0
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Welders' phones and WeChat send plain bodies; a compressed one is only ever an attacker's.
PLAIN = ("", "identity")


@web.middleware
async def body(request: web.Request, handler) -> web.StreamResponse:
    """Read a request's body before any handler: plain, within the size limit and in time."""
    if request.body_exists:
        if request.headers.get("Content-Encoding", "").strip().lower() not in PLAIN:
            raise ApiError(415, "请不要压缩发送的内容。")
        try:
            async with asyncio.timeout(BODY_TIMEOUT):
                await request.read()  # kept by the request for the handler's read(), json(), post()
        except TimeoutError:
            raise ApiError(408, MESSAGES[408], close=True) from None
        except (web.RequestPayloadError, ConnectionResetError):
            # Broken chunked framing, a body cut short, or the client gone mid-body.
            raise ApiError(400, MESSAGES[400], close=True) from None
    if request.content_type in FORMS:  # even without a body: multipart needs a boundary
        try:
            await request.post()  # kept by the request too
        except (ValueError, LookupError, AssertionError):
            # Not UTF-8, an unknown charset, broken multipart: aiohttp raises these.
            raise ApiError(400, "表单内容不对，请刷新页面后再提交。") from None
    return await handler(request)
