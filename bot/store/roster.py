"""The roster: every welder with stage, days in it and last contact; the live inbox's counts."""

from __future__ import annotations

from dataclasses import dataclass

from .base import WELDER_COLUMNS, Params, Row, SqlStore, like_pattern, welder_from_row
from .console_models import Enrolled, RosterFilters, RosterPosition


@dataclass(frozen=True)
class Sort:
    """A roster order: the key a page is sorted by, ending in the welder's id so that no
    two rows tie, its direction, and the type of each of the key's values."""

    key: tuple[str, ...]
    descending: bool
    types: tuple[type, ...]


# Sort name -> its order; a fixed table, never text from a request. Empty names and
# welders without a stage come last.
SORTS = {
    "last": Sort(("w.last_seen", "w.id"), True, (str, int)),
    "days": Sort(
        (
            "CASE WHEN p.stage_since IS NULL THEN 1 ELSE 0 END",
            "COALESCE(p.stage_since, '')",
            "w.id",
        ),
        False,
        (int, str, int),
    ),
    "name": Sort(
        ("CASE WHEN w.name = '' THEN 1 ELSE 0 END", "w.name", "w.id"), False, (int, str, int)
    ),
    "stage": Sort(
        (
            "CASE WHEN p.stage IS NULL THEN 1 ELSE 0 END",
            "COALESCE(p.stage, '')",
            "COALESCE(p.stage_since, '')",
            "w.id",
        ),
        False,
        (int, str, str, int),
    ),
}
_WAITING = "EXISTS (SELECT 1 FROM handoffs h WHERE h.welder_id = w.id AND h.resolved_at IS NULL)"
_COLUMNS = f"{WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage, p.stage_since, {_WAITING} AS waiting"
_FROM = "FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"


def _enrolled(row: Row) -> Enrolled:
    return Enrolled(welder_from_row(row), row["stage"], row["stage_since"], bool(row["waiting"]))


class RosterQueries(SqlStore):
    async def roster(
        self,
        filters: RosterFilters,
        limit: int,
        after: RosterPosition | None = None,
        before: RosterPosition | None = None,
    ) -> list[tuple[Enrolled, RosterPosition]]:
        """A page of welders after (or before) a position, in the filters' sort order;
        each with its own position. Read by position, never by counting rows (OFFSET)."""
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
        sort = SORTS[filters.sort]
        key = ", ".join(sort.key)
        # Backwards (before a position) is forwards in the other direction, then reversed.
        descending = sort.descending != (before is not None)
        if position := after or before:
            values = ", ".join(arg(v) for v in position)
            where.append(f"({key}) {'<' if descending else '>'} ({values})")
        direction = " DESC" if descending else ""
        columns = ", ".join(f"{k} AS k{i}" for i, k in enumerate(sort.key))
        rows = await self._fetch_console(
            f"SELECT {_COLUMNS}, {columns} {_FROM} WHERE {' AND '.join(where)}"
            f" ORDER BY {', '.join(k + direction for k in sort.key)} LIMIT {arg(limit)}",
            *arg.values,
        )
        page = [(_enrolled(r), tuple(r[f"k{i}"] for i in range(len(sort.key)))) for r in rows]
        return page[::-1] if before else page

    async def roster_after(self, after_id: int, limit: int) -> list[Enrolled]:
        rows = await self._fetch(
            f"SELECT {_COLUMNS} {_FROM} WHERE w.id > $1 ORDER BY w.id LIMIT $2", after_id, limit
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
