"""Who may use the console: login, logout, sessions, CSRF tokens and login throttling."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from aiohttp import web
from yarl import URL

from .. import cookies
from ..keys import SECRET, STORE
from ..middlewares import MESSAGES, ApiError, kept_headers
from ..proxies import client_address
from . import accounts, clock
from .render import TEACHER, Teacher, render

PREFIX = "/teacher"
HOME = "/teacher/"
LOGIN = "/teacher/login"
COOKIE = "teacher_session"
LOGIN_COOKIE = "teacher_login"
SESSION = timedelta(hours=12)
# A session nobody used for this long is over; each use extends it (at most once a minute,
# to spare the writer).
IDLE = timedelta(hours=2)
TOUCH_EVERY = timedelta(minutes=1)
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def in_console(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def safe_next(target: object) -> str:
    """Only a console path of this site; anything else (another host, a scheme) goes home."""
    if (
        isinstance(target, str)
        and target.startswith(HOME)
        and not target.startswith(LOGIN)
        and "//" not in target
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return HOME


def _referrer(request: web.Request) -> str:
    """The console page a form was posted from, when the browser says so; else home."""
    referrer = URL(request.headers.get("Referer", ""))
    if referrer.is_absolute() and referrer.origin() != request.url.origin():
        return HOME
    return safe_next(referrer.path_qs)


async def _teacher(request: web.Request) -> Teacher | None:
    token = cookies.read(request, COOKIE)
    if token is None:
        return None
    store, moment = request.app[STORE], clock.now()
    found = await store.session(_token_hash(token), clock.stamp(moment), clock.stamp(moment - IDLE))
    if found is None:
        return None
    if clock.parse(found.last_seen) < moment - TOUCH_EVERY:
        await store.touch_session(_token_hash(token), clock.stamp(moment))
    return Teacher(found.teacher_id, found.username, found.csrf)


async def _check_csrf(request: web.Request, teacher: Teacher) -> None:
    form = await request.post()
    token = form.get("csrf")
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), teacher.csrf.encode()):
        raise ApiError(403, "页面已过期，请刷新页面后再提交一次。")


def _error_page(
    request: web.Request, status: int, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    page = render(request, "teacher/error.html", {"status": status, "message": message}, status)
    page.headers.update(headers or {})
    return page


@web.middleware
async def guard(request: web.Request, handler) -> web.StreamResponse:
    """Every console page needs a teacher's session; every change needs its CSRF token."""
    if not in_console(request.path):
        return await handler(request)
    try:
        teacher = await _teacher(request)
        if teacher is not None:
            request[TEACHER] = teacher
        elif request.path != LOGIN:
            # After a form is posted, come back to the page it was on (its draft is kept
            # in the browser); a cookie that no longer opens a session has expired.
            target = request.path_qs if request.method in SAFE_METHODS else _referrer(request)
            query = {"next": target, **({"expired": "1"} if COOKIE in request.cookies else {})}
            raise web.HTTPSeeOther(LOGIN + "?" + urlencode(query))
        if teacher is not None and request.method not in SAFE_METHODS:
            await _check_csrf(request, teacher)
        return await handler(request)
    except ApiError as exc:
        return _error_page(request, exc.status, exc.message)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        message = MESSAGES.get(exc.status, exc.reason)
        return _error_page(request, exc.status, message, kept_headers(exc))


def _login_token(secret: bytes, nonce: str) -> str:
    mac = hmac.new(secret, b"teacher-login:" + nonce.encode(), hashlib.sha256).hexdigest()
    return f"{nonce}.{mac}"


def _login_form(
    request: web.Request, context: dict, status: int = 200, error: str = ""
) -> web.Response:
    """The login form with a fresh token in a field and in a cookie (double submit): a post
    must come from a form this site gave out, to this browser."""
    token = _login_token(request.app[SECRET], secrets.token_urlsafe(16))
    page = render(request, "teacher/login.html", {**context, "csrf": token, "error": error}, status)
    cookies.set_cookie(
        request, page, LOGIN_COOKIE, token, max_age=3600, path=LOGIN, samesite="Strict"
    )
    return page


def _login_token_ok(request: web.Request, form_token: object) -> bool:
    token = cookies.read(request, LOGIN_COOKIE)
    if token is None or not isinstance(form_token, str) or not form_token.isascii():
        return False
    nonce = token.partition(".")[0]
    return hmac.compare_digest(token, form_token) and hmac.compare_digest(
        token, _login_token(request.app[SECRET], nonce)
    )


async def login_page(request: web.Request) -> web.Response:
    target = safe_next(request.query.get("next"))
    if TEACHER in request:
        raise web.HTTPSeeOther(target)
    expired = request.query.get("expired") == "1"
    return _login_form(request, {"next": target, "expired": expired})


def _locked(recent: list[str]) -> str:
    # The lock lifts when the oldest of the last MAX_FAILURES failures leaves the window.
    left = clock.parse(recent[-MAX_FAILURES]) + WINDOW - clock.now()
    minutes = max(math.ceil(left.total_seconds() / 60), 1)
    return f"登录失败次数太多，为了账号安全，请 {minutes} 分钟后再试。"


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))
    target = safe_next(form.get("next"))
    context = {"next": target, "username": username}
    if not _login_token_ok(request, form.get("csrf")):
        return _login_form(request, context, 403, "登录页面已过期，请再输入一次用户名和密码。")
    address = client_address(request) or ""
    store = request.app[STORE]
    moment = clock.now()
    # Counted as a failure before the password is checked, in one transaction with the
    # check of the count: concurrent guesses cannot all get past it.
    since = clock.stamp(moment - WINDOW)
    if not await store.count_attempt(username, address, clock.stamp(moment), since, MAX_FAILURES):
        recent = await store.failures_since(username, address, since)
        return _login_form(request, context, 429, _locked(recent))
    account = None
    if username and password and len(password) <= accounts.MAX_PASSWORD:
        account = await accounts.authenticate(store, username, password)
    if account is None:
        return _login_form(request, context, 401, "用户名或密码不对。")
    await store.clear_failures(username, address)
    token = secrets.token_urlsafe(32)
    await store.create_session(
        _token_hash(token),
        account.id,
        secrets.token_urlsafe(32),
        clock.stamp(moment),
        clock.stamp(moment + SESSION),
    )
    response = web.Response(status=303, headers={"Location": target})
    cookies.set_cookie(
        request,
        response,
        COOKIE,
        token,
        max_age=int(SESSION.total_seconds()),
        path=PREFIX,
        samesite="Strict",
    )
    response.del_cookie(LOGIN_COOKIE, path=LOGIN)
    return response


async def logout(request: web.Request) -> web.Response:
    token = cookies.read(request, COOKIE) or ""
    await request.app[STORE].delete_session(_token_hash(token))
    response = web.Response(status=303, headers={"Location": LOGIN})
    response.del_cookie(COOKIE, path=PREFIX)
    return response
