"""Unanswered questions grouped in the background: what the grouper reads and writes, and
the dashboard's bounded reads of the groups."""

from __future__ import annotations

from .base import SqlStore, Statement, Write
from .console_models import Asked, Counted, Seen

# The dashboard counts at most this many of the newest grouped questions: its work stays
# the same however many questions a flood leaves behind.
COUNTED = 5000
# A group's wordings are ranked among its newest this many questions.
WORDINGS_SCANNED = 1000


class GroupingQueries(SqlStore):
    async def grouping_cursor(self) -> int:
        row = await self._fetchone_console("SELECT message_id FROM grouping_cursor WHERE id = 1")
        return row["message_id"] if row else 0

    async def messages_after(self, after: int, before: str, limit: int) -> list[Seen]:
        rows = await self._fetch_console(
            "SELECT m.id, m.welder_id, m.time,"
            " CASE WHEN m.role = 'welder' THEN m.text ELSE '' END AS text,"
            " CASE WHEN m.role = 'welder' AND b.id IS NOT NULL THEN 1 ELSE 0 END AS unanswered"
            " FROM messages m LEFT JOIN messages b ON b.id = m.id + 1"
            "  AND b.welder_id = m.welder_id AND b.role = 'bot' AND b.answered = 0"
            " WHERE m.id > $1 AND m.time < $2 ORDER BY m.id LIMIT $3",
            after,
            before,
            limit,
        )
        return [
            Seen(r["id"], r["welder_id"], r["text"], r["time"], bool(r["unanswered"])) for r in rows
        ]

    async def recent_groups(self, limit: int) -> list[tuple[int, str]]:
        rows = await self._fetch_console(
            "SELECT id, key FROM (SELECT id, key, latest_message_id FROM question_groups"
            " ORDER BY latest_message_id DESC LIMIT $1) AS recent ORDER BY latest_message_id",
            limit,
        )
        return [(r["id"], r["key"]) for r in rows]

    async def save_grouping(
        self, was: int, now: int, new_groups: list[tuple[int, str]], placed: list[tuple[Seen, int]]
    ) -> bool:
        # The cursor moves first, only from where this batch started; when another process
        # moved it first, the rows below collide with the ones it stored and nothing is kept.
        statements = [
            Statement(
                "UPDATE grouping_cursor SET message_id = $1 WHERE id = 1 AND message_id = $2",
                (now, was),
            )
        ]
        statements += [
            Statement(
                "INSERT INTO question_groups (id, key, latest_message_id) VALUES ($1, $2, $1)",
                (group_id, key),
            )
            for group_id, key in new_groups
        ]
        statements += [
            Statement(
                "INSERT INTO grouped_questions (message_id, group_id, welder_id, wording, time)"
                " VALUES ($1, $2, $3, $4, $5)",
                (s.id, group_id, s.welder_id, s.text.strip(), s.time),
            )
            for s, group_id in placed
        ]
        latest: dict[int, int] = {}
        for s, group_id in placed:  # ids grow with the cursor: the batch's newest is the latest
            latest[group_id] = max(latest.get(group_id, 0), s.id)
        statements += [
            Statement(
                "UPDATE question_groups SET latest_message_id = $1 WHERE id = $2",
                (message_id, group_id),
            )
            for group_id, message_id in latest.items()
        ]
        statements.append(Statement("SELECT message_id FROM grouping_cursor WHERE id = 1", ()))
        return await self._submit(Write(tuple(statements), "value")) == now

    async def top_groups(self, since: str, limit: int) -> list[Counted]:
        rows = await self._fetch_console(
            "SELECT group_id, COUNT(*) AS n, COUNT(DISTINCT welder_id) AS welders,"
            " MAX(message_id) AS latest FROM (SELECT group_id, welder_id, message_id"
            "  FROM grouped_questions WHERE time >= $1 ORDER BY time DESC LIMIT $2) AS newest"
            " GROUP BY group_id ORDER BY n DESC, latest DESC LIMIT $3",
            since,
            COUNTED,
            limit,
        )
        return [Counted(r["group_id"], r["n"], r["welders"]) for r in rows]

    async def group_wordings(self, group_id: int, since: str, limit: int) -> list[str]:
        rows = await self._fetch_console(
            "SELECT wording FROM (SELECT wording, message_id FROM grouped_questions"
            "  WHERE group_id = $1 AND time >= $2 ORDER BY time DESC LIMIT $3) AS newest"
            " GROUP BY wording ORDER BY COUNT(*) DESC, MIN(message_id) LIMIT $4",
            group_id,
            since,
            WORDINGS_SCANNED,
            limit,
        )
        return [r["wording"] for r in rows]

    async def group_latest(self, group_id: int) -> Asked:
        row = await self._fetchone_console(
            "SELECT message_id, welder_id, wording, time FROM grouped_questions"
            " WHERE group_id = $1 ORDER BY time DESC, message_id DESC LIMIT 1",
            group_id,
        )
        assert row is not None
        return Asked(row["message_id"], row["welder_id"], row["wording"], row["time"])
