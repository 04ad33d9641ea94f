"""The PostgreSQL backend (asyncpg): a pool for reads, one connection for the writer.

As on SQLite, one writer task commits the writes and turns arriving together in one
transaction (group commit), each kind of row of a run of turns in one statement (see
postgres_turns). Several processes may share the database; each has its own writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg

from .base import Failed, Params, Row, Statement, Write, in_runs, like_pattern
from .migrate import StoreError, check_postgres
from .models import Turn, now
from .postgres_turns import storable, write_turns
from .queries import Queries
from .shared import KNOWLEDGE_CHANNEL

log = logging.getLogger(__name__)
READERS = 4  # pooled connections for reads; a read never waits for the writer


async def utf8_ctype(conn: asyncpg.Connection) -> bool:
    """Trigram search finds Chinese only when the database's ctype is UTF-8 (not C)."""
    ctype = await conn.fetchval(
        "SELECT datctype FROM pg_database WHERE datname = current_database()"
    )
    return "utf" in ctype.lower().replace("-", "")


async def connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StoreError(f"连不上 PostgreSQL 数据库（{exc}），请检查 BOT_DATABASE_URL。") from exc


class PostgresStore(Queries):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self._pool: asyncpg.Pool | None = None
        self._writer: asyncpg.Connection | None = None
        self._task: asyncio.Task | None = None
        self._listener: asyncpg.Connection | None = None

    async def open(self) -> PostgresStore:
        self._writer = await connect(self.url)
        try:
            await check_postgres(self._writer)
            if not await utf8_ctype(self._writer):
                log.warning("数据库的 ctype 不是 UTF-8：聊天记录搜索找不到中文（见 README）")
            self._pool = await asyncpg.create_pool(self.url, min_size=1, max_size=READERS)
        except BaseException:
            await self._writer.close()
            raise
        self._task = asyncio.create_task(self._write_loop())
        return self

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._pool is not None:
            await self._pool.close()
        if self._writer is not None:
            await self._writer.close()

    async def _fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        assert self._pool is not None
        return await self._pool.fetch(sql, *map(storable, args))

    async def follow_knowledge(self, changed: Callable[[], None]) -> None:
        # A connection of its own: LISTEN holds it for as long as the store is open.
        self._listener = await connect(self.url)
        await self._listener.add_listener(KNOWLEDGE_CHANNEL, lambda *_: changed())

    def _notify_knowledge(self, version: int) -> list[Statement]:
        # Delivered at commit to every listening process, this one included.
        return [Statement("SELECT pg_notify($1, $2)", (KNOWLEDGE_CHANNEL, str(version)))]

    def _lock(self, key: str) -> list[Statement]:
        # Each process writes on a connection of its own, and under READ COMMITTED two
        # transactions would not see each other's rows: a lock on the key's hash, held
        # until commit, lets the next one read what the first wrote.
        return [Statement("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", (key,))]

    def _search(self, text: str, arg: Params) -> str:
        # Served by the trigram index (migration 002) for three characters or more.
        return f"m.text ILIKE {arg(like_pattern(text))} ESCAPE '\\'"

    async def _commit(self, batch: list[Write | Turn]) -> list:
        try:
            return await self._transaction(batch)
        except Exception as exc:
            if len(batch) == 1:
                return [Failed(exc)]
        outcomes: list = []
        for work in batch:
            try:
                outcomes += await self._transaction([work])
            except Exception as exc:
                outcomes.append(Failed(exc))
        return outcomes

    async def _transaction(self, batch: list[Write | Turn]) -> list:
        if self._writer is None or self._writer.is_closed():
            # The server restarted or the connection broke: the next batch reconnects.
            self._writer = await asyncpg.connect(self.url)
        async with self._writer.transaction():
            return await self._run_in_order(self._writer, batch)

    async def _run_in_order(self, conn: asyncpg.Connection, batch: list[Write | Turn]) -> list:
        results: list = []
        for work in in_runs(batch):
            if isinstance(work, Write):
                results.append(await _run_write(conn, work))
            else:
                results += await write_turns(conn, work, now())
        return results


async def _run_write(conn: asyncpg.Connection, work: Write) -> Any:
    *first, last = work.statements
    for statement in first:
        await conn.execute(statement.sql, *map(storable, statement.args))
    args = map(storable, last.args)
    if work.result == "value":
        return await conn.fetchval(last.sql, *args)
    status = await conn.execute(last.sql, *args)
    # The status is "INSERT 0 1", "UPDATE 2", "DELETE 0": the count comes last.
    return int(status.rsplit(" ", 1)[-1]) if work.result == "rowcount" else None
