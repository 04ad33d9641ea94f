"""The welder's signed cookie: who is asking, without accounts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from aiohttp import web

from . import cookies

COOKIE = "welder"
ONE_YEAR = 365 * 24 * 3600


def _sign(secret: bytes, uid: str) -> str:
    digest = hmac.new(secret, uid.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def read(request: web.Request, secret: bytes) -> str | None:
    """The welder id of a valid cookie; None for a missing, forged or damaged one."""
    uid, _, sig = (cookies.read(request, COOKIE) or "").partition(".")
    if not uid or not sig or len(uid) > 64:
        return None
    return uid if hmac.compare_digest(_sign(secret, uid), sig) else None


def new_uid() -> str:
    return secrets.token_urlsafe(18)


def value(secret: bytes, uid: str) -> str:
    """The cookie's value for this welder."""
    return f"{uid}.{_sign(secret, uid)}"


def set_cookie(request: web.Request, response: web.StreamResponse, secret: bytes, uid: str) -> None:
    cookies.set_cookie(
        request, response, COOKIE, value(secret, uid), max_age=ONE_YEAR, path="/", samesite="Lax"
    )
