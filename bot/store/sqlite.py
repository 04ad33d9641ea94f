"""The SQLite backend: one file, a group-commit writer on its own thread, a reader beside it.

Writes go through one writer task that commits the turns arriving together in one
transaction (group commit), with one statement per kind of row for all of them (see
sqlite_turns); nobody is answered before their turn is committed. The whole transaction
runs in one hand-over to the writer's thread, and checkpoints run beside it on a
connection of their own, so that a commit never waits for the event loop or for an fsync.
Reads use a second connection, which in WAL mode sees only committed data; the teacher
console's reads use a third, so that they never queue in front of a welder's.
Each welder's progress is also kept in memory once a turn of theirs is committed (see
SqlStore.save_turn), so a message costs no reads; the database stays the source of truth.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from .base import Failed, Params, Row, Write, in_runs, like_pattern
from .migrate import migrate_sqlite
from .models import Turn, now
from .queries import Queries
from .sqlite_turns import write_turns

T = TypeVar("T")
log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    # NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)
# How often the checkpointer copies the write-ahead log into the database file.
CHECKPOINT_EVERY = 1.0


@functools.lru_cache(maxsize=512)
def dialect(sql: str) -> str:
    """The shared SQL's $1, $2 … as SQLite's numbered ?1, ?2 …"""
    return re.sub(r"\$(\d+)", r"?\1", sql)


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


def _open_writer(path: Path) -> sqlite3.Connection:
    """The writing connection, migrated; opened on, and used only by, the writer's thread."""
    # Autocommit mode: transactions are begun and committed explicitly (see _transaction).
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    # Checkpoints fsync, which can take a slow disk hundreds of milliseconds: the
    # checkpointer does them beside the writer, so that no commit waits for one.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        # Processes starting together on a new file (or a new version) migrate one at a
        # time; the others then find the work done. A lock file: executescript cannot run
        # inside a transaction we hold, and SQLite's own lock is only held by one.
        with path.with_name(path.name + ".migrate-lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            migrate_sqlite(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _private_file(path: Path) -> None:
    """Create the database file (and a missing folder) readable by this user only.

    SQLite gives the -wal and -shm files the database file's permissions.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)  # one made before this rule may still be readable by others
    finally:
        os.close(fd)


def _commit_batch(conn: sqlite3.Connection, batch: list[Write | Turn]) -> list:
    """Run a batch in one transaction, on the writer's thread; each work's result or Failed.

    One trip to the thread for the whole batch: the event loop hands it over once, and
    the writer does not wait for the loop to schedule each next statement.
    """
    try:
        return _transaction(conn, batch)
    except Exception as exc:
        if len(batch) == 1:
            return [Failed(exc)]
    # One bad write must not sink the others: run them again one by one.
    outcomes: list = []
    for work in batch:
        try:
            outcomes += _transaction(conn, [work])
        except Exception as exc:
            outcomes.append(Failed(exc))
    return outcomes


def _transaction(conn: sqlite3.Connection, batch: list[Write | Turn]) -> list:
    conn.execute("BEGIN IMMEDIATE")
    try:
        results = _run_in_order(conn, batch)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # some errors end the transaction themselves
            conn.execute("ROLLBACK")
        raise
    return results


def _run_write(conn: sqlite3.Connection, work: Write) -> Any:
    for statement in work.statements:
        cursor = conn.execute(dialect(statement.sql), statement.args)
    if work.result == "rowcount":
        return cursor.rowcount
    if work.result == "value":
        row = cursor.fetchone()
        return row[0] if row else None
    return None


def _run_in_order(conn: sqlite3.Connection, batch: list[Write | Turn]) -> list:
    results: list = []
    for work in in_runs(batch):
        if isinstance(work, Write):
            results.append(_run_write(conn, work))
        else:
            results += write_turns(conn, work, now())
    return results


class SqliteStore(Queries):
    def __init__(self, path: Path, checkpoint_every: float = CHECKPOINT_EVERY) -> None:
        super().__init__()
        self.path = path
        self.checkpoint_every = checkpoint_every
        # The writer is a plain connection on a thread of its own; reads and checkpoints use
        # aiosqlite connections, each with its own thread too.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._writer: sqlite3.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._console: aiosqlite.Connection | None = None
        self._checkpointer: aiosqlite.Connection | None = None
        self._tasks: list[asyncio.Task] = []

    async def _on_writer(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    async def open(self) -> SqliteStore:
        _private_file(self.path)
        self._writer = await self._on_writer(_open_writer, self.path)
        self._reader = await _connect(self.path)
        self._console = await _connect(self.path)
        self._checkpointer = await _connect(self.path)
        self._tasks = [
            asyncio.create_task(self._write_loop()),
            asyncio.create_task(self._checkpoint_loop()),
        ]
        return self

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for conn in (self._reader, self._console, self._checkpointer):
            if conn is not None:
                await conn.close()
        if self._writer is not None:
            # The last connection to close checkpoints the log into the database file.
            await self._on_writer(self._writer.close)
        self._thread.shutdown()

    async def _commit(self, batch: list[Write | Turn]) -> list:
        try:
            return await self._on_writer(_commit_batch, self._writer, batch)
        except Exception as exc:  # the thread itself failed: nothing was committed
            return [Failed(exc)] * len(batch)

    async def _checkpoint_loop(self) -> None:
        assert self._checkpointer is not None
        while True:
            await asyncio.sleep(self.checkpoint_every)
            # PASSIVE: copies what no reader still needs, and never blocks the writer.
            try:
                await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                log.exception("checkpoint failed; the next one will try again")

    async def _fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        # The reader connection never sees a write in progress.
        assert self._reader is not None
        # One trip to the connection's thread, not three (execute, fetch, close).
        return await self._reader.execute_fetchall(dialect(sql), args)  # type: ignore[return-value]

    async def follow_knowledge(self, changed: Callable[[], None]) -> None:
        return  # no notices between processes: the periodic version check sees the edits

    async def _fetch_console(self, sql: str, *args: Any) -> Sequence[Row]:
        assert self._console is not None
        return await self._console.execute_fetchall(dialect(sql), args)  # type: ignore[return-value]

    def _search(self, text: str, arg: Params) -> str:
        if len(text) >= 3:
            # The trigram index finds any substring of three characters or more.
            quoted = '"' + text.replace('"', '""') + '"'
            return (
                f"m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH {arg(quoted)})"
            )
        return f"m.text LIKE {arg(like_pattern(text))} ESCAPE '\\'"
