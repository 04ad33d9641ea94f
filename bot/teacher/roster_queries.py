"""The console's SQL for the roster: every welder with stage, days in it and last contact."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from .queries import WELDER_COLUMNS, Welder, _like, welder_from_row

# Sort name -> ORDER BY; a fixed table, never text from the request.
SORTS = {
    "last": "w.last_seen DESC, w.id DESC",
    "days": "p.stage_since IS NULL, p.stage_since, w.id",
    "name": "w.name = '', w.name, w.id",
    "stage": "p.stage IS NULL, p.stage, p.stage_since, w.id",
}
_WAITING = "EXISTS (SELECT 1 FROM handoffs h WHERE h.welder_id = w.id AND h.resolved_at IS NULL)"


@dataclass(frozen=True)
class RosterFilters:
    stage: str = ""
    waiting: bool = False
    q: str = ""  # a piece of the name, phone or unit
    sort: str = "last"


@dataclass(frozen=True)
class Enrolled:
    welder: Welder
    stage: str
    stage_since: str | None
    waiting: bool  # asked for a teacher, no reply yet


async def roster(store: Store, filters: RosterFilters, limit: int, offset: int) -> list[Enrolled]:
    where, params = ["1"], []
    if filters.stage:
        where.append("p.stage = ?")
        params.append(filters.stage)
    if filters.waiting:
        where.append(_WAITING)
    if filters.q:
        where.append(
            "(w.name LIKE ? ESCAPE '\\' OR w.phone LIKE ? ESCAPE '\\'"
            " OR w.company LIKE ? ESCAPE '\\')"
        )
        params += [_like(filters.q)] * 3
    order = SORTS.get(filters.sort, SORTS["last"])
    rows = await store.fetchall(
        f"SELECT {WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage, p.stage_since,"
        f" {_WAITING} AS waiting"
        " FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"
        f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_enrolled(r) for r in rows]


async def roster_after(store: Store, after_id: int, limit: int) -> list[Enrolled]:
    """Every welder in id order, a batch at a time (the export)."""
    rows = await store.fetchall(
        f"SELECT {WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage, p.stage_since,"
        f" {_WAITING} AS waiting"
        " FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"
        " WHERE w.id > ? ORDER BY w.id LIMIT ?",
        (after_id, limit),
    )
    return [_enrolled(r) for r in rows]


def _enrolled(row) -> Enrolled:
    return Enrolled(welder_from_row(row), row["stage"], row["stage_since"], bool(row["waiting"]))
