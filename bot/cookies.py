"""Reading and setting our cookies: anything odd in one reads as no cookie at all."""

from __future__ import annotations

from aiohttp import web

from .proxies import is_https

# Our values are urlsafe base64 and dots; a cookie this long was not made by us.
MAX_VALUE = 200


def read(request: web.Request, name: str) -> str | None:
    """The cookie's value when it could be one of ours: short, printable ASCII; else None."""
    value = request.cookies.get(name)
    # A raw non-ASCII byte arrives as a lone surrogate, which no later step can encode.
    if not value or len(value) > MAX_VALUE or not (value.isascii() and value.isprintable()):
        return None
    return value


def set_cookie(
    request: web.Request,
    response: web.StreamResponse,
    name: str,
    value: str,
    *,
    max_age: int,
    path: str,
    samesite: str,
) -> None:
    """HttpOnly always; Secure whenever the visitor reached us over HTTPS, via a proxy or not."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        httponly=True,
        samesite=samesite,
        secure=is_https(request),
    )
