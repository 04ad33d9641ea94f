"""SQLite's turn writer: a run of welders' turns in a handful of statements.

Runs on the writer's thread, inside its transaction (see SqliteStore). Under load a batch holds
dozens of turns, so each kind of row is written for all of them with one prepared statement
(executemany, or one multi-row INSERT for the messages) rather than one statement a row.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .models import Turn

_COLUMNS = (
    "(welder_id, time, channel, role, kind, text, answer_id, confidence, answered, stage,"
    " quick_replies, teacher)"
)
_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# 12 parameters a row: well under SQLite's limit of 32,766 per statement.
_ROWS_PER_INSERT = 500


def write_turns(conn: sqlite3.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    """Store turns of different welders; returns each turn's message ids."""
    ids = _insert_messages(conn, turns, stamp)
    conn.executemany(
        "INSERT INTO progress (welder_id, stage, step, last_entry, confirm_reset, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (welder_id) DO UPDATE SET stage = excluded.stage, step = excluded.step,"
        " last_entry = excluded.last_entry, confirm_reset = excluded.confirm_reset,"
        " updated_at = excluded.updated_at",
        [
            (
                t.welder_id,
                t.after.stage,
                t.after.step,
                t.after.last_entry,
                int(t.after.confirm_reset),
                stamp,
            )
            for t in turns
        ],
    )
    _many(
        conn,
        "INSERT INTO stage_changes (welder_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?)",
        [
            (t.welder_id, t.before.stage if t.before.known else None, t.after.stage, stamp)
            for t in turns
            if t.after.stage != t.before.stage or not t.before.known
        ],
    )
    _many(
        conn,
        "INSERT OR IGNORE INTO checklist (welder_id, item, done_at) VALUES (?, ?, ?)",
        [(t.welder_id, i, stamp) for t in turns for i in t.after.checklist - t.before.checklist],
    )
    _many(
        conn,
        "DELETE FROM checklist WHERE welder_id = ? AND item = ?",
        [(t.welder_id, i) for t in turns for i in t.before.checklist - t.after.checklist],
    )
    changed = [t for t in turns if t.after.choices != t.before.choices]
    _many(
        conn, "DELETE FROM pending_choices WHERE welder_id = ?", [(t.welder_id,) for t in changed]
    )
    _many(
        conn,
        "INSERT INTO pending_choices (welder_id, position, entry_id) VALUES (?, ?, ?)",
        [(t.welder_id, n, e) for t in changed for n, e in enumerate(t.after.choices, start=1)],
    )
    _many(
        conn,
        "INSERT INTO handoffs (welder_id, message_id, created_at) VALUES (?, ?, ?)",
        [
            (t.welder_id, own[0] if own else None, stamp)
            for t, own in zip(turns, ids, strict=True)
            if t.handoff
        ],
    )
    _many(
        conn,
        "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [(t.channel, *t.inbox, t.messages[-1].text, stamp) for t in turns if t.inbox],
    )
    _many(
        conn,
        "UPDATE welders SET name = ? WHERE id = ?",
        [(t.name, t.welder_id) for t in turns if t.name],
    )
    conn.executemany(
        "UPDATE welders SET last_seen = ? WHERE id = ?", [(stamp, t.welder_id) for t in turns]
    )
    return ids


def _many(conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:  # an empty executemany would still cost a trip
        conn.executemany(sql, rows)


def _insert_messages(conn: sqlite3.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    rows = [
        (
            t.welder_id,
            stamp,
            t.channel,
            m.role,
            m.kind,
            m.text,
            m.answer_id,
            m.confidence,
            None if m.answered is None else int(m.answered),
            t.after.stage,
            "\n".join(m.quick_replies),
            m.teacher,
        )
        for t in turns
        for m in t.messages
    ]
    new: list[int] = []
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        # Only placeholders are joined into the SQL; every value is a parameter.
        sql = (
            f"INSERT INTO messages {_COLUMNS} VALUES {', '.join([_ROW] * len(chunk))} RETURNING id"
        )
        found = conn.execute(sql, [value for row in chunk for value in row]).fetchall()
        # RETURNING comes in no set order, but new ids grow in the order rows are inserted.
        new += sorted(row[0] for row in found)
    ids, at = [], 0
    for t in turns:
        ids.append(new[at : at + len(t.messages)])
        at += len(t.messages)
    return ids
