"""PostgreSQL's turn writer: a run of welders' turns in one statement per kind of row.

Runs on the writer's connection, inside its transaction (see PostgresStore). Each statement
takes whole columns (turn_rows) as arrays and unnests them, so a batch of dozens of turns
costs a dozen round trips, not a dozen per turn. The write's time, where a kind is
STAMPED, is the parameter after the columns. Progress is written only over the version
each turn read: a turn built on progress another process has changed since is refused.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from .models import AlreadyAnswered, Conflict, Turn
from .turn_rows import (
    MESSAGE_COLUMNS,
    STAMPED,
    Refusal,
    Rows,
    ids_per_turn,
    message_rows,
    outcomes,
    progress_rows,
    turn_rows,
)

_PROGRESS = (
    "unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[],"
    " $7::float8[], $8::float8[], $9::text[]) AS u(w, v, s, st, e, c, a, at, r)"
)
# Progress over the version read: new rows (version 0 read), or rows still at it.
# stage_since moves only when the stage does.
_NEW_PROGRESS = (
    "INSERT INTO progress (welder_id, version, stage, step, last_entry, confirm_reset,"
    " allowance, allowance_at, reported, updated_at, stage_since)"
    f" SELECT w, 1, s, st, e, c, a, at, r, $10, $10 FROM {_PROGRESS}"
    " ON CONFLICT (welder_id) DO NOTHING RETURNING welder_id"
)
_NEXT_PROGRESS = (
    "UPDATE progress p SET version = p.version + 1,"
    " stage_since = CASE WHEN p.stage = u.s THEN p.stage_since ELSE $10 END, stage = u.s,"
    " step = u.st,"
    " last_entry = u.e, confirm_reset = u.c, allowance = u.a, allowance_at = u.at,"
    f" reported = u.r, updated_at = $10 FROM {_PROGRESS}"
    " WHERE p.welder_id = u.w AND p.version = u.v RETURNING p.welder_id"
)
STATEMENTS = {
    "stage_changes": "INSERT INTO stage_changes"
    " (welder_id, from_stage, to_stage, changed_by, teacher, reason, at)"
    " SELECT w, f, t, b, tr, r, $7 FROM unnest($1::bigint[], $2::text[], $3::text[],"
    " $4::text[], $5::text[], $6::text[]) AS u(w, f, t, b, tr, r)",
    "checked": "INSERT INTO checklist (welder_id, item, done_at)"
    " SELECT w, i, $3 FROM unnest($1::bigint[], $2::text[]) AS u(w, i)"
    " ON CONFLICT DO NOTHING",
    "unchecked": "DELETE FROM checklist c USING unnest($1::bigint[], $2::text[]) AS u(w, i)"
    " WHERE c.welder_id = u.w AND c.item = u.i",
    "choices_cleared": "DELETE FROM pending_choices WHERE welder_id = ANY($1::bigint[])",
    "choices": "INSERT INTO pending_choices (welder_id, position, entry_id)"
    " SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[])",
    "handoffs": "INSERT INTO handoffs (welder_id, message_id, created_at)"
    " SELECT w, m, $3 FROM unnest($1::bigint[], $2::bigint[]) AS u(w, m)",
    # DO NOTHING: _answered saw no row, so only a concurrent twin could hit the key.
    "inbox": "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
    " SELECT c, f, d, r, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
    " AS u(c, f, d, r) ON CONFLICT DO NOTHING",
    "requests": "INSERT INTO web_requests (welder_id, client_id, message_id)"
    " SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])",
    "names": "UPDATE welders SET name = u.n FROM unnest($1::bigint[], $2::text[]) AS u(w, n)"
    " WHERE welders.id = u.w",
    "nudges": "INSERT INTO nudges (welder_id, at) SELECT w, $2 FROM unnest($1::bigint[]) AS u(w)"
    " ON CONFLICT (welder_id) DO UPDATE SET at = excluded.at",
    "seen": "UPDATE welders SET last_seen = $2 WHERE id = ANY($1::bigint[])",
}


async def write_turns(
    conn: asyncpg.Connection, turns: list[Turn], stamp: str
) -> list[list[int] | Refusal]:
    """Store turns of different welders; each turn's message ids, or why it was refused."""
    # Lock the welders' progress rows first, in one order for every process (no deadlock),
    # and before any message takes an id: a welder's messages then commit in id order,
    # whichever process writes them, so a poller after an id misses none (see history).
    await conn.execute(
        "SELECT 1 FROM progress WHERE welder_id = ANY($1::bigint[]) ORDER BY welder_id FOR UPDATE",
        [t.welder_id for t in turns],
    )
    answered = await _answered(conn, turns)
    saved = await _save_progress(conn, [t for t in turns if t.welder_id not in answered], stamp)
    refusals = [
        answered.get(t.welder_id) or (None if t.welder_id in saved else Conflict()) for t in turns
    ]
    turns = [t for t in turns if t.welder_id in saved]
    if not turns:
        return outcomes(refusals, [])
    ids = await _insert_messages(conn, turns, stamp)
    for kind, rows in turn_rows(turns, ids).items():
        if rows:  # an empty statement would still cost a round trip
            extra = (stamp,) if kind in STAMPED else ()
            await conn.execute(STATEMENTS[kind], *_columns(rows), *extra)
    return outcomes(refusals, ids)


async def _answered(conn: asyncpg.Connection, turns: list[Turn]) -> dict[int, AlreadyAnswered]:
    """The turns whose WeChat message has a stored reply: a retry answered meanwhile."""
    asked = [(t.channel, *t.inbox) for t in turns if t.inbox]
    if not asked:
        return {}
    rows = await conn.fetch(
        "SELECT i.channel, i.from_user, i.dedup_key, i.reply FROM wechat_inbox i"
        " JOIN unnest($1::text[], $2::text[], $3::text[]) AS u(c, f, d)"
        " ON i.channel = u.c AND i.from_user = u.f AND i.dedup_key = u.d",
        *_columns(asked),
    )
    replies = {(r["channel"], r["from_user"], r["dedup_key"]): r["reply"] for r in rows}
    return {
        t.welder_id: AlreadyAnswered(replies[(t.channel, *t.inbox)])
        for t in turns
        if t.inbox and (t.channel, *t.inbox) in replies
    }


async def _save_progress(conn: asyncpg.Connection, turns: list[Turn], stamp: str) -> set[int]:
    """The welders whose progress was written over the version their turn read; a row that
    moved on, or appeared, meanwhile is left alone (its turn is refused)."""
    rows = progress_rows(turns)
    saved: set[int] = set()
    for sql, chosen in (
        (_NEXT_PROGRESS, [row for row in rows if row[1] > 0]),
        (_NEW_PROGRESS, [row for row in rows if row[1] == 0]),
    ):
        if chosen:
            found = await conn.fetch(sql, *_columns(chosen), stamp)
            saved.update(r["welder_id"] for r in found)
    return saved


def storable(value: Any) -> Any:
    """PostgreSQL's text cannot hold NUL, which SQLite stores: it becomes U+FFFD. Nobody types
    one; a crafted message must still be stored and answered, not end in an error."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _columns(rows: Rows) -> list[list]:
    return [[storable(value) for value in column] for column in zip(*rows, strict=True)]


async def _insert_messages(
    conn: asyncpg.Connection, turns: list[Turn], stamp: str
) -> list[list[int]]:
    rows = message_rows(turns)
    if not rows:  # a teacher's change of stage stores no message
        return ids_per_turn(turns, [])
    # WITH ORDINALITY and ORDER BY: rows are inserted, and take their ids, in list order.
    found = await conn.fetch(
        f"INSERT INTO messages ({MESSAGE_COLUMNS}, time)"
        " SELECT w, c, r, k, x, a, f, d, s, q, t, $12 FROM unnest($1::bigint[], $2::text[],"
        " $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::int[], $9::text[],"
        " $10::text[], $11::text[]) WITH ORDINALITY AS u(w, c, r, k, x, a, f, d, s, q, t, n)"
        " ORDER BY n RETURNING id",
        *_columns(rows),
        stamp,
    )
    return ids_per_turn(turns, sorted(row["id"] for row in found))
