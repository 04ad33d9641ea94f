"""Typed keys of the state every handler shares, kept on the app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from .chat import ChatService
from .settings import Settings
from .store import Store

SETTINGS = web.AppKey("settings", Settings)
SECRET = web.AppKey("secret", bytes)
STORE = web.AppKey("store", Store)
CHAT = web.AppKey("chat", ChatService)
STATIC_VERSION = web.AppKey("static_version", str)
# Channel -> how to send a teacher's reply to a welder of that channel outside the web page
# (WeChat's customer-service API); raises OutboundError with a message for the teacher.
Send = Callable[[str, str], Awaitable[None]]
OUTBOUND = web.AppKey("outbound", dict[str, Send])


class OutboundError(Exception):
    """A teacher's reply could not be delivered; the message says why, in Chinese."""
