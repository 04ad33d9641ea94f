"""The two backends side by side: the same schema, `db upgrade`, `db copy`, and `serve`
refusing a schema it does not know. These need PostgreSQL: they run in its pass."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
import sys

import asyncpg
import pytest

from bot.__main__ import main
from bot.bench.servers import free_port
from bot.settings import PROJECT_ROOT
from bot.store import Outgoing, Progress, Turn
from bot.store.migrate import scripts
from bot.store.sqlite import SqliteStore
from tests.database import POSTGRES, Database

needs_postgres = pytest.mark.skipif(not POSTGRES, reason="runs in the PostgreSQL pass")

# SQLite's full-text index and PostgreSQL's trigram index do the same job under their own
# names; PostgreSQL counts migrations in a table, SQLite in PRAGMA user_version.
SQLITE_ONLY = {"messages_fts"}
POSTGRES_ONLY = {"schema_version", "messages_text_trgm"}
# Declared type on SQLite -> data type on PostgreSQL.
TYPES = {
    "INTEGER": {"bigint", "integer"},
    "TEXT": {"text"},
    "REAL": {"double precision"},
}


def _sqlite_schema(path) -> tuple[dict, set]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = {
            name: {
                row[1]: row[2]
                for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
            }
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'messages_fts_%'"
            )
        }
        indexes = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
        }
    return tables, indexes


async def _postgres_schema(url: str) -> tuple[dict, set]:
    conn = await asyncpg.connect(url)
    try:
        tables: dict[str, dict[str, str]] = {}
        for row in await conn.fetch(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ):
            tables.setdefault(row["table_name"], {})[row["column_name"]] = row["data_type"]
        # Named indexes only: PostgreSQL names those of keys and UNIQUE itself (…_pkey, …_key).
        indexes = {
            row["indexname"]
            for row in await conn.fetch(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
            )
            if not row["indexname"].endswith(("_pkey", "_key"))
        }
    finally:
        await conn.close()
    return tables, indexes


def test_both_backends_have_the_same_numbered_migrations():
    assert len(scripts("sqlite")) == len(scripts("postgres"))


@needs_postgres
async def test_the_two_schemas_match_after_all_migrations(database, tmp_path):
    store = await SqliteStore(tmp_path / "s.db").open()
    await store.close()
    lite_tables, lite_indexes = _sqlite_schema(tmp_path / "s.db")
    pg_tables, pg_indexes = await _postgres_schema(database.url)
    assert set(lite_tables) - SQLITE_ONLY == set(pg_tables) - POSTGRES_ONLY
    for table, columns in pg_tables.items():
        if table in POSTGRES_ONLY:
            continue
        assert set(columns) == set(lite_tables[table]), table
        for column, pg_type in columns.items():
            assert pg_type in TYPES[lite_tables[table][column]], (table, column, pg_type)
    assert lite_indexes == pg_indexes - POSTGRES_ONLY


def _serve(database: Database) -> subprocess.CompletedProcess:
    where = ["--db", str(database.path), "--database-url", database.url]
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve", *where, "--port", str(free_port())],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )


@pytest.fixture
def blank(postgres, tmp_path) -> Database:
    """An empty PostgreSQL database: no tables, no schema version."""
    return Database(tmp_path / "blank.db", postgres.cluster.url(postgres.new("template0")))


@needs_postgres
def test_db_upgrade_migrates_an_empty_postgres_database(blank, capsys):
    known = len(scripts("postgres"))
    assert main(["db", "upgrade", "--database-url", blank.url]) == 0
    assert f"从第 0 版升级到第 {known} 版" in capsys.readouterr().out
    assert asyncio.run(blank.fetchone("SELECT version FROM schema_version"))["version"] == known
    assert main(["db", "upgrade", "--database-url", blank.url]) == 0
    assert f"已是最新（第 {known} 版" in capsys.readouterr().out


@needs_postgres
async def test_serve_on_a_postgres_schema_behind_says_to_run_db_upgrade(blank):
    done = _serve(blank)
    assert done.returncode == 1
    assert "python -m bot db upgrade" in done.stderr
    assert "Traceback" not in done.stderr


@needs_postgres
async def test_serve_refuses_a_postgres_schema_newer_than_it_knows(database):
    await database.execute("UPDATE schema_version SET version = 99")
    done = _serve(database)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"数据库结构是第 99 版，比本程序认识的第 {len(scripts('postgres'))} 版新，请先升级本程序。"
    ]


async def test_serve_refuses_a_sqlite_schema_newer_than_it_knows(tmp_path):
    path = tmp_path / "new.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    done = _serve(Database(path))
    assert done.returncode == 1
    assert "第 99 版" in done.stderr
    assert "Traceback" not in done.stderr


async def _chatted(path) -> list[list[int]]:
    """A SQLite database where two welders chatted and a teacher exists."""
    store = await SqliteStore(path).open()
    try:
        await store.insert_account("陈老师", "hash", "2026-01-01T00:00:00.000+08:00")
        ids = []
        for n in range(2):
            welder = await store.welder_id("web", f"w{n}")
            before = await store.progress(welder, "preparation")
            after = Progress("submission", checklist=frozenset({"form"}), choices=("a", "b"))
            said = (Outgoing("welder", f"材料准备好了{n}"), Outgoing("bot", "好的", answered=True))
            ids.append(await store.save_turn(Turn(welder, "web", said, before, after, True)))
        return ids
    finally:
        await store.close()


@needs_postgres
def test_db_copy_moves_every_row_with_its_id_and_new_rows_follow(blank, tmp_path, capsys):
    source = tmp_path / "old.db"
    ids = asyncio.run(_chatted(source))
    assert main(["db", "copy", "--db", str(source), "--to", blank.url]) == 0
    assert "messages\t4 行" in capsys.readouterr().out
    asyncio.run(_check_copy(blank, ids))


async def _check_copy(blank: Database, ids: list[list[int]]) -> None:
    store = await blank.store().open()
    try:
        welder = await store.welder_id("web", "w1", create=False)
        assert [m.id for m in await store.history(welder)] == ids[1]
        progress = await store.progress(welder, "preparation")
        assert (progress.stage, progress.checklist, progress.choices) == (
            "submission",
            frozenset({"form"}),
            ("a", "b"),
        )
        assert [a.username for a in await store.accounts()] == ["陈老师"]
        assert await store.open_handoff_count(welder) == 1
        # The sequences were reset past the copied ids.
        new = await store.welder_id("web", "w2")
        assert new == welder + 1
        said = (Outgoing("welder", "你好"),)
        start = Progress("preparation", known=False)
        assert await store.save_turn(Turn(new, "web", said, start, start)) == [ids[1][-1] + 1]
    finally:
        await store.close()


@needs_postgres
def test_db_copy_refuses_a_database_that_has_rows(database, tmp_path, capsys):
    source = tmp_path / "old.db"
    asyncio.run(_chatted(source))
    asyncio.run(
        database.execute(
            "INSERT INTO teachers (username, password_hash, created_at) VALUES ('王老师', 'h', '')"
        )
    )
    assert main(["db", "copy", "--db", str(source), "--to", database.url]) == 1
    assert "只能复制到空数据库" in capsys.readouterr().err
