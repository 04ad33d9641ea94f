"""PostgreSQL's turn writer: a run of welders' turns in one statement per kind of row.

Runs on the writer's connection, inside its transaction (see PostgresStore). Each statement
takes whole columns (turn_rows) as arrays and unnests them, so a batch of dozens of turns
costs a dozen round trips, not a dozen per turn. The write's time, where a kind is
STAMPED, is the parameter after the columns.
"""

from __future__ import annotations

from typing import Any

import asyncpg

from .models import Turn
from .turn_rows import MESSAGE_COLUMNS, STAMPED, Rows, ids_per_turn, message_rows, turn_rows

STATEMENTS = {
    "progress": "INSERT INTO progress"
    " (welder_id, stage, step, last_entry, confirm_reset, updated_at, stage_since)"
    " SELECT w, s, st, e, c, $6, $6 FROM unnest($1::bigint[], $2::text[], $3::text[],"
    " $4::text[], $5::int[]) AS u(w, s, st, e, c)"
    " ON CONFLICT (welder_id) DO UPDATE SET stage_since = CASE"
    " WHEN progress.stage = excluded.stage THEN progress.stage_since"
    " ELSE excluded.stage_since END, stage = excluded.stage, step = excluded.step,"
    " last_entry = excluded.last_entry, confirm_reset = excluded.confirm_reset,"
    " updated_at = excluded.updated_at",
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
    "inbox": "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
    " SELECT c, f, d, r, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
    " AS u(c, f, d, r)",
    "requests": "INSERT INTO web_requests (welder_id, client_id, message_id)"
    " SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])",
    "names": "UPDATE welders SET name = u.n FROM unnest($1::bigint[], $2::text[]) AS u(w, n)"
    " WHERE welders.id = u.w",
    "nudges": "INSERT INTO nudges (welder_id, at) SELECT w, $2 FROM unnest($1::bigint[]) AS u(w)"
    " ON CONFLICT (welder_id) DO UPDATE SET at = excluded.at",
    "seen": "UPDATE welders SET last_seen = $2 WHERE id = ANY($1::bigint[])",
}


async def write_turns(conn: asyncpg.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    """Store turns of different welders; returns each turn's message ids."""
    ids = await _insert_messages(conn, turns, stamp)
    for kind, rows in turn_rows(turns, ids).items():
        if rows:  # an empty statement would still cost a round trip
            extra = (stamp,) if kind in STAMPED else ()
            await conn.execute(STATEMENTS[kind], *_columns(rows), *extra)
    return ids


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
