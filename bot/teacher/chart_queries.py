"""The console's SQL for the charts: messages a day, where welders are, stage durations."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store

# The durations chart reads this many of the newest stage changes, not the whole history.
RECENT_CHANGES = 5000


@dataclass(frozen=True)
class Day:
    day: str  # YYYY-MM-DD in Shanghai
    asked: int
    unanswered: int


async def days_between(store: Store, start: str, end: str) -> list[Day]:
    """Welder messages and fallbacks per day, for stored times start <= time < end."""
    rows = await store.fetchall(
        "SELECT substr(time, 1, 10) AS day,"
        " COUNT(*) FILTER (WHERE role = 'welder') AS asked,"
        " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 0) AS unanswered"
        " FROM messages WHERE time >= ? AND time < ? GROUP BY day ORDER BY day",
        (start, end),
    )
    return [Day(r["day"], r["asked"], r["unanswered"]) for r in rows]


async def step_counts(store: Store) -> dict[str | None, int]:
    rows = await store.fetchall("SELECT step, COUNT(*) AS n FROM progress GROUP BY step")
    return {r["step"]: r["n"] for r in rows}


@dataclass(frozen=True)
class Change:
    welder_id: int
    stage: str
    at: str


async def recent_changes(store: Store, limit: int = RECENT_CHANGES) -> list[Change]:
    """The newest stage changes, oldest first."""
    rows = await store.fetchall(
        "SELECT welder_id, to_stage, at FROM stage_changes ORDER BY id DESC LIMIT ?", (limit,)
    )
    return [Change(r["welder_id"], r["to_stage"], r["at"]) for r in reversed(rows)]
