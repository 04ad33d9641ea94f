"""One welder message in, one reply out: load progress, understand, store, answer.

Several processes may answer the same welder at once (two machines behind a proxy, or a
WeChat retry landing elsewhere). A turn is saved only over the progress version it read;
when another process saved first, the turn is thrown away and made again from the
progress as it now is (optimistic concurrency), so no step is repeated or skipped.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
import weakref
from collections.abc import Callable

from . import heap, ratelimit
from .engine import Engine, Reply
from .knowledge import KnowledgeBase
from .store import Conflict, Outgoing, Progress, Store, Turn

Responder = Callable[[Progress, str], Reply]
# Tries of one message against other processes' turns of the same welder. Each lost try
# means another turn of theirs committed, so running out takes a welder writing from
# several places faster than a turn completes.
ATTEMPTS = 5


class RateLimited(Exception):
    """The welder has sent their rate of messages; nothing was stored."""


class ChatService:
    def __init__(self, store: Store, kb: KnowledgeBase, rate_per_minute: int = 0) -> None:
        self.store = store
        self.engine = Engine(kb)
        self.rate_per_minute = rate_per_minute
        # The version of the teachers' knowledge edits the engine answers from.
        self.knowledge_version = 0
        # One lock per welder: their messages are handled in order, different welders in parallel.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def use_knowledge(self, kb: KnowledgeBase, version: int) -> None:
        """Answer from a new knowledge base from the next message on (no restart)."""
        self.engine = Engine(kb)
        self.knowledge_version = version
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
        Raises RateLimited, AlreadyAnswered (inbox: answered before), or Conflict when
        every attempt lost to another process.
        """
        welder_id = await self.store.welder_id(channel, external_id)
        assert welder_id is not None
        async with self._lock(welder_id):
            for _ in range(ATTEMPTS):
                try:
                    return await self._turn(welder_id, channel, text, kind, respond, inbox)
                except Conflict:
                    continue  # save_turn dropped the cached progress: the next try reads it
        raise Conflict()

    async def _turn(
        self,
        welder_id: int,
        channel: str,
        text: str,
        kind: str,
        respond: Responder | None,
        inbox: tuple[str, str] | None,
    ) -> tuple[Reply, int]:
        engine = self.engine
        before = await self.store.progress(welder_id, engine.first_stage)
        allowance, now = None, time.time()
        if self.rate_per_minute > 0:
            allowance = ratelimit.take(
                before.allowance, before.allowance_at, now, self.rate_per_minute
            )
            if allowance is None:
                raise RateLimited()
        reply = (respond or engine.reply)(before, text)
        after = dataclasses.replace(reply.progress, allowance=allowance, allowance_at=now)
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
                after,
                reply.handoff,
                inbox,
                reply.name,
            )
        )
        return reply, ids[-1]
