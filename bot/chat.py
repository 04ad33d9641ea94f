"""One welder message in, one reply out: load progress, understand, store, answer.

Several processes may answer the same welder at once (two machines behind a proxy, or a
WeChat retry landing elsewhere). A turn is saved only over the progress version it read;
when another process saved first, the turn is thrown away and made again from the
progress as it now is (optimistic concurrency), so no step is repeated or skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from . import heap, ratelimit
from .engine import HANDOFF, Engine, Reply
from .knowledge import KnowledgeBase
from .store import SHANGHAI, ChangedBy, Conflict, Message, Outgoing, Progress, Store, Turn
from .workdays import REVIEW_WORKING_DAYS, working_days_between

Responder = Callable[[Progress, str], Reply]
T = TypeVar("T")
log = logging.getLogger(__name__)
# Tries of one message against other processes' turns of the same welder. Each lost try
# means another turn of theirs committed, so running out takes a welder writing from
# several places faster than a turn completes.
ATTEMPTS = 5


class RateLimited(Exception):
    """The welder has sent their rate of messages; nothing was stored."""


NUDGE = (
    f"您等审批已经超过 {REVIEW_WORKING_DAYS} 个工作日了。"
    "可以在一网通办的「办件查询」里看看状态，或者点「找老师」问问老师。"
)
NOT_HELPFUL = "抱歉没帮上忙。可以换个说法再问一次，或者点「找老师」，老师会来回复您。"


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
        client_id: str | None = None,
    ) -> tuple[Reply, int]:
        """Answer one message; returns the reply and the stored reply's message id.

        `respond` replaces the engine for messages it cannot read (a WeChat image, say);
        `inbox` is WeChat's (sender, dedup key), whose reply is kept for retries;
        `client_id` is the web page's id for the message: a resend gets the stored reply.
        Raises RateLimited, AlreadyAnswered (inbox: answered before), or Conflict when
        every attempt lost to another process.
        """
        welder_id = await self.store.welder_id(channel, external_id)
        assert welder_id is not None
        async with self._lock(welder_id):
            return await _retried(
                lambda: self._turn(welder_id, channel, text, kind, respond, inbox, client_id)
            )

    async def _turn(
        self,
        welder_id: int,
        channel: str,
        text: str,
        kind: str,
        respond: Responder | None,
        inbox: tuple[str, str] | None,
        client_id: str | None,
    ) -> tuple[Reply, int]:
        engine = self.engine
        before = await self.store.progress(welder_id, engine.first_stage)
        # Checked on every try: a resend another process answered meanwhile is a Conflict
        # here first, and its stored reply on the next try.
        stored = await self.store.web_reply(welder_id, client_id) if client_id else None
        if stored is not None:
            return _replayed(stored, before), stored.id
        allowance, now = None, time.time()
        if self.rate_per_minute > 0:
            allowance = ratelimit.take(
                before.allowance, before.allowance_at, now, self.rate_per_minute
            )
            if allowance is None:
                raise RateLimited()
        reply = self._read(respond or engine.reply, before, text)
        nudged = await self._nudge_due(welder_id, reply.progress)
        if nudged:
            reply = dataclasses.replace(reply, text=f"{reply.text}\n\n{NUDGE}")
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
                nudged=nudged,
                client_id=client_id,
            )
        )
        return reply, ids[-1]

    def _read(self, respond: Responder, state: Progress, text: str) -> Reply:
        """The reply to a message. A flaw in reading it costs the welder no answer: they get
        the honest fallback with a teacher, their progress stays, and the flaw is logged."""
        try:
            return respond(state, text)
        except Exception:
            log.exception("could not read a welder's message")
            return self.engine.answers.fallback(state)

    async def _nudge_due(self, welder_id: int, state: Progress) -> bool:
        """Waiting for approval past the guide's working days, and not nudged since."""
        if state.stage != "review" or not state.known:
            return False
        since, nudged = await self.store.nudge_marks(welder_id)
        if since is None or (nudged is not None and nudged >= since):
            return False
        waited = working_days_between(datetime.fromisoformat(since), datetime.now(SHANGHAI))
        return waited > REVIEW_WORKING_DAYS

    async def _offer(self, welder_id: int, channel: str, text: str, *, nudge: bool = False) -> int:
        """Store a bot message outside a turn of the welder's, offering a teacher."""

        async def attempt() -> int:
            state = await self.store.progress(welder_id, self.engine.first_stage)
            replies = (HANDOFF, *self.engine.stage_menu(state.stage)[:2])
            kind = "nudge" if nudge else "text"
            message = Outgoing("bot", text, kind=kind, quick_replies=replies)
            turn = Turn(welder_id, channel, (message,), state, state, nudged=nudge)
            return (await self.store.save_turn(turn))[0]

        return await _retried(attempt)

    async def nudge_on_visit(self, welder_id: int, channel: str) -> None:
        async with self._lock(welder_id):
            state = await self.store.progress(welder_id, self.engine.first_stage, cached=False)
            if await self._nudge_due(welder_id, state):
                # On a Conflict it is still due: the welder's next visit or message carries it.
                with contextlib.suppress(Conflict):
                    await self._offer(welder_id, channel, NUDGE, nudge=True)

    async def feedback(
        self, welder_id: int, channel: str, message_id: int, helpful: bool
    ) -> int | None:
        """Record a vote; after 没用, offer other words or a teacher. None: not the welder's."""
        async with self._lock(welder_id):
            if not await self.store.record_feedback(welder_id, message_id, helpful):
                return None
            if helpful:
                return 0
            return await self._offer(welder_id, channel, NOT_HELPFUL)

    async def set_stage(self, welder_id: int, channel: str, stage: str, change: ChangedBy) -> None:
        """Move a welder to a stage by hand: their own correction, or a teacher's."""
        async with self._lock(welder_id):
            await _retried(lambda: self._move(welder_id, channel, stage, change))

    async def _move(self, welder_id: int, channel: str, stage: str, change: ChangedBy) -> None:
        kb = self.engine.kb
        before = await self.store.progress(welder_id, self.engine.first_stage)
        after = dataclasses.replace(
            before,
            stage=stage,
            step=kb.stage(stage).steps[0].id,
            last_entry=None,
            reported=None,
            choices=(),
            confirm_reset=False,
            known=True,
        )
        messages: tuple[Outgoing, ...] = ()
        if change.by == "welder":
            name = self.engine.stage_name(stage)
            steps = "\n".join(
                f"{n}. {s.title}" for n, s in enumerate(kb.stage(stage).steps, start=1)
            )
            messages = (
                Outgoing("welder", f"不对，我已经到「{name}」了", kind="correction"),
                Outgoing(
                    "bot",
                    f"好的，改过来了：您现在在「{name}」。\n这一步要做：\n{steps}",
                    quick_replies=self.engine.stage_menu(stage),
                ),
            )
        await self.store.save_turn(Turn(welder_id, channel, messages, before, after, change=change))


async def _retried(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run a write over the welder's progress until it lands on the version it read."""
    for _ in range(ATTEMPTS):
        try:
            return await attempt()
        except Conflict:
            continue  # save_turn dropped the cached progress: the next try reads it
    raise Conflict()


def _replayed(message: Message, progress: Progress) -> Reply:
    return Reply(
        message.text,
        progress,
        answered=message.answered is not False,
        quick_replies=tuple(message.quick_replies),
        answer_id=message.answer_id,
        confidence=message.confidence,
    )
