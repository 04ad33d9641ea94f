"""The transcript: a welder's messages, teachers' replies, and the export's lines."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from .base import WELDER_COLUMNS, SqlStore, Statement, Write, flag, message_from_row, write
from .base import welder_from_row as welder_of
from .console_models import Line, Recipient, Said, Welder
from .models import Message, day_start, now


class TranscriptQueries(SqlStore):
    async def history(self, welder_id: int, after: int = 0, limit: int = 500) -> list[Message]:
        # A poller after an id misses nothing: every transaction adding a welder's messages
        # locks the welder before it takes an id (PostgreSQL: the progress row, see
        # postgres_turns, add_teacher_reply, add_notice; SQLite: the write lock), so a
        # welder's messages commit in the order of their ids.
        rows = await self._fetch(
            "SELECT recent.*, f.helpful FROM (SELECT * FROM messages WHERE welder_id = $1"
            " AND id > $2 ORDER BY id DESC LIMIT $3) AS recent"
            " LEFT JOIN feedback f ON f.message_id = recent.id ORDER BY recent.id",
            welder_id,
            after,
            limit,
        )
        return [dataclasses.replace(message_from_row(r), helpful=flag(r["helpful"])) for r in rows]

    async def record_feedback(self, welder_id: int, message_id: int, helpful: bool) -> bool:
        changed = await self._submit(
            write(
                "INSERT INTO feedback (message_id, welder_id, helpful, at)"
                " SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS INTEGER),"
                " CAST($4 AS TEXT) WHERE EXISTS (SELECT 1 FROM messages"
                " WHERE id = $1 AND welder_id = $2 AND role = 'bot')"
                " ON CONFLICT (message_id) DO UPDATE SET helpful = excluded.helpful,"
                " at = excluded.at",
                message_id,
                welder_id,
                int(helpful),
                now(),
                result="rowcount",
            )
        )
        return changed > 0

    async def add_notice(self, stage: str, text: str, teacher: str) -> int:
        # Lock the welders before their messages take ids, as add_teacher_reply does.
        lock = Statement("UPDATE progress SET version = version WHERE stage = $1", (stage,))
        insert = Statement(
            "INSERT INTO messages (welder_id, time, channel, role, kind, text, stage, teacher)"
            " SELECT p.welder_id, CAST($1 AS TEXT), w.channel, 'teacher', 'notice',"
            " CAST($2 AS TEXT), p.stage, CAST($3 AS TEXT)"
            " FROM progress p JOIN welders w ON w.id = p.welder_id WHERE p.stage = $4"
            " ORDER BY p.welder_id",
            (now(), text, teacher, stage),
        )
        return await self._submit(Write((lock, insert), "rowcount"))

    async def notice_recipients(
        self, channel: str, stage: str, since: str, after_id: int, limit: int
    ) -> list[Recipient]:
        rows = await self._fetch(
            "SELECT w.id, w.external_id FROM progress p JOIN welders w ON w.id = p.welder_id"
            " WHERE p.stage = $1 AND w.channel = $2 AND w.last_seen >= $3 AND w.id > $4"
            " ORDER BY w.id LIMIT $5",
            stage,
            channel,
            since,
            after_id,
            limit,
        )
        return [Recipient(r["id"], r["external_id"]) for r in rows]

    async def older(self, welder_id: int, before: int, limit: int) -> list[Message]:
        rows = await self._fetch(
            "SELECT page.*, f.helpful FROM (SELECT * FROM messages WHERE welder_id = $1"
            " AND id < $2 ORDER BY id DESC LIMIT $3) AS page"
            " LEFT JOIN feedback f ON f.message_id = page.id ORDER BY page.id",
            welder_id,
            before,
            limit,
        )
        return [dataclasses.replace(message_from_row(r), helpful=flag(r["helpful"])) for r in rows]

    async def newer(self, welder_id: int, after: int, limit: int) -> list[Message]:
        rows = await self._fetch(
            "SELECT page.*, f.helpful FROM (SELECT * FROM messages WHERE welder_id = $1"
            " AND id > $2 ORDER BY id LIMIT $3) AS page"
            " LEFT JOIN feedback f ON f.message_id = page.id ORDER BY page.id",
            welder_id,
            after,
            limit,
        )
        return [dataclasses.replace(message_from_row(r), helpful=flag(r["helpful"])) for r in rows]

    async def web_reply(self, welder_id: int, client_id: str) -> Message | None:
        row = await self._fetchone(
            "SELECT m.* FROM web_requests r JOIN messages m ON m.id = r.message_id"
            " WHERE r.welder_id = $1 AND r.client_id = $2",
            welder_id,
            client_id,
        )
        return message_from_row(row) if row else None

    async def welder_message(self, message_id: int) -> Said | None:
        row = await self._fetchone(
            "SELECT id, welder_id, text FROM messages WHERE id = $1 AND role = 'welder'",
            message_id,
        )
        return Said(row["id"], row["welder_id"], row["text"]) if row else None

    async def add_teacher_reply(self, welder: Welder, text: str, teacher: str, stage: str) -> int:
        stamp = now()
        # Lock the welder before the message takes an id, as a turn does (see postgres_turns):
        # a welder's messages commit in id order, so a poller after an id misses none.
        lock = Statement("UPDATE progress SET version = version WHERE welder_id = $1", (welder.id,))
        resolve = Statement(
            "UPDATE handoffs SET resolved_at = $1, resolved_by = $2"
            " WHERE welder_id = $3 AND resolved_at IS NULL",
            (stamp, teacher, welder.id),
        )
        insert = Statement(
            "INSERT INTO messages (welder_id, time, channel, role, text, stage, teacher)"
            " VALUES ($1, $2, $3, 'teacher', $4, $5, $6) RETURNING id",
            (welder.id, stamp, welder.channel, text, stage, teacher),
        )
        return await self._submit(Write((lock, resolve, insert), "value"))

    async def writes_since(self, after_id: int) -> tuple[int, int, int]:
        row = await self._fetchone(
            "SELECT COUNT(*) AS n, COUNT(DISTINCT time) AS writes, MAX(id) AS last"
            " FROM messages WHERE id > $1",
            after_id,
        )
        assert row is not None
        return row["n"], row["writes"], row["last"] or after_id

    async def transcript_lines(
        self, start: date, end: date, after_id: int, limit: int
    ) -> list[Line]:
        rows = await self._fetch_console(
            f"SELECT m.*, {WELDER_COLUMNS} FROM messages m JOIN welders w ON w.id = m.welder_id"
            " WHERE m.time >= $1 AND m.time < $2 AND m.id > $3 ORDER BY m.id LIMIT $4",
            day_start(start),
            day_start(end + timedelta(days=1)),
            after_id,
            limit,
        )
        return [
            Line(
                r["id"],
                r["time"],
                welder_of(r),
                r["role"],
                r["text"],
                r["stage"],
                r["answer_id"],
                r["confidence"],
                flag(r["answered"]),
                r["teacher"],
            )
            for r in rows
        ]
