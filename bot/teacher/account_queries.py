"""Every SQL statement about teacher accounts, their sessions and failed logins."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..store import Store


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    password_hash: str
    created_at: str


@dataclass(frozen=True)
class Session:
    teacher_id: int
    username: str
    csrf: str
    expires_at: str


async def account(store: Store, username: str) -> Account | None:
    row = await store.fetchone(
        "SELECT id, username, password_hash, created_at FROM teachers WHERE username = ?",
        (username,),
    )
    return Account(**dict(row)) if row else None


async def accounts(store: Store) -> list[Account]:
    rows = await store.fetchall(
        "SELECT id, username, password_hash, created_at FROM teachers ORDER BY username"
    )
    return [Account(**dict(r)) for r in rows]


async def insert_account(store: Store, username: str, password_hash: str, at: str) -> bool:
    def job(conn: sqlite3.Connection) -> bool:
        cur = conn.execute(
            "INSERT OR IGNORE INTO teachers (username, password_hash, created_at) VALUES (?, ?, ?)",
            (username, password_hash, at),
        )
        return cur.rowcount == 1

    return await store.write(job)


async def update_password(store: Store, username: str, password_hash: str) -> bool:
    """Set a new password and end the account's sessions everywhere."""

    def job(conn: sqlite3.Connection) -> bool:
        cur = conn.execute(
            "UPDATE teachers SET password_hash = ? WHERE username = ?", (password_hash, username)
        )
        conn.execute(
            "DELETE FROM teacher_sessions"
            " WHERE teacher_id = (SELECT id FROM teachers WHERE username = ?)",
            (username,),
        )
        return cur.rowcount == 1

    return await store.write(job)


async def delete_account(store: Store, username: str) -> bool:
    def job(conn: sqlite3.Connection) -> bool:
        # Sessions go with the account (ON DELETE CASCADE).
        cur = conn.execute("DELETE FROM teachers WHERE username = ?", (username,))
        return cur.rowcount == 1

    return await store.write(job)


async def create_session(
    store: Store, token_hash: str, teacher_id: int, csrf: str, at: str, expires_at: str
) -> None:
    def job(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM teacher_sessions WHERE expires_at <= ?", (at,))
        conn.execute(
            "INSERT INTO teacher_sessions (token_hash, teacher_id, csrf, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (token_hash, teacher_id, csrf, at, expires_at),
        )

    await store.write(job)


async def session(store: Store, token_hash: str, at: str) -> Session | None:
    row = await store.fetchone(
        "SELECT s.teacher_id, t.username, s.csrf, s.expires_at"
        " FROM teacher_sessions s JOIN teachers t ON t.id = s.teacher_id"
        " WHERE s.token_hash = ? AND s.expires_at > ?",
        (token_hash, at),
    )
    return Session(**dict(row)) if row else None


async def delete_session(store: Store, token_hash: str) -> None:
    def job(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM teacher_sessions WHERE token_hash = ?", (token_hash,))

    await store.write(job)


async def failures_since(store: Store, username: str, address: str, since: str) -> list[str]:
    """Times of the recent failed logins for this username or from this address, oldest first."""
    rows = await store.fetchall(
        "SELECT at FROM login_failures WHERE at > ? AND (username = ? OR address = ?) ORDER BY at",
        (since, username, address),
    )
    return [r["at"] for r in rows]


async def record_failure(
    store: Store, username: str, address: str, at: str, forget_before: str
) -> None:
    def job(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM login_failures WHERE at <= ?", (forget_before,))
        conn.execute(
            "INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
            (username, address, at),
        )

    await store.write(job)


async def clear_failures(store: Store, username: str) -> None:
    def job(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))

    await store.write(job)
