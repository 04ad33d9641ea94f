"""Command line for the database: python -m bot db upgrade | copy --to postgresql://…"""

from __future__ import annotations

import argparse
import asyncio

from . import settings
from .cli_errors import CommandError
from .store import StoreError, is_postgres
from .store.admin import copy_to_postgres, upgrade


def cmd_upgrade(cfg: settings.Settings, args: argparse.Namespace) -> int:
    try:
        before, after = asyncio.run(upgrade(cfg.db, cfg.database_url))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    where = "PostgreSQL" if cfg.database_url else str(cfg.db)
    if before == after:
        print(f"数据库结构已是最新（第 {after} 版，{where}）。")
    else:
        print(f"数据库结构已从第 {before} 版升级到第 {after} 版（{where}）。")
    return 0


def cmd_copy(cfg: settings.Settings, args: argparse.Namespace) -> int:
    if not is_postgres(args.to):
        raise CommandError("--to 要写 PostgreSQL 的地址，例如 postgresql://user@host/helpdesk")
    try:
        copied = asyncio.run(copy_to_postgres(cfg.db, args.to))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    for table, rows in copied.items():
        print(f"{table}\t{rows} 行")
    print(f"已把 {cfg.db} 复制到 PostgreSQL：{sum(copied.values())} 行。")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="数据库")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="升级数据库结构（PostgreSQL 上启动服务前要先运行）")
    settings.add_arguments(up, ("db", "database_url"))
    up.set_defaults(func=cmd_upgrade)
    copy = db_sub.add_parser("copy", help="把 SQLite 数据库（--db）整个复制到空的 PostgreSQL")
    copy.add_argument("--to", required=True, help="PostgreSQL 地址 postgresql://…")
    settings.add_arguments(copy, ("db",))
    copy.set_defaults(func=cmd_copy)
