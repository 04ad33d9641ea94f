"""The app factory: routes, middlewares, and the store's lifetime."""

from __future__ import annotations

import hashlib
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
from .middlewares import access, errors
from .proxies import TRUSTED_PROXIES, TrustedProxies
from .ratelimit import ADDRESS_LIMIT, RateLimiter, limit
from .settings import Settings, initial_secret

HERE = Path(__file__).resolve().parent
MAX_BODY = 64 * 1024


def _static_version() -> str:
    digest = hashlib.sha256()
    for path in sorted((HERE / "static").iterdir()):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(settings: Settings, kb: knowledge.KnowledgeBase | None = None) -> web.Application:
    """Build the service; raises KnowledgeError when the knowledge base is invalid."""
    kb = kb or knowledge.load(settings.knowledge)
    app = web.Application(
        middlewares=[access, errors, limit("/api/chat", "/api/feedback", "/api/stage")],
        client_max_size=MAX_BODY,
    )
    app[SETTINGS] = settings
    app[ADDRESS_LIMIT] = RateLimiter(settings.address_rate_per_minute)
    app[TRUSTED_PROXIES] = TrustedProxies.parse(settings.trusted_proxies)
    app[STATIC_VERSION] = _static_version()
    app[OUTBOUND] = {}
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
