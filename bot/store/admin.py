"""`python -m bot db upgrade` and `db copy`: migrate a database, or move SQLite's rows to
PostgreSQL with their ids (then reset PostgreSQL's id sequences past them)."""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .migrate import StoreError, migrate_sqlite, upgrade_postgres
from .postgres import connect

# Tables a migration gives their one row in every new database: the copy replaces it.
SEEDED = frozenset({"grouping_cursor"})


def upgrade_sqlite(path: Path) -> tuple[int, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        (before,) = conn.execute("PRAGMA user_version").fetchone()
        migrate_sqlite(conn)
        (after,) = conn.execute("PRAGMA user_version").fetchone()
    return before, after


async def upgrade(path: Path, url: str) -> tuple[int, int]:
    """The schema versions before and after."""
    if not url:
        return upgrade_sqlite(path)
    conn = await connect(url)
    try:
        return await upgrade_postgres(conn)
    finally:
        await conn.close()


def _tables(src: sqlite3.Connection) -> list[str]:
    """SQLite's own tables, each after the tables it refers to (the search index excluded:
    PostgreSQL has its own)."""
    names = [
        name
        for (name,) in src.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'messages_fts%' ORDER BY name"
        )
    ]
    refers = {
        name: {row[2] for row in src.execute("SELECT * FROM pragma_foreign_key_list(?)", (name,))}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ordered += [n for n in names if n not in ordered and refers[n] <= {*ordered, n}]
    return ordered


async def copy_to_postgres(path: Path, url: str) -> dict[str, int]:
    """Copy every row of the SQLite database at `path` into the empty PostgreSQL at `url`;
    the number of rows of each table."""
    if not path.exists():
        raise StoreError(f"没有找到 SQLite 数据库 {path}。")
    upgrade_sqlite(path)  # both sides on the same schema version
    copied: dict[str, int] = {}
    conn = await connect(url)
    try:
        await upgrade_postgres(conn)
        with contextlib.closing(sqlite3.connect(path)) as src:
            tables = _tables(src)
            async with conn.transaction():
                for table in tables:
                    # Table and column names come from the database's own schema, never input.
                    if table in SEEDED:
                        await conn.execute(f'DELETE FROM "{table}"')
                    elif await conn.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
                        raise StoreError(f"目标数据库的 {table} 表已经有数据：只能复制到空数据库。")
                    columns = [row[1] for row in src.execute(f'PRAGMA table_info("{table}")')]
                    listed = ", ".join(f'"{c}"' for c in columns)
                    rows = src.execute(f'SELECT {listed} FROM "{table}"')
                    await conn.copy_records_to_table(table, records=rows, columns=columns)
                    copied[table] = await conn.fetchval(f'SELECT COUNT(*) FROM "{table}"')
                await _reset_sequences(conn)
    finally:
        await conn.close()
    return copied


async def _reset_sequences(conn) -> None:
    """New rows must take ids after the copied ones."""
    identities = await conn.fetch(
        "SELECT table_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'"
    )
    for (table,) in identities:
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
            f' COALESCE(MAX(id), 0) + 1, false) FROM "{table}"'
        )


async def create_scratch(url: str) -> str:
    """The URL of a new, migrated database beside the one at `url` (its user needs
    CREATEDB): the benchmarks' welders never land in a real database."""
    name = f"bench_{secrets.token_hex(4)}"
    admin = await connect(url)
    try:
        await admin.execute(f"CREATE DATABASE {name}")  # a name made here, never input
    finally:
        await admin.close()
    scratch = urlunsplit(urlsplit(url)._replace(path="/" + name))
    await upgrade(Path(), scratch)
    return scratch


async def drop_scratch(url: str, scratch: str) -> None:
    name = urlsplit(scratch).path.lstrip("/")
    assert name.startswith("bench_"), name
    admin = await connect(url)
    try:
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    finally:
        await admin.close()
