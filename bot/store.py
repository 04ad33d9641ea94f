"""Every SQL statement of the service, and its migrations.

Writes go through one writer task that commits the turns arriving together in one
transaction (group commit), with one statement per kind of row for all of them (see
store_turns); nobody is answered before their turn is committed. The whole transaction
runs in one hand-over to the writer's thread, and checkpoints run beside it on a
connection of their own, so that a commit never waits for the event loop or for an fsync.
Reads use a second connection, which in WAL mode sees only committed data.
Each welder's progress is also kept in memory once a turn of theirs is committed (see
`progress`), so a message costs no reads; the database stays the source of truth.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from .lru import Lru
from .store_turns import write_turns

# Shanghai has no daylight saving time: a fixed offset keeps stored times sortable as text.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

T = TypeVar("T")
# Welders whose ids and progress are kept in memory: more than chat in one evening, and
# bounded so that a flood of new cookies cannot grow the process without end.
CACHED_WELDERS = 20_000
Job = Callable[[sqlite3.Connection], Any]
log = logging.getLogger(__name__)

MIGRATIONS: list[str] = [
    # 1: welders, their progress, and the transcript.
    """
    CREATE TABLE welders (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        external_id TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        UNIQUE (channel, external_id)
    );
    CREATE TABLE progress (
        welder_id INTEGER PRIMARY KEY REFERENCES welders (id),
        stage TEXT NOT NULL,
        step TEXT,
        last_entry TEXT,
        confirm_reset INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE checklist (
        welder_id INTEGER NOT NULL REFERENCES welders (id),
        item TEXT NOT NULL,
        done_at TEXT NOT NULL,
        PRIMARY KEY (welder_id, item)
    );
    CREATE TABLE pending_choices (
        welder_id INTEGER NOT NULL REFERENCES welders (id),
        position INTEGER NOT NULL,
        entry_id TEXT NOT NULL,
        PRIMARY KEY (welder_id, position)
    );
    CREATE TABLE stage_changes (
        id INTEGER PRIMARY KEY,
        welder_id INTEGER NOT NULL REFERENCES welders (id),
        from_stage TEXT,
        to_stage TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX stage_changes_welder ON stage_changes (welder_id, id);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        welder_id INTEGER NOT NULL REFERENCES welders (id),
        time TEXT NOT NULL,
        channel TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('welder', 'bot', 'teacher')),
        kind TEXT NOT NULL DEFAULT 'text',
        text TEXT NOT NULL,
        answer_id TEXT,
        confidence REAL,
        answered INTEGER,
        stage TEXT NOT NULL,
        quick_replies TEXT NOT NULL DEFAULT '',
        teacher TEXT
    );
    CREATE INDEX messages_welder ON messages (welder_id, id);
    CREATE INDEX messages_time ON messages (time);
    CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY,
        welder_id INTEGER NOT NULL REFERENCES welders (id),
        message_id INTEGER REFERENCES messages (id),
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
    );
    CREATE INDEX handoffs_open ON handoffs (resolved_at, id);
    """,
    # 2: teachers, their sessions and failed logins; full-text search of the transcript.
    """
    CREATE TABLE teachers (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE teacher_sessions (
        token_hash TEXT PRIMARY KEY,
        teacher_id INTEGER NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL,
        address TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX login_failures_at ON login_failures (at);
    CREATE TABLE knowledge_changes (
        id INTEGER PRIMARY KEY,
        teacher TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        action TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        text, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
    END;
    """,
    # 3: WeChat retries: the reply to each (channel, sender, message key), stored with the turn.
    """
    CREATE TABLE wechat_inbox (
        channel TEXT NOT NULL,
        from_user TEXT NOT NULL,
        dedup_key TEXT NOT NULL,
        reply TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (channel, from_user, dedup_key)
    );
    """,
]


def now() -> str:
    return datetime.now(SHANGHAI).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Progress:
    stage: str
    step: str | None = None
    last_entry: str | None = None
    confirm_reset: bool = False
    checklist: frozenset[str] = frozenset()
    choices: tuple[str, ...] = ()
    # False until the welder's first turn is stored: that turn records the starting stage.
    known: bool = True


@dataclass(frozen=True)
class Message:
    id: int
    role: str
    text: str
    time: str
    quick_replies: list[str] = field(default_factory=list)
    answer_id: str | None = None
    confidence: float | None = None
    answered: bool | None = None
    stage: str = ""
    channel: str = "web"
    kind: str = "text"
    teacher: str | None = None

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "text": self.text,
            "time": self.time,
            "quick_replies": self.quick_replies,
        }


@dataclass(frozen=True)
class Outgoing:
    """A message to store: the welder's, the bot's or a teacher's."""

    role: str
    text: str
    kind: str = "text"
    quick_replies: tuple[str, ...] = ()
    answer_id: str | None = None
    confidence: float | None = None
    answered: bool | None = None
    teacher: str | None = None


@dataclass(frozen=True)
class Turn:
    """Everything one welder message changes, written in one transaction."""

    welder_id: int
    channel: str
    messages: tuple[Outgoing, ...]
    before: Progress
    after: Progress
    handoff: bool = False
    # WeChat: (sender, dedup key) whose reply is kept for retries, in the same transaction.
    inbox: tuple[str, str] | None = None
    name: str | None = None  # the welder told us their name in this message


@dataclass(frozen=True)
class Profile:
    name: str = ""
    company: str = ""
    phone: str = ""


def _split_replies(raw: str) -> list[str]:
    return raw.split("\n") if raw else []


def _message(row: sqlite3.Row) -> Message:
    return Message(
        id=row["id"],
        role=row["role"],
        text=row["text"],
        time=row["time"],
        quick_replies=_split_replies(row["quick_replies"]),
        answer_id=row["answer_id"],
        confidence=row["confidence"],
        answered=None if row["answered"] is None else bool(row["answered"]),
        stage=row["stage"],
        channel=row["channel"],
        kind=row["kind"],
        teacher=row["teacher"],
    )


PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    # NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
)
# How often the checkpointer copies the write-ahead log into the database file.
CHECKPOINT_EVERY = 1.0


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


def _open_writer(path: Path) -> sqlite3.Connection:
    """The writing connection, migrated; opened on, and used only by, the writer's thread."""
    # Autocommit mode: transactions are begun and committed explicitly (see _commit).
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    # Checkpoints fsync, which can take a slow disk hundreds of milliseconds: the
    # checkpointer does them beside the writer, so that no commit waits for one.
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    _migrate(conn)
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # user_version moves inside the same transaction as the script.
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")


@dataclass(frozen=True)
class _Failed:
    error: Exception


def _commit(conn: sqlite3.Connection, batch: list[Job | Turn]) -> list:
    """Run a batch in one transaction, on the writer's thread; each work's result or _Failed.

    One trip to the thread for the whole batch: the event loop hands it over once, and
    the writer does not wait for the loop to schedule each next statement.
    """
    try:
        return _transaction(conn, batch)
    except Exception as exc:
        if len(batch) == 1:
            return [_Failed(exc)]
    # One bad job must not sink the others: run them again one by one.
    outcomes: list = []
    for work in batch:
        try:
            outcomes += _transaction(conn, [work])
        except Exception as exc:
            outcomes.append(_Failed(exc))
    return outcomes


def _transaction(conn: sqlite3.Connection, batch: list[Job | Turn]) -> list:
    conn.execute("BEGIN IMMEDIATE")
    try:
        results = _run_in_order(conn, batch)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # some errors end the transaction themselves
            conn.execute("ROLLBACK")
        raise
    return results


class Store:
    def __init__(self, path: Path, checkpoint_every: float = CHECKPOINT_EVERY) -> None:
        self.path = path
        self.checkpoint_every = checkpoint_every
        # The writer is a plain connection on a thread of its own; reads and checkpoints use
        # aiosqlite connections, each with its own thread too.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._writer: sqlite3.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._checkpointer: aiosqlite.Connection | None = None
        # Jobs, and turns (which the writer groups: see store_turns).
        self._queue: asyncio.Queue[tuple[Job | Turn, asyncio.Future]] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self._welder_ids: Lru[tuple[str, str], int] = Lru(CACHED_WELDERS)
        self._progress: Lru[int, Progress] = Lru(CACHED_WELDERS)

    async def _on_writer(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    async def open(self) -> Store:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await self._on_writer(_open_writer, self.path)
        self._reader = await _connect(self.path)
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
        for conn in (self._reader, self._checkpointer):
            if conn is not None:
                await conn.close()
        if self._writer is not None:
            # The last connection to close checkpoints the log into the database file.
            await self._on_writer(self._writer.close)
        self._thread.shutdown()

    # -- the writer -------------------------------------------------------------------

    async def write(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run job (on the writer's thread) inside a committed transaction; returns after it."""
        return await self._submit(job)

    async def _submit(self, work: Job | Turn) -> Any:
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        await self._queue.put((work, future))
        return await future

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                outcomes = await self._on_writer(_commit, self._writer, [w for w, _ in batch])
            except Exception as exc:  # the thread itself failed: nothing was committed
                outcomes = [_Failed(exc)] * len(batch)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():  # its caller gave up waiting
                    continue
                if isinstance(outcome, _Failed):
                    future.set_exception(outcome.error)
                else:
                    future.set_result(outcome)

    async def _checkpoint_loop(self) -> None:
        assert self._checkpointer is not None
        while True:
            await asyncio.sleep(self.checkpoint_every)
            # PASSIVE: copies what no reader still needs, and never blocks the writer.
            try:
                await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                log.exception("checkpoint failed; the next one will try again")

    async def fetchall(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """Read committed data (the reader connection never sees a write in progress)."""
        assert self._reader is not None
        # One trip to the connection's thread, not three (execute, fetch, close).
        return list(await self._reader.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    # -- welders ----------------------------------------------------------------------

    async def welder_id(self, channel: str, external_id: str, *, create: bool = True) -> int | None:
        key = (channel, external_id)
        cached = self._welder_ids.get(key)
        if cached is not None:
            return cached
        row = await self.fetchone(
            "SELECT id FROM welders WHERE channel = ? AND external_id = ?", key
        )
        if row is None:
            if not create:
                return None

            def insert(conn: sqlite3.Connection) -> int:
                stamp = now()
                conn.execute(
                    "INSERT OR IGNORE INTO welders (channel, external_id, created_at, last_seen)"
                    " VALUES (?, ?, ?, ?)",
                    (channel, external_id, stamp, stamp),
                )
                (new_id,) = conn.execute(
                    "SELECT id FROM welders WHERE channel = ? AND external_id = ?", key
                ).fetchone()
                return new_id

            welder = await self.write(insert)
        else:
            welder = row["id"]
        self._welder_ids.put(key, welder)
        return welder

    async def profile(self, welder_id: int) -> Profile:
        row = await self.fetchone(
            "SELECT name, company, phone FROM welders WHERE id = ?", (welder_id,)
        )
        return Profile(row["name"], row["company"], row["phone"]) if row else Profile()

    async def set_profile(self, welder_id: int, profile: Profile) -> None:
        def update(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE welders SET name = ?, company = ?, phone = ? WHERE id = ?",
                (profile.name, profile.company, profile.phone, welder_id),
            )

        await self.write(update)

    # -- progress ---------------------------------------------------------------------

    async def progress(self, welder_id: int, default_stage: str) -> Progress:
        cached = self._progress.get(welder_id)
        if cached is not None:
            return cached
        # Not cached on a read: a turn committing meanwhile would be overwritten by older data.
        row = await self.fetchone(
            "SELECT stage, step, last_entry, confirm_reset FROM progress WHERE welder_id = ?",
            (welder_id,),
        )
        if row is None:
            return Progress(stage=default_stage, known=False)
        items = await self.fetchall("SELECT item FROM checklist WHERE welder_id = ?", (welder_id,))
        choices = await self.fetchall(
            "SELECT entry_id FROM pending_choices WHERE welder_id = ? ORDER BY position",
            (welder_id,),
        )
        return Progress(
            stage=row["stage"],
            step=row["step"],
            last_entry=row["last_entry"],
            confirm_reset=bool(row["confirm_reset"]),
            checklist=frozenset(r["item"] for r in items),
            choices=tuple(r["entry_id"] for r in choices),
        )

    async def save_turn(self, turn: Turn) -> list[int]:
        """Store the turn's messages and progress in one transaction; returns the message ids.

        This is the only writer of progress, which keeps the progress cache true: it is
        dropped before the write and set only once the write is committed, so a failed or
        abandoned write leaves the database to be read again.
        """
        self._progress.pop(turn.welder_id)
        ids = await self._submit(turn)
        self._progress.put(turn.welder_id, dataclasses.replace(turn.after, known=True))
        return ids

    async def stage_history(self, welder_id: int) -> list[sqlite3.Row]:
        return await self.fetchall(
            "SELECT from_stage, to_stage, at FROM stage_changes WHERE welder_id = ? ORDER BY id",
            (welder_id,),
        )

    async def inbox_reply(self, channel: str, from_user: str, dedup_key: str) -> str | None:
        row = await self.fetchone(
            "SELECT reply FROM wechat_inbox WHERE channel = ? AND from_user = ? AND dedup_key = ?",
            (channel, from_user, dedup_key),
        )
        return row["reply"] if row else None

    # -- transcript -------------------------------------------------------------------

    async def history(self, welder_id: int, after: int = 0, limit: int = 500) -> list[Message]:
        # The newest `limit` messages after `after`, returned oldest first.
        rows = await self.fetchall(
            "SELECT * FROM (SELECT * FROM messages WHERE welder_id = ? AND id > ?"
            " ORDER BY id DESC LIMIT ?) ORDER BY id",
            (welder_id, after, limit),
        )
        return [_message(r) for r in rows]


def _run_in_order(conn: sqlite3.Connection, batch: list[Job | Turn]) -> list:
    """Each job's result in order; turns in a row, of different welders, are written together."""
    results: list = []
    run: list[Turn] = []
    welders: set[int] = set()

    def flush() -> None:
        if run:
            results.extend(write_turns(conn, run, now()))
            run.clear()
            welders.clear()

    for work in batch:
        if not isinstance(work, Turn):
            flush()
            results.append(work(conn))
            continue
        # A welder's second turn waits for the next run: its rows must follow the first's.
        if work.welder_id in welders:
            flush()
        run.append(work)
        welders.add(work.welder_id)
    flush()
    return results
