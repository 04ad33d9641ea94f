"""Teacher accounts, their sessions and failed logins."""

from __future__ import annotations

from .base import SqlStore, Statement, Write, write
from .console_models import Account, Session

_ACCOUNT = "SELECT id, username, password_hash, created_at FROM teachers"


class AccountQueries(SqlStore):
    async def account(self, username: str) -> Account | None:
        row = await self._fetchone(f"{_ACCOUNT} WHERE username = $1", username)
        return Account(**dict(row)) if row else None

    async def accounts(self) -> list[Account]:
        return [Account(**dict(r)) for r in await self._fetch(f"{_ACCOUNT} ORDER BY username")]

    async def insert_account(self, username: str, password_hash: str, at: str) -> bool:
        added = await self._submit(
            write(
                "INSERT INTO teachers (username, password_hash, created_at) VALUES ($1, $2, $3)"
                " ON CONFLICT DO NOTHING",
                username,
                password_hash,
                at,
                result="rowcount",
            )
        )
        return added == 1

    async def update_password(self, username: str, password_hash: str) -> bool:
        end_sessions = Statement(
            "DELETE FROM teacher_sessions"
            " WHERE teacher_id = (SELECT id FROM teachers WHERE username = $1)",
            (username,),
        )
        update = Statement(
            "UPDATE teachers SET password_hash = $1 WHERE username = $2", (password_hash, username)
        )
        return await self._submit(Write((end_sessions, update), "rowcount")) == 1

    async def delete_account(self, username: str) -> bool:
        # Sessions go with the account (ON DELETE CASCADE).
        sql = "DELETE FROM teachers WHERE username = $1"
        return await self._submit(write(sql, username, result="rowcount")) == 1

    async def create_session(
        self, token_hash: str, teacher_id: int, csrf: str, at: str, expires_at: str
    ) -> None:
        expired = Statement("DELETE FROM teacher_sessions WHERE expires_at <= $1", (at,))
        insert = Statement(
            "INSERT INTO teacher_sessions"
            " (token_hash, teacher_id, csrf, created_at, expires_at, last_seen)"
            " VALUES ($1, $2, $3, $4, $5, $4)",
            (token_hash, teacher_id, csrf, at, expires_at),
        )
        await self._submit(Write((expired, insert)))

    async def session(self, token_hash: str, at: str, idle_since: str) -> Session | None:
        row = await self._fetchone(
            "SELECT s.teacher_id, t.username, s.csrf, s.expires_at, s.last_seen"
            " FROM teacher_sessions s JOIN teachers t ON t.id = s.teacher_id"
            " WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen > $3",
            token_hash,
            at,
            idle_since,
        )
        return Session(**dict(row)) if row else None

    async def touch_session(self, token_hash: str, at: str) -> None:
        await self._submit(
            write(
                "UPDATE teacher_sessions SET last_seen = $1 WHERE token_hash = $2", at, token_hash
            )
        )

    async def delete_session(self, token_hash: str) -> None:
        await self._submit(write("DELETE FROM teacher_sessions WHERE token_hash = $1", token_hash))

    async def failures_since(self, username: str, address: str, since: str) -> list[str]:
        rows = await self._fetch(
            "SELECT at FROM login_failures WHERE username = $1 AND address = $2 AND at > $3"
            " ORDER BY at",
            username,
            address,
            since,
        )
        return [r["at"] for r in rows]

    async def count_attempt(
        self, username: str, address: str, at: str, since: str, allowed: int
    ) -> bool:
        forget = Statement("DELETE FROM login_failures WHERE at <= $1", (since,))
        # Counted only while fewer than `allowed` are: the check and the count are one
        # statement in the writer's transaction, after any other process's count of the
        # same pair has committed.
        count = Statement(
            "INSERT INTO login_failures (username, address, at)"
            " SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT)"
            " WHERE (SELECT COUNT(*) FROM login_failures"
            "  WHERE username = $1 AND address = $2 AND at > $4) < $5",
            (username, address, at, since, allowed),
        )
        lock = self._lock(f"login_failures {username} {address}")
        return await self._submit(Write((*lock, forget, count), "rowcount")) == 1

    async def clear_failures(self, username: str, address: str) -> None:
        await self._submit(
            write(
                "DELETE FROM login_failures WHERE username = $1 AND address = $2",
                username,
                address,
            )
        )
