"""Turns committed together (one batch, few statements) and the progress kept in memory."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3

import pytest

from bot.store import Outgoing, Progress, Store, Turn
from bot.store.sqlite import SqliteStore
from tests.database import INTEGRITY_ERRORS, Database

START = Progress("preparation", known=False)


def _turn(welder: int, n: int, before: Progress, after: Progress, **kwargs) -> Turn:
    said = (Outgoing("welder", f"问{n}"), Outgoing("bot", f"答{n}", quick_replies=("a", "b")))
    return Turn(welder, "web", said, before, after, **kwargs)


async def _reopened(store: Store, database: Database) -> Store:
    await store.close()
    return await database.store().open()


async def test_turns_written_together_each_keep_their_own_rows(database):
    store = await database.store().open()
    try:
        welders = [await store.welder_id("web", f"w{n}") for n in range(30)]
        afters = [
            Progress(
                ("submission", "review", "correction")[n % 3],
                step=f"s{n}",
                checklist=frozenset({"form"} if n % 2 else set()),
                choices=("x", "y") if n % 4 == 0 else (),
            )
            for n in range(30)
        ]
        turns = [_turn(w, n, START, afters[n], handoff=n % 5 == 0) for n, w in enumerate(welders)]
        ids = await asyncio.gather(*(store.save_turn(t) for t in turns))
        store = await _reopened(store, database)
        for n, welder in enumerate(welders):
            history = await store.history(welder)
            assert [(m.id, m.text) for m in history] == [
                (ids[n][0], f"问{n}"),
                (ids[n][1], f"答{n}"),
            ]
            assert history[1].quick_replies == ["a", "b"]
            assert await store.progress(welder, "preparation") == afters[n]
            changes = await store.stage_history(welder)
            assert [(c.from_stage, c.to_stage) for c in changes] == [(None, afters[n].stage)]
        handoffs = await database.fetchall("SELECT welder_id, message_id FROM handoffs ORDER BY id")
        assert [(r["welder_id"], r["message_id"]) for r in handoffs] == [
            (welders[n], ids[n][0]) for n in range(0, 30, 5)
        ]
    finally:
        await store.close()


async def test_two_turns_of_one_welder_in_one_batch_apply_in_order(database):
    store = await database.store().open()
    try:
        welder = await store.welder_id("web", "w")
        first = Progress("preparation", checklist=frozenset({"form", "medical"}), choices=("a",))
        second = Progress("submission", checklist=frozenset({"medical"}), choices=("b", "c"))
        await asyncio.gather(
            store.save_turn(_turn(welder, 1, START, first)),
            # The second turn read the first's progress: version 1.
            store.save_turn(_turn(welder, 2, dataclasses.replace(first, version=1), second)),
        )
        assert await store.progress(welder, "preparation") == second
        store = await _reopened(store, database)
        assert await store.progress(welder, "preparation") == second
        assert [m.text for m in await store.history(welder)] == ["问1", "答1", "问2", "答2"]
        changes = await store.stage_history(welder)
        assert [(c.from_stage, c.to_stage) for c in changes] == [
            (None, "preparation"),
            ("preparation", "submission"),
        ]
    finally:
        await store.close()


async def test_a_failed_turn_leaves_the_progress_to_be_read_from_the_database(database):
    store = await database.store().open()
    try:
        welder = await store.welder_id("web", "w")
        saved = Progress("review", step="rev_wait")
        await store.save_turn(_turn(welder, 1, START, saved))
        # A turn that cannot be stored (a bad message role) must not change what is remembered.
        read = await store.progress(welder, "preparation")
        bad = Turn(welder, "web", (Outgoing("robot", "?"),), read, Progress("done"))
        with pytest.raises(INTEGRITY_ERRORS):
            await store.save_turn(bad)
        assert await store.progress(welder, "preparation") == saved
    finally:
        await store.close()


async def test_a_bad_turn_in_a_batch_does_not_sink_the_others(database):
    store = await database.store().open()
    try:
        welders = [await store.welder_id("web", f"w{n}") for n in range(3)]
        after = Progress("submission")
        bad = Turn(welders[1], "web", (Outgoing("robot", "?"),), START, after)
        good = [_turn(welders[n], n, START, after) for n in (0, 2)]
        saved = await asyncio.gather(
            store.save_turn(good[0]),
            store.save_turn(bad),
            store.save_turn(good[1]),
            return_exceptions=True,
        )
        assert isinstance(saved[1], INTEGRITY_ERRORS)
        store = await _reopened(store, database)
        assert [m.text for m in await store.history(welders[0])] == ["问0", "答0"]
        assert await store.history(welders[1]) == []
        assert [m.text for m in await store.history(welders[2])] == ["问2", "答2"]
        assert await store.progress(welders[1], "preparation") == START
    finally:
        await store.close()


@pytest.mark.sqlite_only
async def test_the_checkpointer_copies_commits_into_the_database_file(database):
    # The writer never checkpoints itself; without the checkpointer the log would only grow.
    store = await SqliteStore(database.path, checkpoint_every=0.05).open()
    try:
        welder = await store.welder_id("web", "w")
        await store.save_turn(_turn(welder, 1, START, Progress("review")))
        copy = database.path.with_name("copy.db")
        for _ in range(200):  # up to ten seconds on a slow machine
            await asyncio.sleep(0.05)
            # The database file alone, without its write-ahead log.
            copy.write_bytes(store.path.read_bytes())
            with contextlib.closing(sqlite3.connect(copy)) as conn:
                try:
                    found = conn.execute("SELECT text FROM messages ORDER BY id").fetchall()
                except sqlite3.DatabaseError:  # not even the tables yet, or copied mid-checkpoint
                    found = []
            if found:
                break
        assert found == [("问1",), ("答1",)]
    finally:
        await store.close()
