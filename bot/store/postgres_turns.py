"""PostgreSQL's turn writer: a run of welders' turns in one statement per kind of row.

Runs on the writer's connection, inside its transaction (see PostgresStore). Each statement
takes whole columns as arrays and unnests them, so a batch of dozens of turns costs a
dozen round trips, not a dozen per turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from .models import Turn


async def write_turns(conn: asyncpg.Connection, turns: list[Turn], stamp: str) -> list[list[int]]:
    """Store turns of different welders; returns each turn's message ids."""
    ids = await _insert_messages(conn, turns, stamp)
    await _many(
        conn,
        "INSERT INTO progress (welder_id, stage, step, last_entry, confirm_reset, updated_at)"
        " SELECT w, s, st, e, c, $6 FROM unnest($1::bigint[], $2::text[], $3::text[],"
        " $4::text[], $5::int[]) AS u(w, s, st, e, c)"
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
            )
            for t in turns
        ],
        stamp,
    )
    await _many(
        conn,
        "INSERT INTO stage_changes (welder_id, from_stage, to_stage, at)"
        " SELECT w, f, t, $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(w, f, t)",
        [
            (t.welder_id, t.before.stage if t.before.known else None, t.after.stage)
            for t in turns
            if t.after.stage != t.before.stage or not t.before.known
        ],
        stamp,
    )
    await _many(
        conn,
        "INSERT INTO checklist (welder_id, item, done_at)"
        " SELECT w, i, $3 FROM unnest($1::bigint[], $2::text[]) AS u(w, i)"
        " ON CONFLICT DO NOTHING",
        [(t.welder_id, i) for t in turns for i in t.after.checklist - t.before.checklist],
        stamp,
    )
    await _many(
        conn,
        "DELETE FROM checklist c USING unnest($1::bigint[], $2::text[]) AS u(w, i)"
        " WHERE c.welder_id = u.w AND c.item = u.i",
        [(t.welder_id, i) for t in turns for i in t.before.checklist - t.after.checklist],
    )
    changed = [t for t in turns if t.after.choices != t.before.choices]
    await _many(
        conn,
        "DELETE FROM pending_choices WHERE welder_id = ANY($1::bigint[])",
        [(t.welder_id,) for t in changed],
    )
    await _many(
        conn,
        "INSERT INTO pending_choices (welder_id, position, entry_id)"
        " SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[])",
        [(t.welder_id, n, e) for t in changed for n, e in enumerate(t.after.choices, start=1)],
    )
    await _many(
        conn,
        "INSERT INTO handoffs (welder_id, message_id, created_at)"
        " SELECT w, m, $3 FROM unnest($1::bigint[], $2::bigint[]) AS u(w, m)",
        [
            (t.welder_id, own[0] if own else None)
            for t, own in zip(turns, ids, strict=True)
            if t.handoff
        ],
        stamp,
    )
    await _many(
        conn,
        "INSERT INTO wechat_inbox (channel, from_user, dedup_key, reply, created_at)"
        " SELECT c, f, d, r, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
        " AS u(c, f, d, r)",
        [(t.channel, *t.inbox, t.messages[-1].text) for t in turns if t.inbox],
        stamp,
    )
    await _many(
        conn,
        "UPDATE welders SET name = u.n FROM unnest($1::bigint[], $2::text[]) AS u(w, n)"
        " WHERE welders.id = u.w",
        [(t.welder_id, t.name) for t in turns if t.name],
    )
    await conn.execute(
        "UPDATE welders SET last_seen = $1 WHERE id = ANY($2::bigint[])",
        stamp,
        [t.welder_id for t in turns],
    )
    return ids


def _columns(rows: Sequence[tuple[Any, ...]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)]


async def _many(conn: asyncpg.Connection, sql: str, rows: list[tuple], *extra: Any) -> None:
    if rows:  # an empty statement would still cost a round trip
        await conn.execute(sql, *_columns(rows), *extra)


async def _insert_messages(
    conn: asyncpg.Connection, turns: list[Turn], stamp: str
) -> list[list[int]]:
    rows = [
        (
            t.welder_id,
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
    # WITH ORDINALITY and ORDER BY: rows are inserted, and take their ids, in list order.
    found = await conn.fetch(
        "INSERT INTO messages (welder_id, time, channel, role, kind, text, answer_id,"
        " confidence, answered, stage, quick_replies, teacher)"
        " SELECT w, $12, c, r, k, x, a, f, d, s, q, t FROM unnest($1::bigint[], $2::text[],"
        " $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::int[], $9::text[],"
        " $10::text[], $11::text[]) WITH ORDINALITY AS u(w, c, r, k, x, a, f, d, s, q, t, n)"
        " ORDER BY n RETURNING id",
        *_columns(rows),
        stamp,
    )
    new = sorted(row["id"] for row in found)
    ids, at = [], 0
    for t in turns:
        ids.append(new[at : at + len(t.messages)])
        at += len(t.messages)
    return ids
