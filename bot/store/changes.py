"""Teachers' knowledge changes (stored with the edit, see shared.py), and the replies kept
for WeChat's retries."""

from __future__ import annotations

from .base import SqlStore
from .console_models import Change


class ChangeQueries(SqlStore):
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
