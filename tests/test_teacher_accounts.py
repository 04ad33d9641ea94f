"""Teacher accounts on the command line: python -m bot teacher add | list | passwd | remove."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys

import pytest

from bot.__main__ import main
from bot.settings import PROJECT_ROOT, Settings
from bot.teacher import accounts
from bot.teacher.cli import missing_teacher_hint
from tests.database import Database

PASSWORD = "hanjie-2024"


def options(db: Database) -> list[str]:
    return ["--db", str(db.path), "--database-url", db.url]


def run(monkeypatch, db: Database, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["teacher", *args, *options(db)])


def add(monkeypatch, db, name: str = "陈老师", password: str = PASSWORD) -> int:
    return run(monkeypatch, db, "add", name, "--password-stdin", stdin=password + "\n")


def authenticates(db: Database, name: str, password: str) -> bool:
    async def check() -> bool:
        store = await db.store().open()
        try:
            return await accounts.authenticate(store, name, password) is not None
        finally:
            await store.close()

    return asyncio.run(check())


def test_add_creates_an_account_that_list_shows(monkeypatch, database, capsys):
    db = database
    assert add(monkeypatch, db) == 0
    assert run(monkeypatch, db, "list") == 0
    assert "陈老师" in capsys.readouterr().out


def test_the_password_is_stored_as_an_argon2_hash(monkeypatch, database):
    db = database
    add(monkeypatch, db)
    (stored,) = asyncio.run(db.fetchone("SELECT password_hash FROM teachers"))
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_added_password_authenticates_and_a_wrong_one_does_not(monkeypatch, database):
    db = database
    add(monkeypatch, db)
    assert authenticates(db, "陈老师", PASSWORD)
    assert not authenticates(db, "陈老师", PASSWORD + "x")
    assert not authenticates(db, "王老师", PASSWORD)


def test_adding_the_same_name_twice_fails_with_a_message(monkeypatch, database, capsys):
    db = database
    add(monkeypatch, db)
    assert add(monkeypatch, db) == 1
    assert "已经有了" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [("陈老师", "short", "太短"), ("陈 老师", PASSWORD, "空格"), ("<b>", PASSWORD, "符号")],
    ids=["short-password", "space-in-name", "markup-in-name"],
)
def test_a_bad_name_or_password_is_refused(monkeypatch, database, capsys, name, password, says):
    assert add(monkeypatch, database, name, password) == 1
    assert says in capsys.readouterr().err


def test_passwd_replaces_the_password(monkeypatch, database):
    db = database
    add(monkeypatch, db)
    new = "another-secret-9"
    assert run(monkeypatch, db, "passwd", "陈老师", "--password-stdin", stdin=new + "\n") == 0
    assert authenticates(db, "陈老师", new)
    assert not authenticates(db, "陈老师", PASSWORD)


def test_passwd_of_an_unknown_teacher_fails(monkeypatch, database, capsys):
    code = run(monkeypatch, database, "passwd", "无名", "--password-stdin", stdin=PASSWORD)
    assert code == 1
    assert "没有叫「无名」" in capsys.readouterr().err


def test_remove_deletes_the_account(monkeypatch, database):
    db = database
    add(monkeypatch, db)
    assert run(monkeypatch, db, "remove", "陈老师") == 0
    assert not authenticates(db, "陈老师", PASSWORD)


def test_serve_hint_names_the_command_until_a_teacher_exists(monkeypatch, database):
    db = database
    cfg = Settings(db=db.path, database_url=db.url)
    hint = missing_teacher_hint(cfg)
    assert hint is not None
    where = "" if db.url else f" --db {db.path}"
    assert f" -m bot teacher add 用户名{where}" in hint  # that it works: test_cli_errors
    add(monkeypatch, db)
    assert missing_teacher_hint(cfg) is None


def test_the_real_command_line_reads_the_password_from_stdin(database):
    db = database
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "teacher",
            "add",
            "王老师",
            "--password-stdin",
            *options(db),
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "王老师" in done.stdout
