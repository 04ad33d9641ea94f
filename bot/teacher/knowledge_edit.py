"""Teachers' knowledge fixes: checked against the whole knowledge base, stored in the store
(every process answers from them within a second, see knowledge_sync), answered at once."""

from __future__ import annotations

import asyncio

from aiohttp import web

from .. import knowledge_sync
from ..entries import TEACHER_FILE, Overlay
from ..kb_yaml import KnowledgeError, Problem
from ..kbcheck import load_checked
from ..keys import CHAT, SETTINGS, STORE
from ..knowledge import KnowledgeBase
from ..store import KnowledgeEdit

# Tries against other teachers' edits stored meanwhile, each read again and checked again.
ATTEMPTS = 5


class EditRefused(KnowledgeError):
    """A teacher's change that would leave the knowledge base invalid; nothing was stored."""


def _checked(app: web.Application, overlay: Overlay, edit: KnowledgeEdit) -> KnowledgeBase:
    """The knowledge base with the edit, checked as `kb check` does; raises EditRefused."""
    if edit.entry is not None:
        # An overlay entry replaces a file's entry of its id (see Overlay): refuse it here.
        existing = app[CHAT].engine.kb.entry(edit.entry.id)
        if existing is not None:
            problem = Problem(TEACHER_FILE, edit.entry.id, f"id 重复（另见 {existing.file}）")
            raise EditRefused([problem])
    try:
        return load_checked(app[SETTINGS].knowledge, edit.applied_to(overlay))
    except KnowledgeError as exc:
        raise EditRefused(exc.problems) from None


async def apply(app: web.Application, edit: KnowledgeEdit) -> int:
    """Check, store and start answering from the edited knowledge; returns the change's id."""
    store = app[STORE]
    for _ in range(ATTEMPTS):
        version, overlay = await store.knowledge_overlay()
        # Loading and checking the whole knowledge base takes a while: off the event loop.
        kb = await asyncio.to_thread(_checked, app, overlay, edit)
        change_id = await store.save_knowledge(version, edit)
        if change_id is not None:
            await knowledge_sync.use(app, version + 1, kb)
            return change_id
    raise EditRefused([Problem("-", edit.entry_id, "别的老师正在同时修改知识库，请再提交一次")])
