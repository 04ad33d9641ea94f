"""The console's SQL for the review queue: answers given unsure, and answers voted 没用."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store


@dataclass(frozen=True)
class Doubt:
    asked_id: int  # the welder's message the answer replied to
    welder_id: int
    question: str
    answer_id: str | None
    confidence: float | None
    time: str


# The welder's message is stored right before the bot's reply, in the same turn.
_QUESTION = "JOIN messages q ON q.id = b.id - 1 AND q.welder_id = b.welder_id AND q.role = 'welder'"


def _doubts(rows) -> list[Doubt]:
    return [
        Doubt(r["q_id"], r["welder_id"], r["q_text"], r["answer_id"], r["confidence"], r["time"])
        for r in rows
    ]


async def unsure_answers(store: Store, since: str, limit: int = 20) -> list[Doubt]:
    """Answers under 0.5 confidence, newest first (the partial index messages_unsure)."""
    rows = await store.fetchall(
        "SELECT q.id AS q_id, q.text AS q_text, b.welder_id, b.answer_id, b.confidence, b.time"
        f" FROM messages b {_QUESTION}"
        " WHERE b.role = 'bot' AND b.answered = 1 AND b.confidence < 0.5 AND b.time >= ?"
        " ORDER BY b.id DESC LIMIT ?",
        (since, limit),
    )
    return _doubts(rows)


async def unhelpful_answers(store: Store, since: str, limit: int = 20) -> list[Doubt]:
    """Answers a welder voted 没用, newest vote first."""
    rows = await store.fetchall(
        "SELECT q.id AS q_id, q.text AS q_text, b.welder_id, b.answer_id, b.confidence,"
        " f.at AS time FROM feedback f JOIN messages b ON b.id = f.message_id"
        f" {_QUESTION} WHERE f.helpful = 0 AND f.at >= ? ORDER BY f.at DESC LIMIT ?",
        (since, limit),
    )
    return _doubts(rows)
