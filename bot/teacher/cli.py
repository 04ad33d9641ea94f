"""Command line for teacher accounts: python -m bot teacher add | list | passwd | remove."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import shlex
import sqlite3
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from .. import settings
from ..cli_errors import CommandError, database_error
from ..store import Store, StoreError, create
from . import accounts, clock
from .accounts import AccountError


async def _with_store(cfg: settings.Settings, job: Callable[[Store], Awaitable[Any]]) -> Any:
    db = cfg.db
    try:
        store = await create(db, cfg.database_url).open()
    except StoreError as exc:  # PostgreSQL unreachable, or a schema this program cannot use
        raise CommandError(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise database_error(db, exc) from None
    try:
        return await job(store)
    except sqlite3.Error as exc:
        raise database_error(db, exc) from None
    finally:
        await store.close()


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        # One line: what `echo 'secret' | python -m bot teacher add NAME --password-stdin` sends.
        line = sys.stdin.readline()
        if not line:
            raise AccountError("标准输入里没有密码。")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError(
            "这里没有终端可以输入密码：请用 --password-stdin 从标准输入给出密码。", status=2
        )
    try:
        first = getpass.getpass("新密码：")
        again = getpass.getpass("再输入一次：")
    except EOFError:
        raise AccountError("没有输入密码，已取消。") from None
    if again != first:
        raise AccountError("两次输入的密码不一样。")
    return first


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except AccountError as exc:
        raise CommandError(str(exc)) from None


def _new_password(args: argparse.Namespace) -> str:
    # Asked and checked before the database is touched: a refusal leaves nothing behind.
    with _refusals():
        return accounts.check_password(_read_password(args))


def _run(cfg: settings.Settings, job: Callable[[Store], Awaitable[Any]], done: str) -> int:
    with _refusals():
        asyncio.run(_with_store(cfg, job))
    print(done)
    return 0


def cmd_add(cfg: settings.Settings, args: argparse.Namespace) -> int:
    with _refusals():
        accounts.check_username(args.name)
    password = _new_password(args)
    return _run(
        cfg,
        lambda store: accounts.add(store, args.name, password),
        f"已创建教师账号「{args.name}」，登录地址：/teacher/login",
    )


def cmd_passwd(cfg: settings.Settings, args: argparse.Namespace) -> int:
    password = _new_password(args)
    return _run(
        cfg,
        lambda store: accounts.change_password(store, args.name, password),
        f"已修改「{args.name}」的密码，这个账号要重新登录。",
    )


def cmd_remove(cfg: settings.Settings, args: argparse.Namespace) -> int:
    return _run(
        cfg, lambda store: accounts.remove(store, args.name), f"已删除教师账号「{args.name}」。"
    )


def cmd_list(cfg: settings.Settings, args: argparse.Namespace) -> int:
    found = asyncio.run(_with_store(cfg, accounts.listing))
    if not found:
        print("还没有教师账号。" + add_hint(cfg))
    for account in found:
        print(f"{account.username}\t创建于 {clock.local(account.created_at)}")
    return 0


def add_hint(cfg: settings.Settings) -> str:
    """The command that creates an account, as it works when pasted where this one was run."""
    python = sys.executable
    if Path(python).is_relative_to(Path.cwd()):
        python = str(Path(python).relative_to(Path.cwd()))
    command = f"{shlex.quote(python if '/' in python else './' + python)} -m bot teacher add 用户名"
    # On PostgreSQL the command finds the database as serve did (BOT_DATABASE_URL); the URL,
    # which may hold a password, is not printed.
    if not cfg.database_url and cfg.db != settings.Settings().db:
        command += f" --db {shlex.quote(str(cfg.db))}"
    return f"创建一个：{command}"


def missing_teacher_hint(cfg: settings.Settings) -> str | None:
    """What `serve` prints when nobody can log in to the console yet."""

    if asyncio.run(_with_store(cfg, accounts.listing)):
        return None
    return "还没有教师账号，老师无法登录 /teacher/。" + add_hint(cfg)


def add_commands(sub: argparse._SubParsersAction) -> None:
    teacher = sub.add_parser("teacher", help="教师账号")
    teacher_sub = teacher.add_subparsers(dest="teacher_command", required=True)
    for name, func, help, needs_password in (
        ("add", cmd_add, "创建教师账号", True),
        ("passwd", cmd_passwd, "修改教师密码", True),
        ("remove", cmd_remove, "删除教师账号", False),
        ("list", cmd_list, "列出教师账号", False),
    ):
        p = teacher_sub.add_parser(name, help=help)
        if name != "list":
            p.add_argument("name", help="用户名，例如 陈老师")
        if needs_password:
            p.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码")
        settings.add_arguments(p, ("db", "database_url"))
        p.set_defaults(func=func)
