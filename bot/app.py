"""The app factory: routes, middlewares, and the store's lifetime."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from . import knowledge, knowledge_sync, teacher
from . import store as storage
from .channels import web as web_channel
from .channels import wechat
from .chat import ChatService
from .keys import CHAT, OUTBOUND, SECRET, SETTINGS, STATIC_VERSION, STORE
from .middlewares import (
    RETRY_AFTER,
    STORE_DOWN,
    access,
    body,
    dumps,
    errors,
    security_headers,
)
from .proxies import TRUSTED_PROXIES, TrustedProxies
from .ratelimit import ADDRESS_LIMIT, RateLimiter, limit
from .settings import Settings, initial_secret
from .store import STORE_ERRORS, now

HERE = Path(__file__).resolve().parent
MAX_BODY = 64 * 1024
log = logging.getLogger("bot")


def _static_version() -> str:
    digest = hashlib.sha256()
    for path in sorted((HERE / "static").iterdir()):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


# Longer than a group commit under load takes; a writer stuck this long is not healthy.
HEALTH_TIMEOUT = 2.0


async def healthz(request: web.Request) -> web.Response:
    """Ready when the database takes a write; a load balancer stops sending otherwise."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            await request.app[STORE].probe(now())
    except (*STORE_ERRORS, TimeoutError) as exc:
        log.error("health check: the database cannot write: %s", exc)
        return web.json_response(
            {"status": "unavailable", "error": STORE_DOWN},
            status=503,
            headers={"Retry-After": RETRY_AFTER},
            dumps=dumps,
        )
    return web.json_response({"status": "ok"})


# aiohttp closes a connection whose request has not fully arrived when its keep-alive timer
# fires; the timer starts when the connection opens and again after each response, so this
# is both the header read timeout and the idle time of a kept-alive connection.
HEADER_TIMEOUT = 10.0


LINGER = 2.0


def server_options() -> dict[str, object]:
    """How the HTTP server runs the app, in `serve` and in the tests alike."""
    return {
        "keepalive_timeout": HEADER_TIMEOUT,
        # Bodies are never compressed by our clients: the body middleware refuses them, and
        # without this aiohttp would answer some encodings itself, in plain text.
        "auto_decompress": False,
        # After an answer to a request whose body was not all read (a 408, a 413), aiohttp
        # reads and drops the rest for this long before it hangs up (10 s by default).
        "lingering_time": LINGER,
    }


def create_app(settings: Settings, kb: knowledge.KnowledgeBase | None = None) -> web.Application:
    """Build the service; raises KnowledgeError when the knowledge base is invalid."""
    kb = kb or knowledge.load(settings.knowledge)
    app = web.Application(
        middlewares=[access, errors, limit("/api/chat", "/api/feedback", "/api/stage"), body],
        client_max_size=MAX_BODY,
    )
    app[SETTINGS] = settings
    app[ADDRESS_LIMIT] = RateLimiter(settings.address_rate_per_minute)
    app[TRUSTED_PROXIES] = TrustedProxies.parse(settings.trusted_proxies)
    app[STATIC_VERSION] = _static_version()
    app[OUTBOUND] = {}
    app.on_response_prepare.append(security_headers)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
    )

    async def store_ctx(app: web.Application) -> AsyncIterator[None]:
        store = await storage.create(settings.db, settings.database_url).open()
        app[STORE] = store
        # One secret for every process: the setting, or the one the first process stored.
        secret = settings.secret or await store.shared_value("secret", initial_secret(settings))
        app[SECRET] = secret.encode()
        app[CHAT] = ChatService(store, kb, settings.rate_per_minute)
        yield
        await store.close()

    app.cleanup_ctx.append(store_ctx)
    app.cleanup_ctx.append(knowledge_sync.follow_ctx)
    app.router.add_get("/healthz", healthz)
    app.router.add_static("/static", HERE / "static")
    web_channel.setup(app)
    teacher.setup(app)
    wechat.setup(app)
    return app
