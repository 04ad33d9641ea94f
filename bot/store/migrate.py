"""Numbered, append-only migrations: migrations/<backend>/NNN_name.sql, the same numbers on
both backends. SQLite counts them in PRAGMA user_version, PostgreSQL in schema_version."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncpg

HERE = Path(__file__).resolve().parent / "migrations"
# Any fixed number: held while PostgreSQL migrates, so two upgrades never run at once.
ADVISORY_LOCK = 1_315_870_013


class StoreError(Exception):
    """The database cannot be used as it is; the message (in Chinese) says what to do."""


class SchemaError(StoreError):
    """The database's schema is not the one this program knows."""


def scripts(backend: str) -> list[str]:
    """The backend's migration scripts, in order; their numbers must run 1, 2, 3 …"""
    paths = sorted((HERE / backend).glob("*.sql"))
    for number, path in enumerate(paths, start=1):
        if int(path.name.split("_", 1)[0]) != number:
            raise RuntimeError(f"migration {path} is out of sequence (expected {number:03})")
    return [path.read_text(encoding="utf-8") for path in paths]


def too_new(version: int, known: int) -> SchemaError:
    return SchemaError(
        f"数据库结构是第 {version} 版，比本程序认识的第 {known} 版新，请先升级本程序。"
    )


def migrate_sqlite(conn: sqlite3.Connection) -> None:
    """Bring a SQLite database up to date (at every start: `make run` needs nothing else)."""
    known = scripts("sqlite")
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > len(known):
        raise too_new(version, len(known))
    for number, script in enumerate(known[version:], start=version + 1):
        # user_version moves inside the same transaction as the script.
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")


async def postgres_version(conn: asyncpg.Connection) -> int:
    if await conn.fetchval("SELECT to_regclass('schema_version')") is None:
        return 0
    return await conn.fetchval("SELECT version FROM schema_version") or 0


async def check_postgres(conn: asyncpg.Connection) -> None:
    """Refuse a PostgreSQL schema other than this program's: `db upgrade` moves it forward."""
    known = len(scripts("postgres"))
    version = await postgres_version(conn)
    if version > known:
        raise too_new(version, known)
    if version < known:
        raise SchemaError(
            f"数据库结构是第 {version} 版，本程序需要第 {known} 版，"
            "请先运行 python -m bot db upgrade"
        )


async def upgrade_postgres(conn: asyncpg.Connection) -> tuple[int, int]:
    """Run the missing migrations under an advisory lock; the versions before and after."""
    known = scripts("postgres")
    await conn.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK)
    try:
        before = await postgres_version(conn)
        if before > len(known):
            raise too_new(before, len(known))
        for number, script in enumerate(known[before:], start=before + 1):
            async with conn.transaction():
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
                    " DELETE FROM schema_version;"
                )
                await conn.execute(script)
                await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", number)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK)
    return before, max(before, len(known))
