"""The review queue (unsure answers, 没用 votes) and the charts page's counts."""

from __future__ import annotations

from .base import Row, SqlStore
from .console_models import Day, Doubt, Move

# The welder's message is stored right before the bot's reply, in the same turn.
_QUESTION = "JOIN messages q ON q.id = b.id - 1 AND q.welder_id = b.welder_id AND q.role = 'welder'"


def _doubts(rows: list[Row]) -> list[Doubt]:
    return [
        Doubt(r["q_id"], r["welder_id"], r["q_text"], r["answer_id"], r["confidence"], r["time"])
        for r in rows
    ]


class TrendQueries(SqlStore):
    async def unsure_answers(self, since: str, limit: int = 20) -> list[Doubt]:
        # The condition repeats the partial index messages_unsure's, so that it is used.
        rows = await self._fetch(
            "SELECT q.id AS q_id, q.text AS q_text, b.welder_id, b.answer_id, b.confidence,"
            f" b.time FROM messages b {_QUESTION}"
            " WHERE b.role = 'bot' AND b.answered = 1 AND b.confidence < 0.5 AND b.time >= $1"
            " ORDER BY b.id DESC LIMIT $2",
            since,
            limit,
        )
        return _doubts(list(rows))

    async def unhelpful_answers(self, since: str, limit: int = 20) -> list[Doubt]:
        rows = await self._fetch(
            "SELECT q.id AS q_id, q.text AS q_text, b.welder_id, b.answer_id, b.confidence,"
            " f.at AS time FROM feedback f JOIN messages b ON b.id = f.message_id"
            f" {_QUESTION} WHERE f.helpful = 0 AND f.at >= $1 ORDER BY f.at DESC LIMIT $2",
            since,
            limit,
        )
        return _doubts(list(rows))

    async def days_between(self, start: str, end: str) -> list[Day]:
        rows = await self._fetch(
            "SELECT substr(time, 1, 10) AS day,"
            " COUNT(*) FILTER (WHERE role = 'welder') AS asked,"
            " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 0) AS unanswered"
            " FROM messages WHERE time >= $1 AND time < $2 GROUP BY day ORDER BY day",
            start,
            end,
        )
        return [Day(r["day"], r["asked"], r["unanswered"]) for r in rows]

    async def step_counts(self) -> dict[str | None, int]:
        # Where each welder is: the step they reported when they have only read ahead of it
        # ("": none yet), else the step pointer.
        rows = await self._fetch(
            "SELECT CASE WHEN reported IS NULL THEN step ELSE NULLIF(reported, '') END AS at,"
            " COUNT(*) AS n FROM progress GROUP BY 1"
        )
        return {r["at"]: r["n"] for r in rows}

    async def recent_moves(self, limit: int) -> list[Move]:
        rows = await self._fetch(
            "SELECT welder_id, to_stage, at FROM stage_changes ORDER BY id DESC LIMIT $1", limit
        )
        return [Move(r["welder_id"], r["to_stage"], r["at"]) for r in reversed(rows)]
