"""SQLite's turn writer: a run of welders' turns in a handful of statements.

Runs on the writer's thread, inside its transaction (see SqliteStore). Under load a batch
holds dozens of turns, so each kind of row (turn_rows) is written for all of them with one
prepared statement (executemany, or one multi-row INSERT for the messages) rather than one
statement a row.
"""

from __future__ import annotations

import sqlite3

from .models import AlreadyAnswered, Conflict, Turn
from .turn_rows import (
    MESSAGE_COLUMNS,
    STAMPED,
    Refusal,
    ids_per_turn,
    message_rows,
    outcomes,
    progress_rows,
    turn_rows,
)

_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# 12 parameters a row: well under SQLite's limit of 32,766 per statement.
_ROWS_PER_INSERT = 500
# Progress over the version read: a new row (version 0 read), or the row still at it.
# stage_since moves only when the stage does.
_NEW_PROGRESS = (
    "INSERT INTO progress (welder_id, version, stage, step, last_entry, confirm_reset,"
    " allowance, allowance_at, reported, updated_at, stage_since)"
    " VALUES (?1, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) ON CONFLICT (welder_id) DO NOTHING"
)
_NEXT_PROGRESS = (
    "UPDATE progress SET version = version + 1,"
    " stage_since = CASE WHEN stage = ?3 THEN stage_since ELSE ?10 END, stage = ?3, step = ?4,"
    " last_entry = ?5, confirm_reset = ?6, allowance = ?7, allowance_at = ?8, reported = ?9,"
    " updated_at = ?10"
    " WHERE welder_id = ?1 AND version = ?2"
)
STATEMENTS = {
    "stage_changes": "INSERT INTO stage_changes"
    " (welder_id, from_stage, to_stage, changed_by, teacher, reason, at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)",
    "checked": "INSERT OR IGNORE INTO checklist (welder_id, item, done_at) VALUES (?, ?, ?)",
    "unchecked": "DELETE FROM checklist WHERE welder_id = ? AND item = ?",
    "choices_cleared": "DELETE FROM pending_choices WHERE welder_id = ?",
    "choices": "INSERT INTO pending_choices (welder_id, position, entry_id) VALUES (?, ?, ?)",
    "handoffs": "INSERT INTO handoffs (welder_id, message_id, created_at) VALUES (?, ?, ?)",
    # DO NOTHING: _answered saw no row, so only a concurrent twin could hit the key.
    "inbox": "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    "requests": "INSERT INTO web_requests (welder_id, client_id, message_id) VALUES (?, ?, ?)",
    "names": "UPDATE welders SET name = ?2 WHERE id = ?1",
    "nudges": "INSERT INTO nudges (welder_id, at) VALUES (?, ?)"
    " ON CONFLICT (welder_id) DO UPDATE SET at = excluded.at",
    "seen": "UPDATE welders SET last_seen = ?2 WHERE id = ?1",
}


def write_turns(
    conn: sqlite3.Connection, turns: list[Turn], stamp: str
) -> list[list[int] | Refusal]:
    """Store turns of different welders; each turn's message ids, or why it was refused."""
    refusals = [
        _answered(conn, t) or _save_progress(conn, row, stamp)
        for t, row in zip(turns, progress_rows(turns), strict=True)
    ]
    turns = [t for t, refusal in zip(turns, refusals, strict=True) if refusal is None]
    ids = _insert_messages(conn, turns, stamp)
    for kind, rows in turn_rows(turns, ids).items():
        if rows:  # an empty executemany would still cost a trip
            stamped = [(*row, stamp) for row in rows] if kind in STAMPED else rows
            conn.executemany(STATEMENTS[kind], stamped)
    return outcomes(refusals, ids)


def _answered(conn: sqlite3.Connection, t: Turn) -> AlreadyAnswered | None:
    if t.inbox is None:
        return None
    row = conn.execute(
        "SELECT reply FROM wechat_inbox WHERE channel = ? AND from_user = ? AND dedup_key = ?",
        (t.channel, *t.inbox),
    ).fetchone()
    return None if row is None else AlreadyAnswered(row[0])


def _save_progress(conn: sqlite3.Connection, row: tuple, stamp: str) -> Conflict | None:
    # One statement a turn, not one for the run: each needs its own row count. The writer
    # holds SQLite's write lock, so nobody can move a row between the check and the write.
    sql = _NEW_PROGRESS if row[1] == 0 else _NEXT_PROGRESS
    return None if conn.execute(sql, (*row, stamp)).rowcount == 1 else Conflict()


def _insert_messages(conn: sqlite3.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    rows = [(*row, stamp) for row in message_rows(turns)]
    new: list[int] = []
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        # Only placeholders are joined into the SQL; every value is a parameter.
        sql = (
            f"INSERT INTO messages ({MESSAGE_COLUMNS}, time)"
            f" VALUES {', '.join([_ROW] * len(chunk))} RETURNING id"
        )
        found = conn.execute(sql, [value for row in chunk for value in row]).fetchall()
        # RETURNING comes in no set order, but new ids grow in the order rows are inserted.
        new += sorted(row[0] for row in found)
    return ids_per_turn(turns, new)
