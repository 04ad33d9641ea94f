"""The console's SQL for one welder: details, notes, replies, knowledge changes, export."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from ..store import Store, now
from .clock import day_start
from .queries import WELDER_COLUMNS, Welder, welder_from_row

# -- one welder --------------------------------------------------------------------------


async def welder(store: Store, welder_id: int) -> Welder | None:
    row = await store.fetchone(
        f"SELECT {WELDER_COLUMNS} FROM welders w WHERE w.id = ?", (welder_id,)
    )
    return welder_from_row(row) if row else None


async def current_stage(store: Store, welder_id: int) -> str | None:
    row = await store.fetchone("SELECT stage FROM progress WHERE welder_id = ?", (welder_id,))
    return row["stage"] if row else None


async def open_handoff_count(store: Store, welder_id: int) -> int:
    row = await store.fetchone(
        "SELECT COUNT(*) AS n FROM handoffs WHERE welder_id = ? AND resolved_at IS NULL",
        (welder_id,),
    )
    return row["n"]


async def set_note(store: Store, welder_id: int, note: str) -> None:
    def job(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE welders SET note = ? WHERE id = ?", (note, welder_id))

    await store.write(job)


async def add_teacher_reply(
    store: Store, welder: Welder, text: str, teacher: str, stage: str
) -> int:
    """Store a teacher's message to the welder and close the welder's open handoffs."""

    def job(conn: sqlite3.Connection) -> int:
        stamp = now()
        cur = conn.execute(
            "INSERT INTO messages (welder_id, time, channel, role, text, stage, teacher)"
            " VALUES (?, ?, ?, 'teacher', ?, ?, ?)",
            (welder.id, stamp, welder.channel, text, stage, teacher),
        )
        conn.execute(
            "UPDATE handoffs SET resolved_at = ?, resolved_by = ?"
            " WHERE welder_id = ? AND resolved_at IS NULL",
            (stamp, teacher, welder.id),
        )
        return cur.lastrowid

    return await store.write(job)


# -- improving the knowledge -------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    id: int
    welder_id: int
    text: str


async def welder_message(store: Store, message_id: int) -> Said | None:
    row = await store.fetchone(
        "SELECT id, welder_id, text FROM messages WHERE id = ? AND role = 'welder'",
        (message_id,),
    )
    return Said(row["id"], row["welder_id"], row["text"]) if row else None


@dataclass(frozen=True)
class Change:
    id: int
    teacher: str
    entry_id: str
    action: str
    text: str
    at: str


async def record_change(store: Store, teacher: str, entry_id: str, action: str, text: str) -> int:
    def job(conn: sqlite3.Connection) -> int:
        cur = conn.execute(
            "INSERT INTO knowledge_changes (teacher, entry_id, action, text, at)"
            " VALUES (?, ?, ?, ?, ?)",
            (teacher, entry_id, action, text, now()),
        )
        return cur.lastrowid

    return await store.write(job)


async def change(store: Store, change_id: int) -> Change | None:
    row = await store.fetchone(
        "SELECT id, teacher, entry_id, action, text, at FROM knowledge_changes WHERE id = ?",
        (change_id,),
    )
    return Change(**dict(row)) if row else None


# -- export ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    id: int
    time: str
    welder: Welder
    role: str
    text: str
    stage: str
    answer_id: str | None
    confidence: float | None
    answered: bool | None
    teacher: str | None


async def transcript_lines(
    store: Store, start: date, end: date, after_id: int, limit: int
) -> list[Line]:
    rows = await store.fetchall(
        f"SELECT m.*, {WELDER_COLUMNS} FROM messages m JOIN welders w ON w.id = m.welder_id"
        " WHERE m.time >= ? AND m.time < ? AND m.id > ? ORDER BY m.id LIMIT ?",
        (day_start(start), day_start(end + timedelta(days=1)), after_id, limit),
    )
    return [
        Line(
            r["id"],
            r["time"],
            welder_from_row(r),
            r["role"],
            r["text"],
            r["stage"],
            r["answer_id"],
            r["confidence"],
            None if r["answered"] is None else bool(r["answered"]),
            r["teacher"],
        )
        for r in rows
    ]
