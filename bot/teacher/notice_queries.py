"""The console's SQL for notices: one teacher message to every welder at a stage."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..store import Store, now


async def add_notice(store: Store, stage: str, text: str, teacher: str) -> int:
    """Store the notice in every transcript at the stage, in one statement; how many."""

    def job(conn: sqlite3.Connection) -> int:
        cur = conn.execute(
            "INSERT INTO messages (welder_id, time, channel, role, kind, text, stage, teacher)"
            " SELECT p.welder_id, ?, w.channel, 'teacher', 'notice', ?, p.stage, ?"
            " FROM progress p JOIN welders w ON w.id = p.welder_id WHERE p.stage = ?"
            " ORDER BY p.welder_id",
            (now(), text, teacher, stage),
        )
        return cur.rowcount

    return await store.write(job)


@dataclass(frozen=True)
class Recipient:
    welder_id: int
    external_id: str


async def reachable(
    store: Store, channel: str, stage: str, since: str, after_id: int, limit: int
) -> list[Recipient]:
    """Welders of a channel at the stage who wrote since `since`, by id, a batch at a time."""
    rows = await store.fetchall(
        "SELECT w.id, w.external_id FROM progress p JOIN welders w ON w.id = p.welder_id"
        " WHERE p.stage = ? AND w.channel = ? AND w.last_seen >= ? AND w.id > ?"
        " ORDER BY w.id LIMIT ?",
        (stage, channel, since, after_id, limit),
    )
    return [Recipient(r["id"], r["external_id"]) for r in rows]
