"""Who is on the other end of a request: its address, and whether it came over HTTPS.

The one place that decides; until trusted proxies are configurable this believes only the
socket itself, never a header a stranger could send.
"""

from __future__ import annotations

from aiohttp import web


def client_address(request: web.Request) -> str:
    return request.remote or ""


def is_https(request: web.Request) -> bool:
    return request.secure
