"""Every process answers from the teachers' latest knowledge edits, which live in the store.

Each process checks the edits' version four times a second (a read of one row) and
reloads when it has moved on: a reload takes about 0.6 s here, so another process answers
from an edit within a second of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from . import knowledge
from .keys import CHAT, SETTINGS, STORE

log = logging.getLogger(__name__)
CHECK_EVERY = 0.25
# One reload at a time in a process; a swap never replaces newer knowledge with older.
RELOAD_LOCK = web.AppKey("knowledge_reload_lock", asyncio.Lock)


async def use(app: web.Application, version: int, kb: knowledge.KnowledgeBase) -> None:
    """Answer from `kb` (edits up to `version`) unless newer knowledge is in use already."""
    chat = app[CHAT]
    if version > chat.knowledge_version:
        # The matcher is built off the event loop; the swap itself is one assignment.
        await asyncio.to_thread(chat.use_knowledge, kb, version)


async def reload(app: web.Application) -> None:
    """Load the files and the store's edits again when the edits' version has moved on."""
    store, chat = app[STORE], app[CHAT]
    if await store.knowledge_version() == chat.knowledge_version:
        return
    async with app[RELOAD_LOCK]:
        version, overlay = await store.knowledge_overlay()
        if version <= chat.knowledge_version:
            return
        kb = await asyncio.to_thread(knowledge.load, app[SETTINGS].knowledge, overlay)
        await use(app, version, kb)
        log.info("knowledge reloaded: teachers' edits at version %d", version)


async def _follow(app: web.Application, changed: asyncio.Event) -> None:
    while True:
        # Woken at once by PostgreSQL's notice of an edit, or after CHECK_EVERY anyway: the
        # version check catches notices missed while the listening connection was down.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), CHECK_EVERY)
        changed.clear()
        try:
            await reload(app)
        except Exception:
            # An edit every process checked before storing cannot fail here but for a
            # changed file or a database error: keep answering from what we have.
            log.exception("knowledge reload failed; answering from the knowledge in use")


async def follow_ctx(app: web.Application) -> AsyncIterator[None]:
    """At start, answer from the store's edits too; then follow them while the app runs."""
    app[RELOAD_LOCK] = asyncio.Lock()
    await reload(app)
    changed = asyncio.Event()
    await app[STORE].follow_knowledge(changed.set)
    task = asyncio.create_task(_follow(app, changed))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
