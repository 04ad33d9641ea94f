"""Command line for teacher accounts: python -m bot teacher add | list | passwd | remove."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from .. import settings
from ..store import Store
from . import accounts, clock
from .accounts import AccountError


async def _with_store(db: Path, job: Callable[[Store], Awaitable[Any]]) -> Any:
    store = await Store(db).open()
    try:
        return await job(store)
    finally:
        await store.close()


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        # One line: what `echo 'secret' | python -m bot teacher add NAME --password-stdin` sends.
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise AccountError("两次输入的密码不一样。")
    return first


def _run(cfg: settings.Settings, job: Callable[[Store], Awaitable[Any]], done: str) -> int:
    try:
        asyncio.run(_with_store(cfg.db, job))
    except AccountError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(done)
    return 0


def cmd_add(cfg: settings.Settings, args: argparse.Namespace) -> int:
    return _run(
        cfg,
        lambda store: accounts.add(store, args.name, _read_password(args)),
        f"已创建教师账号「{args.name}」，登录地址：/teacher/login",
    )


def cmd_passwd(cfg: settings.Settings, args: argparse.Namespace) -> int:
    return _run(
        cfg,
        lambda store: accounts.change_password(store, args.name, _read_password(args)),
        f"已修改「{args.name}」的密码，这个账号要重新登录。",
    )


def cmd_remove(cfg: settings.Settings, args: argparse.Namespace) -> int:
    return _run(
        cfg, lambda store: accounts.remove(store, args.name), f"已删除教师账号「{args.name}」。"
    )


def cmd_list(cfg: settings.Settings, args: argparse.Namespace) -> int:
    found = asyncio.run(_with_store(cfg.db, accounts.listing))
    if not found:
        print("还没有教师账号。" + add_hint(cfg.db))
    for account in found:
        print(f"{account.username}\t创建于 {clock.local(account.created_at)}")
    return 0


def add_hint(db: Path) -> str:
    return f"创建一个：python -m bot teacher add 用户名 --db {db}"


def missing_teacher_hint(db: Path) -> str | None:
    """What `serve` prints when nobody can log in to the console yet."""

    if asyncio.run(_with_store(db, accounts.listing)):
        return None
    return "还没有教师账号，老师无法登录 /teacher/。" + add_hint(db)


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
        settings.add_arguments(p, ("db",))
        p.set_defaults(func=func)
