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
            "INSERT INTO teacher_sessions (token_hash, teacher_id, csrf, created_at, expires_at)"
            " VALUES ($1, $2, $3, $4, $5)",
            (token_hash, teacher_id, csrf, at, expires_at),
        )
        await self._submit(Write((expired, insert)))

    async def session(self, token_hash: str, at: str) -> Session | None:
        row = await self._fetchone(
            "SELECT s.teacher_id, t.username, s.csrf, s.expires_at"
            " FROM teacher_sessions s JOIN teachers t ON t.id = s.teacher_id"
            " WHERE s.token_hash = $1 AND s.expires_at > $2",
            token_hash,
            at,
        )
        return Session(**dict(row)) if row else None

    async def delete_session(self, token_hash: str) -> None:
        await self._submit(write("DELETE FROM teacher_sessions WHERE token_hash = $1", token_hash))

    async def failures_since(self, username: str, address: str, since: str) -> list[str]:
        rows = await self._fetch(
            "SELECT at FROM login_failures WHERE at > $1 AND (username = $2 OR address = $3)"
            " ORDER BY at",
            since,
            username,
            address,
        )
        return [r["at"] for r in rows]

    async def record_failure(
        self, username: str, address: str, at: str, forget_before: str
    ) -> None:
        forget = Statement("DELETE FROM login_failures WHERE at <= $1", (forget_before,))
        insert = Statement(
            "INSERT INTO login_failures (username, address, at) VALUES ($1, $2, $3)",
            (username, address, at),
        )
        await self._submit(Write((forget, insert)))

    async def clear_failures(self, username: str) -> None:
        await self._submit(write("DELETE FROM login_failures WHERE username = $1", username))
