"""Where a test's data lives: a SQLite file, or a fresh database on a throwaway PostgreSQL.

BOT_TEST_DATABASE=postgres runs the tests that use a database on PostgreSQL: the session
starts its own cluster (as the `postgres` user when run as root: PostgreSQL refuses root),
migrates a template database once, and gives each test a copy of it (CREATE DATABASE …
TEMPLATE). Tests read and arrange rows directly through `Database`, with the store's SQL
dialect ($1, $2 … placeholders).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Coroutine, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bot.bench.servers import free_port
from bot.settings import Settings
from bot.store import Store, create
from bot.store.migrate import upgrade_postgres
from bot.store.sqlite import dialect

POSTGRES = os.environ.get("BOT_TEST_DATABASE", "sqlite") == "postgres"
TEMPLATE = "bot_template"
# What PostgreSQL raises where SQLite raises sqlite3.IntegrityError.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)


@dataclass(frozen=True)
class Database:
    path: Path  # the SQLite file (also the data folder's place on PostgreSQL)
    url: str = ""  # PostgreSQL's, when the tests run there

    @classmethod
    def of(cls, settings: Settings) -> Database:
        return cls(settings.db, settings.database_url)

    def store(self) -> Store:
        return create(self.path, self.url)

    async def fetchall(self, sql: str, *args: Any) -> Sequence[Any]:
        if self.url:
            conn = await asyncpg.connect(self.url)
            try:
                return await conn.fetch(sql, *args)
            finally:
                await conn.close()
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            conn.row_factory = sqlite3.Row
            return conn.execute(dialect(sql), args).fetchall()

    async def fetchone(self, sql: str, *args: Any) -> Any:
        rows = await self.fetchall(sql, *args)
        return rows[0] if rows else None

    async def execute(self, sql: str, *args: Any) -> None:
        if self.url:
            conn = await asyncpg.connect(self.url)
            try:
                await conn.execute(sql, *args)
            finally:
                await conn.close()
            return
        with contextlib.closing(sqlite3.connect(self.path)) as conn, conn:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute(dialect(sql), args)


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parent)
    return found[-1].parent if found else None


def postgres_installed() -> bool:
    return _bindir() is not None


class Cluster:
    """A throwaway PostgreSQL: its own data folder, listening only on a socket in it."""

    def __init__(self) -> None:
        bindir = _bindir()
        assert bindir is not None
        self.root = Path(tempfile.mkdtemp(prefix="bot-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_postgres:
            shutil.chown(self.root, "postgres")
        self._ctl = [*as_postgres, str(bindir / "pg_ctl"), "-D", str(self.data)]
        initdb = [str(bindir / "initdb"), "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8"]
        subprocess.run(
            [*as_postgres, *initdb, "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        # Durability is not under test here: no fsync makes CREATE DATABASE a few ms.
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [*self._ctl, "-o", options, "-l", str(self.root / "log"), "-w", "start"],
            check=True,
            capture_output=True,
        )

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.root}&port={self.port}"

    def stop(self) -> None:
        subprocess.run([*self._ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


class Databases:
    """Fresh databases from the migrated template, made on a thread with its own loop."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._names = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._admin: asyncpg.Connection = self._run(asyncpg.connect(cluster.url("postgres")))
        self._run(self._make_template())

    def _run(self, coro: Coroutine) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    async def _make_template(self) -> None:
        await self._admin.execute(f"CREATE DATABASE {TEMPLATE}")
        conn = await asyncpg.connect(self.cluster.url(TEMPLATE))
        try:
            await upgrade_postgres(conn)
        finally:
            await conn.close()

    def new(self, template: str = TEMPLATE) -> str:
        """A fresh database, migrated (or, from template0, empty)."""
        name = f"test_{next(self._names)}"
        self._run(self._admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}"))
        return name

    def drop(self, name: str) -> None:
        self._run(self._admin.execute(f"DROP DATABASE {name} WITH (FORCE)"))

    def close(self) -> None:
        self._run(self._admin.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@contextlib.contextmanager
def postgres_databases() -> Iterator[Databases]:
    cluster = Cluster()
    try:
        databases = Databases(cluster)
        try:
            yield databases
        finally:
            databases.close()
    finally:
        cluster.stop()
