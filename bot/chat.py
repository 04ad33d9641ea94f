"""One welder message in, one reply out: load progress, understand, store, answer."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable

from . import heap
from .engine import Engine, Reply
from .knowledge import KnowledgeBase
from .store import Outgoing, Progress, Store, Turn

Responder = Callable[[Progress, str], Reply]


class ChatService:
    def __init__(self, store: Store, kb: KnowledgeBase) -> None:
        self.store = store
        self.engine = Engine(kb)
        # One lock per welder: their messages are handled in order, different welders in parallel.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def use_knowledge(self, kb: KnowledgeBase) -> None:
        """Answer from a new knowledge base from the next message on (no restart)."""
        self.engine = Engine(kb)
        heap.refreeze()

    def _lock(self, welder_id: int) -> asyncio.Lock:
        lock = self._locks.get(welder_id)
        if lock is None:
            lock = self._locks[welder_id] = asyncio.Lock()
        return lock

    async def handle(
        self,
        channel: str,
        external_id: str,
        text: str,
        kind: str = "text",
        respond: Responder | None = None,
        inbox: tuple[str, str] | None = None,
    ) -> tuple[Reply, int]:
        """Answer one message; returns the reply and the stored reply's message id.

        `respond` replaces the engine for messages it cannot read (a WeChat image, say);
        `inbox` is WeChat's (sender, dedup key), whose reply is kept for retries.
        """
        welder_id = await self.store.welder_id(channel, external_id)
        assert welder_id is not None
        async with self._lock(welder_id):
            engine = self.engine
            before = await self.store.progress(welder_id, engine.first_stage)
            reply = (respond or engine.reply)(before, text)
            incoming = Outgoing("welder", text, kind=kind)
            outgoing = Outgoing(
                "bot",
                reply.text,
                quick_replies=reply.quick_replies,
                answer_id=reply.answer_id,
                confidence=reply.confidence,
                answered=reply.answered,
            )
            ids = await self.store.save_turn(
                Turn(
                    welder_id,
                    channel,
                    (incoming, outgoing),
                    before,
                    reply.progress,
                    reply.handoff,
                    inbox,
                    reply.name,
                )
            )
        return reply, ids[-1]
