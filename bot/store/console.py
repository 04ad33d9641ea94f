"""The console's queries: the dashboard, the list of conversations, one welder's record."""

from __future__ import annotations

from datetime import timedelta

from .base import WELDER_COLUMNS, Params, SqlStore, welder_from_row, write
from .console_models import (
    Activity,
    Asked,
    Conversation,
    Filters,
    Handoff,
    Position,
    Waiting,
    Welder,
)
from .models import day_start

# In a turn the bot's reply is stored right after the welder's message, in one transaction.
FALLBACK_JOIN = (
    "JOIN messages b ON b.id = m.id + 1 AND b.welder_id = m.welder_id"
    " AND b.role = 'bot' AND b.answered = 0"
)


def _in_range(filters: Filters, arg: Params) -> str:
    """Conditions on a message `m` for the date range; fixed SQL text, values as parameters."""
    sql = ""
    if filters.start:
        sql += f" AND m.time >= {arg(day_start(filters.start))}"
    if filters.end:
        sql += f" AND m.time < {arg(day_start(filters.end + timedelta(days=1)))}"
    return sql


class ConsoleQueries(SqlStore):
    async def activity_since(self, since: str) -> Activity:
        row = await self._fetchone_console(
            "SELECT"
            " COUNT(*) FILTER (WHERE role = 'welder') AS messages,"
            " COUNT(DISTINCT welder_id) FILTER (WHERE role = 'welder') AS welders,"
            " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 1) AS answered,"
            " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 0) AS fallbacks"
            " FROM messages WHERE time >= $1",
            since,
        )
        assert row is not None
        return Activity(row["messages"], row["welders"], row["answered"], row["fallbacks"])

    async def stage_counts(self) -> dict[str, int]:
        rows = await self._fetch_console("SELECT stage, COUNT(*) AS n FROM progress GROUP BY stage")
        return {r["stage"]: r["n"] for r in rows}

    async def open_handoffs(self, limit: int = 50) -> list[Handoff]:
        rows = await self._fetch_console(
            f"SELECT h.id, h.created_at, COALESCE(p.stage, '') AS stage, {WELDER_COLUMNS},"
            " (SELECT m.text FROM messages m WHERE m.welder_id = h.welder_id"
            "  AND m.role = 'welder' AND (h.message_id IS NULL OR m.id < h.message_id)"
            "  ORDER BY m.id DESC LIMIT 1) AS question"
            " FROM handoffs h JOIN welders w ON w.id = h.welder_id"
            " LEFT JOIN progress p ON p.welder_id = h.welder_id"
            " WHERE h.resolved_at IS NULL ORDER BY h.id LIMIT $1",
            limit,
        )
        return [
            Handoff(r["id"], welder_from_row(r), r["stage"], r["created_at"], r["question"] or "")
            for r in rows
        ]

    async def waiting_welders(self, stages: tuple[str, ...]) -> list[Waiting]:
        arg = Params()
        marks = ", ".join(arg(stage) for stage in stages)
        rows = await self._fetch_console(
            f"SELECT p.stage, {WELDER_COLUMNS},"
            " (SELECT MAX(s.at) FROM stage_changes s WHERE s.welder_id = p.welder_id"
            "  AND s.to_stage = p.stage) AS since"
            " FROM progress p JOIN welders w ON w.id = p.welder_id"
            f" WHERE p.stage IN ({marks}) ORDER BY since",
            *arg.values,
        )
        return [
            Waiting(welder_from_row(r), r["stage"], r["since"] or r["w_created_at"]) for r in rows
        ]

    async def unanswered_since(self, since: str, limit: int = 2000) -> list[Asked]:
        rows = await self._fetch_console(
            f"SELECT m.id, m.welder_id, m.text, m.time FROM messages m {FALLBACK_JOIN}"
            " WHERE m.role = 'welder' AND m.time >= $1 ORDER BY m.id DESC LIMIT $2",
            since,
            limit,
        )
        return [Asked(r["id"], r["welder_id"], r["text"], r["time"]) for r in rows]

    def _where(self, filters: Filters, arg: Params) -> str:
        where = ["TRUE"]
        if filters.stage:
            where.append(f"p.stage = {arg(filters.stage)}")
        if filters.handoff == "open":
            where.append(
                "EXISTS (SELECT 1 FROM handoffs h WHERE h.welder_id = w.id"
                " AND h.resolved_at IS NULL)"
            )
        elif filters.handoff == "any":
            where.append(
                "EXISTS (SELECT 1 FROM handoffs h JOIN messages m ON m.id = h.message_id"
                f" WHERE h.welder_id = w.id{_in_range(filters, arg)})"
            )
        if filters.fell_back:
            where.append(
                f"EXISTS (SELECT 1 FROM messages m {FALLBACK_JOIN}"
                f" WHERE m.welder_id = w.id AND m.role = 'welder'{_in_range(filters, arg)})"
            )
        if filters.q:
            whose = "" if filters.bot_text else " AND m.role = 'welder'"
            where.append(
                f"EXISTS (SELECT 1 FROM messages m WHERE m.welder_id = w.id{whose}"
                f" AND {self._search(filters.q, arg)}{_in_range(filters, arg)})"
            )
        elif filters.start or filters.end:
            where.append(
                f"EXISTS (SELECT 1 FROM messages m WHERE m.welder_id = w.id"
                f"{_in_range(filters, arg)})"
            )
        return " AND ".join(where)

    async def conversations(
        self,
        filters: Filters,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> list[Conversation]:
        arg = Params()
        where = self._where(filters, arg)
        order = "DESC"
        if after:
            where += f" AND (w.last_seen, w.id) < ({arg(after[0])}, {arg(after[1])})"
        elif before:
            where += f" AND (w.last_seen, w.id) > ({arg(before[0])}, {arg(before[1])})"
            order = "ASC"
        rows = await self._fetch_console(
            f"SELECT {WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage,"
            " (SELECT COUNT(*) FROM messages m WHERE m.welder_id = w.id AND m.role = 'welder')"
            "  AS asked,"
            " (SELECT COUNT(*) FROM messages m WHERE m.welder_id = w.id AND m.role = 'bot'"
            "  AND m.answered = 0) AS fallbacks,"
            " (SELECT COUNT(*) FROM handoffs h WHERE h.welder_id = w.id"
            "  AND h.resolved_at IS NULL) AS open_handoffs,"
            " (SELECT m.text FROM messages m WHERE m.welder_id = w.id AND m.role = 'welder'"
            "  ORDER BY m.id DESC LIMIT 1) AS last_text"
            " FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"
            f" WHERE {where} ORDER BY w.last_seen {order}, w.id {order} LIMIT {arg(limit)}",
            *arg.values,
        )
        if before:
            rows = rows[::-1]
        return [
            Conversation(
                welder_from_row(r),
                r["stage"],
                r["asked"],
                r["fallbacks"],
                r["open_handoffs"],
                r["last_text"] or "",
            )
            for r in rows
        ]

    # -- one welder's record --------------------------------------------------------------

    async def welder(self, welder_id: int) -> Welder | None:
        row = await self._fetchone_console(
            f"SELECT {WELDER_COLUMNS} FROM welders w WHERE w.id = $1", welder_id
        )
        return welder_from_row(row) if row else None

    async def current_stage(self, welder_id: int) -> str | None:
        row = await self._fetchone_console(
            "SELECT stage FROM progress WHERE welder_id = $1", welder_id
        )
        return row["stage"] if row else None

    async def open_handoff_count(self, welder_id: int) -> int:
        row = await self._fetchone_console(
            "SELECT COUNT(*) AS n FROM handoffs WHERE welder_id = $1 AND resolved_at IS NULL",
            welder_id,
        )
        assert row is not None
        return row["n"]

    async def set_note(self, welder_id: int, note: str) -> None:
        await self._submit(write("UPDATE welders SET note = $1 WHERE id = $2", note, welder_id))
