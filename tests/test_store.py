"""The store on a real database: a SQLite file, or PostgreSQL (see tests/database.py)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import pytest

from bot.store import Outgoing, Progress, Turn
from bot.store.migrate import scripts
from tests.database import INTEGRITY_ERRORS


@pytest.mark.sqlite_only
async def test_a_new_database_is_migrated_to_the_latest_version(database):
    store = await database.store().open()
    await store.close()
    with contextlib.closing(sqlite3.connect(database.path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(scripts("sqlite"))
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopening_keeps_what_was_stored(database):
    store = await database.store().open()
    welder = await store.welder_id("web", "abc")
    before = await store.progress(welder, "preparation")
    after = Progress("submission", step="sub_1", checklist=frozenset({"form"}))
    await store.save_turn(
        Turn(welder, "web", (Outgoing("welder", "好了"), Outgoing("bot", "好的")), before, after)
    )
    await store.close()
    store = await database.store().open()
    try:
        again = await store.welder_id("web", "abc")
        assert again == welder
        progress = await store.progress(welder, "preparation")
        assert (progress.stage, progress.step, progress.checklist) == (
            "submission",
            "sub_1",
            frozenset({"form"}),
        )
        assert [m.text for m in await store.history(welder)] == ["好了", "好的"]
        changes = await store.stage_history(welder)
        assert [(c.from_stage, c.to_stage) for c in changes] == [(None, "submission")]
    finally:
        await store.close()


async def test_concurrent_turns_are_all_committed(database):
    store = await database.store().open()
    try:
        welders = [await store.welder_id("web", f"w{i}") for i in range(20)]

        async def turn(welder: int, n: int) -> list[int]:
            state = Progress("preparation", known=False)
            msgs = (Outgoing("welder", f"问{n}"), Outgoing("bot", f"答{n}"))
            return await store.save_turn(Turn(welder, "web", msgs, state, state))

        ids = await asyncio.gather(*(turn(w, n) for n, w in enumerate(welders)))
        assert len({i for pair in ids for i in pair}) == 40
        for n, welder in enumerate(welders):
            assert [m.text for m in await store.history(welder)] == [f"问{n}", f"答{n}"]
    finally:
        await store.close()


async def test_a_failing_write_does_not_sink_the_others_in_its_batch(database):
    store = await database.store().open()
    try:
        welder = await store.welder_id("web", "ok")
        state = Progress("preparation", known=False)
        good = Turn(welder, "web", (Outgoing("welder", "好"),), state, state)
        bad = Turn(10_000, "web", (Outgoing("welder", "坏"),), state, state)  # no such welder
        results = await asyncio.gather(
            store.save_turn(good), store.save_turn(bad), return_exceptions=True
        )
        assert isinstance(results[0], list)
        assert isinstance(results[1], INTEGRITY_ERRORS)
        assert [m.text for m in await store.history(welder)] == ["好"]
    finally:
        await store.close()


async def test_a_nul_character_is_stored_rather_than_refused(database):
    # PostgreSQL's text cannot hold NUL: there it is kept as U+FFFD; SQLite keeps it as it is.
    kept = "问\ufffd题" if database.url else "问\x00题"
    store = await database.store().open()
    try:
        welder = await store.welder_id("web", "w\x00")
        assert await store.welder_id("web", "w\x00", create=False) == welder
        state = Progress("preparation", known=False)
        await store.save_turn(Turn(welder, "web", (Outgoing("welder", "问\x00题"),), state, state))
        assert [m.text for m in await store.history(welder)] == [kept]
    finally:
        await store.close()
