"""Teacher accounts on the command line: python -m bot teacher add | list | passwd | remove."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import subprocess
import sys

import pytest

from bot.__main__ import main
from bot.settings import PROJECT_ROOT
from bot.store import Store
from bot.teacher import accounts
from bot.teacher.cli import missing_teacher_hint

PASSWORD = "hanjie-2024"


def run(monkeypatch, db, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["teacher", *args, "--db", str(db)])


def add(monkeypatch, db, name: str = "陈老师", password: str = PASSWORD) -> int:
    return run(monkeypatch, db, "add", name, "--password-stdin", stdin=password + "\n")


def authenticates(db, name: str, password: str) -> bool:
    async def check() -> bool:
        store = await Store(db).open()
        try:
            return await accounts.authenticate(store, name, password) is not None
        finally:
            await store.close()

    return asyncio.run(check())


def test_add_creates_an_account_that_list_shows(monkeypatch, tmp_path, capsys):
    db = tmp_path / "t.db"
    assert add(monkeypatch, db) == 0
    assert run(monkeypatch, db, "list") == 0
    assert "陈老师" in capsys.readouterr().out


def test_the_password_is_stored_as_an_argon2_hash(monkeypatch, tmp_path):
    db = tmp_path / "t.db"
    add(monkeypatch, db)
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM teachers").fetchone()
    conn.close()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_added_password_authenticates_and_a_wrong_one_does_not(monkeypatch, tmp_path):
    db = tmp_path / "t.db"
    add(monkeypatch, db)
    assert authenticates(db, "陈老师", PASSWORD)
    assert not authenticates(db, "陈老师", PASSWORD + "x")
    assert not authenticates(db, "王老师", PASSWORD)


def test_adding_the_same_name_twice_fails_with_a_message(monkeypatch, tmp_path, capsys):
    db = tmp_path / "t.db"
    add(monkeypatch, db)
    assert add(monkeypatch, db) == 1
    assert "已经有了" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [("陈老师", "short", "太短"), ("陈 老师", PASSWORD, "空格"), ("<b>", PASSWORD, "符号")],
    ids=["short-password", "space-in-name", "markup-in-name"],
)
def test_a_bad_name_or_password_is_refused(monkeypatch, tmp_path, capsys, name, password, says):
    assert add(monkeypatch, tmp_path / "t.db", name, password) == 1
    assert says in capsys.readouterr().err


def test_passwd_replaces_the_password(monkeypatch, tmp_path):
    db = tmp_path / "t.db"
    add(monkeypatch, db)
    new = "another-secret-9"
    assert run(monkeypatch, db, "passwd", "陈老师", "--password-stdin", stdin=new + "\n") == 0
    assert authenticates(db, "陈老师", new)
    assert not authenticates(db, "陈老师", PASSWORD)


def test_passwd_of_an_unknown_teacher_fails(monkeypatch, tmp_path, capsys):
    code = run(monkeypatch, tmp_path / "t.db", "passwd", "无名", "--password-stdin", stdin=PASSWORD)
    assert code == 1
    assert "没有叫「无名」" in capsys.readouterr().err


def test_remove_deletes_the_account(monkeypatch, tmp_path):
    db = tmp_path / "t.db"
    add(monkeypatch, db)
    assert run(monkeypatch, db, "remove", "陈老师") == 0
    assert not authenticates(db, "陈老师", PASSWORD)


def test_serve_hint_names_the_command_until_a_teacher_exists(monkeypatch, tmp_path):
    db = tmp_path / "t.db"
    hint = missing_teacher_hint(db)
    assert hint is not None
    assert f" -m bot teacher add 用户名 --db {db}" in hint  # that it works: test_cli_errors
    add(monkeypatch, db)
    assert missing_teacher_hint(db) is None


def test_the_real_command_line_reads_the_password_from_stdin(tmp_path):
    db = tmp_path / "t.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "teacher",
            "add",
            "王老师",
            "--password-stdin",
            "--db",
            str(db),
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "王老师" in done.stdout
