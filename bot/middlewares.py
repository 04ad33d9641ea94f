"""Errors as clear JSON or a friendly page, never a traceback; one access line per request."""

from __future__ import annotations

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
    413: "内容太大了。",
    415: "内容格式不对。",
    429: "发得太快了，请休息一下再发。",
    500: "服务器出了点问题，请稍后再试。",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _wants_json(request: web.Request) -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/wechat", "/wecom")


def _failure(request: web.Request, status: int, message: str) -> web.Response:
    if _wants_json(request):
        return web.json_response({"error": message}, status=status, dumps=dumps)
    return aiohttp_jinja2.render_template(
        "error.html", request, {"status": status, "message": message}, status=status
    )


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return _failure(request, exc.status, exc.message)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json":
            raise
        return _failure(request, exc.status, MESSAGES.get(exc.status, exc.reason))
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
