"""When the database cannot write: /healthz says so, chats get a 503, start-up says one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.bench.servers import free_port
from bot.engine import HANDOFF
from bot.keys import CHAT
from bot.settings import PROJECT_ROOT
from tests.teacher_support import database_of, logged_in, welder_says


async def break_table(client, table: str) -> None:
    """A database that fails every write to `table` (root ignores file modes, and no test
    can fill a disk): the table is gone."""
    await database_of(client).execute(f"ALTER TABLE {table} RENAME TO {table}_gone")


async def test_healthz_writes_and_answers_ok(client):
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert await database_of(client).fetchone("SELECT at FROM health") is not None


async def test_healthz_answers_503_with_retry_after_when_the_database_cannot_write(client):
    await break_table(client, "health")
    resp = await client.get("/healthz")
    assert resp.status == 503
    assert int(resp.headers["Retry-After"]) > 0
    assert (await resp.json())["error"]


async def test_a_chat_the_database_cannot_store_gets_a_503_in_chinese(client):
    await client.post("/api/chat", json={"text": "你好"})
    await break_table(client, "messages")
    resp = await client.post("/api/chat", json={"text": "怎么登录"})
    assert resp.status == 503
    assert resp.headers["Retry-After"]
    assert "请过一会儿再发" in (await resp.json())["error"]


async def test_a_message_the_engine_fails_to_read_gets_the_fallback_and_is_kept(
    client, monkeypatch, caplog
):
    await client.post("/api/chat", json={"text": "我提交了"})

    def broken(state, text):
        raise RuntimeError("a flaw in reading")

    monkeypatch.setattr(client.app[CHAT].engine.statements, "understand", broken)
    resp = await client.post("/api/chat", json={"text": "单位那栏不对"})
    assert resp.status == 200
    body = await resp.json()
    assert body["answered"] is False
    assert HANDOFF in body["quick_replies"]
    assert body["stage"] == "review"  # the progress before stays
    assert "a flaw in reading" in caplog.text
    texts = [m["text"] for m in (await (await client.get("/api/history")).json())["messages"]]
    assert texts[-2] == "单位那栏不对"


async def test_a_teacher_gets_a_friendly_page_when_the_database_cannot_write(client):
    token = await logged_in(client)
    welder = await welder_says(client, "你好")
    await break_table(client, "welders")
    resp = await client.post(
        f"/teacher/welders/{welder}/note", data={"note": "已电话联系", "csrf": token}
    )
    assert resp.status == 503
    assert "<html" in await resp.text()


def serve(db: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--db", db, "--port", str(free_port())],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("problem", ["folder-is-a-file", "not-a-database"])
def test_a_start_up_problem_is_one_line_and_exit_status_1(tmp_path, problem):
    if problem == "folder-is-a-file":
        (tmp_path / "data").write_text("a file where the data folder should be")
        db = tmp_path / "data" / "helpdesk.db"
    else:
        db = tmp_path / "helpdesk.db"
        db.write_bytes(b"this is not a SQLite database" * 100)
    done = serve(str(db))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert "数据库" in line


def test_the_data_folder_and_database_are_private(tmp_path):
    import asyncio

    from bot.store import create

    db = tmp_path / "data" / "helpdesk.db"

    async def open_and_close():
        await (await create(db).open()).close()

    asyncio.run(open_and_close())
    assert db.parent.stat().st_mode & 0o777 == 0o700
    assert db.stat().st_mode & 0o777 == 0o600
