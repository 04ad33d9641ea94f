"""What the two backends share: writes as plain statements, the welder caches, row readers.

SQL is written once, with PostgreSQL's numbered placeholders ($1, $2 …); the SQLite backend
reads them as its own ?1, ?2 … Each backend runs reads on its reader, and writes through its
group-commit writer, which commits the writes and turns arriving together in one transaction.
"""

from __future__ import annotations

import asyncio
import dataclasses
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..lru import Lru
from .console_models import Welder
from .interface import Store
from .models import AlreadyAnswered, Conflict, Message, Progress, Turn

Row = Mapping[str, Any]
# Welders whose ids and progress are kept in memory: more than chat in one evening, and
# bounded so that a flood of new cookies cannot grow the process without end.
CACHED_WELDERS = 20_000


@dataclass(frozen=True)
class Statement:
    sql: str
    args: tuple = ()


@dataclass(frozen=True)
class Write:
    """Statements run in order in one transaction. Its result comes from the last one:
    nothing, the number of rows it changed, or the first column of its first row."""

    statements: tuple[Statement, ...]
    result: Literal["none", "rowcount", "value"] = "none"


def write(sql: str, *args: Any, result: Literal["none", "rowcount", "value"] = "none") -> Write:
    return Write((Statement(sql, args),), result)


@dataclass(frozen=True)
class Failed:
    """A write's outcome when it raised: handed back to its caller by the writer."""

    error: Exception


class Params:
    """Numbered placeholders for SQL put together from fixed pieces; values stay parameters."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


class SqlStore(Store):
    def __init__(self) -> None:
        self._welder_ids: Lru[tuple[str, str], int] = Lru(CACHED_WELDERS)
        self._progress: Lru[int, Progress] = Lru(CACHED_WELDERS)
        self._queue: asyncio.Queue[tuple[Write | Turn, asyncio.Future]] = asyncio.Queue()

    @abstractmethod
    async def _fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        """Rows of committed data."""

    @abstractmethod
    async def _commit(self, batch: list[Write | Turn]) -> list:
        """Each work's result, or Failed, in order: all in one transaction when they can be,
        and one bad work must not sink the others."""

    async def _submit(self, work: Write | Turn) -> Any:
        """Run a write or a turn through the writer; returns once it is committed."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        await self._queue.put((work, future))
        return await future

    async def _write_loop(self) -> None:
        """The writer: whatever waits when it is free goes into one commit."""
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            outcomes = await self._commit([w for w, _ in batch])
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():  # its caller gave up waiting
                    continue
                if isinstance(outcome, Failed):
                    future.set_exception(outcome.error)
                elif isinstance(outcome, Conflict | AlreadyAnswered):  # a refused turn
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    @abstractmethod
    def _search(self, text: str, arg: Params) -> str:
        """A condition on message `m`: its text holds `text` (the backend's text index)."""

    def _lock(self, key: str) -> list[Statement]:
        """Statements that make the rest of a transaction wait for any other transaction
        holding `key`, in every process. SQLite's writes take one lock already."""
        return []

    async def _fetchone(self, sql: str, *args: Any) -> Row | None:
        rows = await self._fetch(sql, *args)
        return rows[0] if rows else None

    async def _fetch_console(self, sql: str, *args: Any) -> Sequence[Row]:
        """A teacher's read: on a connection of its own where the backend keeps one, so
        that it never queues in front of a welder's."""
        return await self._fetch(sql, *args)

    async def _fetchone_console(self, sql: str, *args: Any) -> Row | None:
        rows = await self._fetch_console(sql, *args)
        return rows[0] if rows else None

    async def save_turn(self, turn: Turn) -> list[int]:
        # This is the only writer of progress, which keeps the progress cache true: it is
        # dropped before the write and set only once the write is committed, so a failed,
        # refused or abandoned write leaves the database to be read again.
        self._progress.pop(turn.welder_id)
        ids = await self._submit(turn)
        saved = dataclasses.replace(turn.after, known=True, version=turn.before.version + 1)
        self._progress.put(turn.welder_id, saved)
        return ids


# A fixed list of columns, never values: every query selects a welder the same way.
WELDER_COLUMNS = (
    "w.id AS w_id, w.channel AS w_channel, w.external_id AS w_external_id, w.name AS w_name,"
    " w.company AS w_company, w.phone AS w_phone, w.note AS w_note,"
    " w.created_at AS w_created_at, w.last_seen AS w_last_seen"
)


def welder_from_row(row: Row) -> Welder:
    return Welder(
        id=row["w_id"],
        channel=row["w_channel"],
        external_id=row["w_external_id"],
        name=row["w_name"],
        company=row["w_company"],
        phone=row["w_phone"],
        note=row["w_note"],
        created_at=row["w_created_at"],
        last_seen=row["w_last_seen"],
    )


def flag(value: int | None) -> bool | None:
    """Flags are stored as 0/1 integers on both backends."""
    return None if value is None else bool(value)


def message_from_row(row: Row) -> Message:
    return Message(
        id=row["id"],
        role=row["role"],
        text=row["text"],
        time=row["time"],
        quick_replies=row["quick_replies"].split("\n") if row["quick_replies"] else [],
        answer_id=row["answer_id"],
        confidence=row["confidence"],
        answered=flag(row["answered"]),
        stage=row["stage"],
        channel=row["channel"],
        kind=row["kind"],
        teacher=row["teacher"],
    )


def like_pattern(text: str) -> str:
    """`%text%` for LIKE … ESCAPE '\\', with the text's own wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def in_runs(batch: list[Write | Turn]) -> Iterator[Write | list[Turn]]:
    """The batch in order, consecutive turns of different welders grouped to be written
    together; a welder's second turn starts a new run, as its rows must follow the first's."""
    run: list[Turn] = []
    welders: set[int] = set()
    for work in batch:
        if run and (not isinstance(work, Turn) or work.welder_id in welders):
            yield run
            run, welders = [], set()
        if isinstance(work, Turn):
            run.append(work)
            welders.add(work.welder_id)
        else:
            yield work
    if run:
        yield run
