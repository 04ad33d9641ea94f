"""The roster: every welder with stage, days in it and last contact; the live inbox's counts."""

from __future__ import annotations

from .base import WELDER_COLUMNS, Params, Row, SqlStore, like_pattern, welder_from_row
from .console_models import Enrolled, RosterFilters

# Sort name -> ORDER BY; a fixed table, never text from a request.
SORTS = {
    "last": "w.last_seen DESC, w.id DESC",
    "days": "p.stage_since IS NULL, p.stage_since, w.id",
    "name": "w.name = '', w.name, w.id",
    "stage": "p.stage IS NULL, p.stage, p.stage_since, w.id",
}
_WAITING = "EXISTS (SELECT 1 FROM handoffs h WHERE h.welder_id = w.id AND h.resolved_at IS NULL)"
_ENROLLED = (
    f"SELECT {WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage, p.stage_since,"
    f" {_WAITING} AS waiting FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"
)


def _enrolled(row: Row) -> Enrolled:
    return Enrolled(welder_from_row(row), row["stage"], row["stage_since"], bool(row["waiting"]))


class RosterQueries(SqlStore):
    async def roster(self, filters: RosterFilters, limit: int, offset: int) -> list[Enrolled]:
        arg = Params()
        where = ["TRUE"]
        if filters.stage:
            where.append(f"p.stage = {arg(filters.stage)}")
        if filters.waiting:
            where.append(_WAITING)
        if filters.q:
            like = arg(like_pattern(filters.q))
            where.append(
                f"(w.name LIKE {like} ESCAPE '\\' OR w.phone LIKE {like} ESCAPE '\\'"
                f" OR w.company LIKE {like} ESCAPE '\\')"
            )
        order = SORTS.get(filters.sort, SORTS["last"])
        rows = await self._fetch(
            f"{_ENROLLED} WHERE {' AND '.join(where)} ORDER BY {order}"
            f" LIMIT {arg(limit)} OFFSET {arg(offset)}",
            *arg.values,
        )
        return [_enrolled(r) for r in rows]

    async def roster_after(self, after_id: int, limit: int) -> list[Enrolled]:
        rows = await self._fetch(
            f"{_ENROLLED} WHERE w.id > $1 ORDER BY w.id LIMIT $2", after_id, limit
        )
        return [_enrolled(r) for r in rows]

    async def open_handoff_total(self) -> int:
        row = await self._fetchone("SELECT COUNT(*) AS n FROM handoffs WHERE resolved_at IS NULL")
        assert row is not None
        return row["n"]

    async def latest_handoff(self) -> int:
        row = await self._fetchone("SELECT COALESCE(MAX(id), 0) AS n FROM handoffs")
        assert row is not None
        return row["n"]
