"""Grouping unanswered questions in the background, a little at a time, into the store.

Every process runs the grouper; each batch is stored only if no other process stored it
first, so they agree, and the dashboard reads finished groups with bounded queries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

from aiohttp import web

from ..keys import CHAT, STORE
from ..store import SHANGHAI, STORE_ERRORS, Seen, Store
from . import insights

log = logging.getLogger("bot.grouping")

# Messages read at once, and how long a batch may hold the event loop (welders wait that long).
BATCH = 200
BUDGET = 0.02
PAUSE = 0.2  # between batches while there is work
IDLE = 2.0  # between looks when there is none
# Only the groups with the newest questions are compared with a new one: older groups stop
# growing, but a question costs the same however many groups there are.
COMPARED_GROUPS = 1000
# A message is grouped once it is this old: any transaction that took its id has committed.
SETTLE = timedelta(seconds=5)


async def step(store: Store, normalize: Callable[[str], str], before: str) -> int:
    """Group the next questions stored before `before`; returns how many messages were read."""
    was = await store.grouping_cursor()
    seen = await store.messages_after(was, before, BATCH)
    if not seen:
        return 0
    groups = await store.recent_groups(COMPARED_GROUPS)
    # A new group's id is its first question's id: two processes making the same group
    # collide instead of making it twice.
    group_ids = [gid for gid, _ in groups]
    keys = [key for _, key in groups]
    placed: list[tuple[Seen, int]] = []
    started, read = time.perf_counter(), 0
    for s in seen:
        read += 1
        if s.unanswered:
            index = insights.place(keys, insights.key_of(s.text, normalize))
            if index == len(group_ids):
                group_ids.append(s.id)
            placed.append((s, group_ids[index]))
            if time.perf_counter() - started > BUDGET:
                break
    now = seen[read - 1].id
    new_groups = list(zip(group_ids[len(groups) :], keys[len(groups) :], strict=True))
    try:
        saved = await store.save_grouping(was, now, new_groups, placed)
    except STORE_ERRORS:  # its rows collided with another process's
        saved = False
    if not saved:
        log.info("another process grouped messages after %d first", was)
    return read


async def _run(app: web.Application) -> None:
    while True:
        before = (datetime.now(SHANGHAI) - SETTLE).isoformat(timespec="milliseconds")
        try:
            read = await step(app[STORE], app[CHAT].engine.matcher.normalize, before)
        except Exception:
            log.exception("grouping questions failed; trying again later")
            read = 0
        await asyncio.sleep(PAUSE if read else IDLE)


async def grouper_ctx(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(_run(app))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
