"""The console's SQL for the overview pages: the dashboard and the list of conversations.

One welder's record is in welder_queries.py; accounts and sessions in account_queries.py.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from ..store import Store
from .clock import day_start

# A fixed list of columns, never values: every query below selects a welder the same way.
WELDER_COLUMNS = (
    "w.id AS w_id, w.channel AS w_channel, w.external_id AS w_external_id, w.name AS w_name,"
    " w.company AS w_company, w.phone AS w_phone, w.note AS w_note,"
    " w.created_at AS w_created_at, w.last_seen AS w_last_seen"
)
# In a turn the bot's reply is stored right after the welder's message, in one transaction.
FALLBACK_JOIN = (
    "JOIN messages b ON b.id = m.id + 1 AND b.welder_id = m.welder_id"
    " AND b.role = 'bot' AND b.answered = 0"
)


@dataclass(frozen=True)
class Welder:
    id: int
    channel: str
    external_id: str = ""
    name: str = ""
    company: str = ""
    phone: str = ""
    note: str = ""
    created_at: str = ""
    last_seen: str = ""

    @property
    def label(self) -> str:
        return self.name or f"焊工 #{self.id}"


def welder_from_row(row: sqlite3.Row) -> Welder:
    return Welder(
        id=row["w_id"],
        channel=row["w_channel"],
        external_id=row["w_external_id"],
        name=row["w_name"],
        company=row["w_company"],
        phone=row["w_phone"],
        note=row["w_note"],
        created_at=row["w_created_at"],
        last_seen=row["w_last_seen"],
    )


# -- dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    messages: int
    welders: int
    answered: int
    fallbacks: int

    @property
    def answered_share(self) -> float | None:
        total = self.answered + self.fallbacks
        return self.answered / total if total else None


async def activity_since(store: Store, since: str) -> Activity:
    row = await store.fetchone(
        "SELECT"
        " COUNT(*) FILTER (WHERE role = 'welder') AS messages,"
        " COUNT(DISTINCT welder_id) FILTER (WHERE role = 'welder') AS welders,"
        " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 1) AS answered,"
        " COUNT(*) FILTER (WHERE role = 'bot' AND answered = 0) AS fallbacks"
        " FROM messages WHERE time >= ?",
        (since,),
    )
    return Activity(row["messages"], row["welders"], row["answered"], row["fallbacks"])


async def stage_counts(store: Store) -> dict[str, int]:
    rows = await store.fetchall("SELECT stage, COUNT(*) AS n FROM progress GROUP BY stage")
    return {r["stage"]: r["n"] for r in rows}


@dataclass(frozen=True)
class Handoff:
    id: int
    welder: Welder
    stage: str
    created_at: str
    question: str  # the welder's last message before asking for a teacher


async def open_handoffs(store: Store, limit: int = 50) -> list[Handoff]:
    rows = await store.fetchall(
        f"SELECT h.id, h.created_at, COALESCE(p.stage, '') AS stage, {WELDER_COLUMNS},"
        " (SELECT m.text FROM messages m WHERE m.welder_id = h.welder_id AND m.role = 'welder'"
        "  AND m.id < COALESCE(h.message_id, 1 << 62) ORDER BY m.id DESC LIMIT 1) AS question"
        " FROM handoffs h JOIN welders w ON w.id = h.welder_id"
        " LEFT JOIN progress p ON p.welder_id = h.welder_id"
        " WHERE h.resolved_at IS NULL ORDER BY h.id LIMIT ?",
        (limit,),
    )
    return [
        Handoff(r["id"], welder_from_row(r), r["stage"], r["created_at"], r["question"] or "")
        for r in rows
    ]


@dataclass(frozen=True)
class Waiting:
    welder: Welder
    stage: str
    since: str  # when the welder entered the stage


async def waiting_welders(store: Store, stages: tuple[str, ...]) -> list[Waiting]:
    marks = ", ".join("?" for _ in stages)
    rows = await store.fetchall(
        f"SELECT p.stage, {WELDER_COLUMNS},"
        " (SELECT MAX(s.at) FROM stage_changes s WHERE s.welder_id = p.welder_id"
        "  AND s.to_stage = p.stage) AS since"
        " FROM progress p JOIN welders w ON w.id = p.welder_id"
        f" WHERE p.stage IN ({marks}) ORDER BY since",
        stages,
    )
    return [Waiting(welder_from_row(r), r["stage"], r["since"] or r["w_created_at"]) for r in rows]


@dataclass(frozen=True)
class Asked:
    message_id: int
    welder_id: int
    text: str
    time: str


async def unanswered_since(store: Store, since: str, limit: int = 2000) -> list[Asked]:
    rows = await store.fetchall(
        f"SELECT m.id, m.welder_id, m.text, m.time FROM messages m {FALLBACK_JOIN}"
        " WHERE m.role = 'welder' AND m.time >= ? ORDER BY m.id DESC LIMIT ?",
        (since, limit),
    )
    return [Asked(r["id"], r["welder_id"], r["text"], r["time"]) for r in rows]


# -- conversations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    stage: str = ""
    fell_back: bool = False
    handoff: str = ""  # "" | "open" | "any"
    start: date | None = None
    end: date | None = None
    q: str = ""


@dataclass(frozen=True)
class Conversation:
    welder: Welder
    stage: str
    asked: int
    fallbacks: int
    open_handoffs: int
    last_text: str


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _message_filter(filters: Filters) -> tuple[str, list]:
    """Conditions on a message `m` for the date range; fixed SQL text, values as parameters."""
    sql, params = "", []
    if filters.start:
        sql += " AND m.time >= ?"
        params.append(day_start(filters.start))
    if filters.end:
        sql += " AND m.time < ?"
        params.append(day_start(filters.end + timedelta(days=1)))
    return sql, params


def _where(filters: Filters) -> tuple[str, list]:
    in_range, range_params = _message_filter(filters)
    where, params = ["1"], []
    if filters.stage:
        where.append("p.stage = ?")
        params.append(filters.stage)
    if filters.handoff == "open":
        where.append(
            "EXISTS (SELECT 1 FROM handoffs h WHERE h.welder_id = w.id AND h.resolved_at IS NULL)"
        )
    elif filters.handoff == "any":
        where.append(
            "EXISTS (SELECT 1 FROM handoffs h JOIN messages m ON m.id = h.message_id"
            f" WHERE h.welder_id = w.id{in_range})"
        )
        params += range_params
    if filters.fell_back:
        where.append(
            f"EXISTS (SELECT 1 FROM messages m {FALLBACK_JOIN}"
            f" WHERE m.welder_id = w.id AND m.role = 'welder'{in_range})"
        )
        params += range_params
    if filters.q and len(filters.q) >= 3:
        # The trigram index finds any substring of three characters or more.
        where.append(
            "EXISTS (SELECT 1 FROM messages m WHERE m.welder_id = w.id"
            f" AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?){in_range})"
        )
        params += ['"' + filters.q.replace('"', '""') + '"', *range_params]
    elif filters.q:
        where.append(
            "EXISTS (SELECT 1 FROM messages m WHERE m.welder_id = w.id"
            f" AND m.text LIKE ? ESCAPE '\\'{in_range})"
        )
        params += [_like(filters.q), *range_params]
    elif filters.start or filters.end:
        where.append(f"EXISTS (SELECT 1 FROM messages m WHERE m.welder_id = w.id{in_range})")
        params += range_params
    return " AND ".join(where), params


async def conversations(
    store: Store, filters: Filters, limit: int, offset: int = 0
) -> list[Conversation]:
    where, params = _where(filters)
    rows = await store.fetchall(
        f"SELECT {WELDER_COLUMNS}, COALESCE(p.stage, '') AS stage,"
        " (SELECT COUNT(*) FROM messages m WHERE m.welder_id = w.id AND m.role = 'welder')"
        "  AS asked,"
        " (SELECT COUNT(*) FROM messages m WHERE m.welder_id = w.id AND m.role = 'bot'"
        "  AND m.answered = 0) AS fallbacks,"
        " (SELECT COUNT(*) FROM handoffs h WHERE h.welder_id = w.id AND h.resolved_at IS NULL)"
        "  AS open_handoffs,"
        " (SELECT m.text FROM messages m WHERE m.welder_id = w.id AND m.role = 'welder'"
        "  ORDER BY m.id DESC LIMIT 1) AS last_text"
        " FROM welders w LEFT JOIN progress p ON p.welder_id = w.id"
        f" WHERE {where} ORDER BY w.last_seen DESC, w.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
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
