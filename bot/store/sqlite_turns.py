"""SQLite's turn writer: a run of welders' turns in a handful of statements.

Runs on the writer's thread, inside its transaction (see SqliteStore). Under load a batch
holds dozens of turns, so each kind of row (turn_rows) is written for all of them with one
prepared statement (executemany, or one multi-row INSERT for the messages) rather than one
statement a row.
"""

from __future__ import annotations

import sqlite3

from .models import Turn
from .turn_rows import MESSAGE_COLUMNS, STAMPED, ids_per_turn, message_rows, turn_rows

_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# 12 parameters a row: well under SQLite's limit of 32,766 per statement.
_ROWS_PER_INSERT = 500
_UPSERT_PROGRESS = (
    "INSERT INTO progress (welder_id, stage, step, last_entry, confirm_reset, updated_at,"
    " stage_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
    " ON CONFLICT (welder_id) DO UPDATE SET stage_since = CASE"
    " WHEN progress.stage = excluded.stage THEN progress.stage_since"
    " ELSE excluded.stage_since END, stage = excluded.stage, step = excluded.step,"
    " last_entry = excluded.last_entry, confirm_reset = excluded.confirm_reset,"
    " updated_at = excluded.updated_at"
)
STATEMENTS = {
    "progress": _UPSERT_PROGRESS,
    "stage_changes": "INSERT INTO stage_changes"
    " (welder_id, from_stage, to_stage, changed_by, teacher, reason, at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)",
    "checked": "INSERT OR IGNORE INTO checklist (welder_id, item, done_at) VALUES (?, ?, ?)",
    "unchecked": "DELETE FROM checklist WHERE welder_id = ? AND item = ?",
    "choices_cleared": "DELETE FROM pending_choices WHERE welder_id = ?",
    "choices": "INSERT INTO pending_choices (welder_id, position, entry_id) VALUES (?, ?, ?)",
    "handoffs": "INSERT INTO handoffs (welder_id, message_id, created_at) VALUES (?, ?, ?)",
    "inbox": "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
    " VALUES (?, ?, ?, ?, ?)",
    "requests": "INSERT INTO web_requests (welder_id, client_id, message_id) VALUES (?, ?, ?)",
    "names": "UPDATE welders SET name = ?2 WHERE id = ?1",
    "nudges": "INSERT INTO nudges (welder_id, at) VALUES (?, ?)"
    " ON CONFLICT (welder_id) DO UPDATE SET at = excluded.at",
    "seen": "UPDATE welders SET last_seen = ?2 WHERE id = ?1",
}


def write_turns(conn: sqlite3.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    """Store turns of different welders; returns each turn's message ids."""
    ids = _insert_messages(conn, turns, stamp)
    for kind, rows in turn_rows(turns, ids).items():
        if rows:  # an empty executemany would still cost a trip
            stamped = [(*row, stamp) for row in rows] if kind in STAMPED else rows
            conn.executemany(STATEMENTS[kind], stamped)
    return ids


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
