"""What the command line tells a person when a command cannot go on: one line, no traceback."""

from __future__ import annotations

import errno
import socket
import sqlite3
from pathlib import Path

# SQLite's own codes (3.11+): errors that come from the file system, not from the data.
_CANNOT_WRITE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}


class CommandError(Exception):
    """A command that cannot go on; the message is one line of Chinese for the person."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def database_error(db: Path, exc: Exception) -> CommandError:
    # The primary code: the low byte of an extended one such as SQLITE_CANTOPEN_ISDIR.
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if db.is_dir():
        why = "这是一个文件夹，请给出数据库文件的路径"
    elif isinstance(exc, NotADirectoryError | FileExistsError):
        why = "路径里有一段是文件，不是文件夹"
    elif isinstance(exc, FileNotFoundError):
        why = "无法创建它所在的文件夹"
    elif isinstance(exc, PermissionError) or code in _CANNOT_WRITE:
        why = "无法创建或写入这个文件，请检查文件夹的写入权限"
    elif code == sqlite3.SQLITE_NOTADB:
        why = "这个文件不是数据库"
    else:
        why = str(exc)
    return CommandError(f"无法使用数据库 {db}：{why}。")


def listen_error(host: str, port: int, exc: OSError) -> CommandError:
    reasons = {
        errno.EADDRINUSE: "端口已被占用，换一个端口（--port）或先停掉占用它的程序",
        errno.EACCES: "没有权限使用这个端口，换一个 1024 以上的端口",
        errno.EADDRNOTAVAIL: "这台电脑没有这个地址",
    }
    unknown = "找不到这个地址" if isinstance(exc, socket.gaierror) else str(exc)
    why = reasons.get(exc.errno, unknown)
    return CommandError(f"无法在 {host}:{port} 上启动服务：{why}。")
