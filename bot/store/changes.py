"""Teachers' knowledge changes, and the replies kept for WeChat's retries."""

from __future__ import annotations

from .base import SqlStore, write
from .console_models import Change
from .models import now


class ChangeQueries(SqlStore):
    async def record_change(self, teacher: str, entry_id: str, action: str, text: str) -> int:
        return await self._submit(
            write(
                "INSERT INTO knowledge_changes (teacher, entry_id, action, text, at)"
                " VALUES ($1, $2, $3, $4, $5) RETURNING id",
                teacher,
                entry_id,
                action,
                text,
                now(),
                result="value",
            )
        )

    async def change(self, change_id: int) -> Change | None:
        row = await self._fetchone(
            "SELECT id, teacher, entry_id, action, text, at FROM knowledge_changes WHERE id = $1",
            change_id,
        )
        return Change(**dict(row)) if row else None

    async def inbox_reply(self, channel: str, from_user: str, dedup_key: str) -> str | None:
        row = await self._fetchone(
            "SELECT reply FROM wechat_inbox"
            " WHERE channel = $1 AND from_user = $2 AND dedup_key = $3",
            channel,
            from_user,
            dedup_key,
        )
        return row["reply"] if row else None
