"""What a run of turns (of different welders) writes, as lists of rows by kind, whatever
the backend: sqlite_turns and postgres_turns each put every list in one statement. Rows
leave out the write's time, which the writers add where a kind is STAMPED.

Progress comes first and on its own (progress_rows): each turn's row is written only over
the version the turn read, and a turn whose row has moved on (or whose WeChat message was
answered meanwhile) is refused and writes nothing else."""

from __future__ import annotations

from typing import Any

from .models import AlreadyAnswered, Conflict, Turn

Rows = list[tuple[Any, ...]]
# The columns of a turn's message rows, in the order of message_rows.
MESSAGE_COLUMNS = (
    "welder_id, channel, role, kind, text, answer_id, confidence, answered, stage,"
    " quick_replies, teacher"
)
# The kinds whose rows take the write's time as their last column.
STAMPED = frozenset({"stage_changes", "checked", "handoffs", "inbox", "nudges", "seen"})
Refusal = Conflict | AlreadyAnswered


def message_rows(turns: list[Turn]) -> Rows:
    """The turns' messages as rows of MESSAGE_COLUMNS, in order."""
    return [
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


def ids_per_turn(turns: list[Turn], new: list[int]) -> list[list[int]]:
    """The new message ids (ascending, in insertion order) shared out to their turns."""
    ids, at = [], 0
    for t in turns:
        ids.append(new[at : at + len(t.messages)])
        at += len(t.messages)
    return ids


def progress_rows(turns: list[Turn]) -> Rows:
    """(welder_id, version read, stage, step, last_entry, confirm_reset, allowance,
    allowance_at, reported) of each turn; version 0: the welder has no row yet."""
    return [
        (
            t.welder_id,
            t.before.version,
            t.after.stage,
            t.after.step,
            t.after.last_entry,
            int(t.after.confirm_reset),
            t.after.allowance,
            t.after.allowance_at,
            t.after.reported,
        )
        for t in turns
    ]


def outcomes(refusals: list[Refusal | None], ids: list[list[int]]) -> list[list[int] | Refusal]:
    """Each turn's message ids, or its refusal; `ids` are the accepted turns', in order."""
    own = iter(ids)
    return [next(own) if refusal is None else refusal for refusal in refusals]


def turn_rows(turns: list[Turn], ids: list[list[int]]) -> dict[str, Rows]:
    """Every row but progress the turns write, once their messages have `ids`; in writing
    order."""
    changed = [t for t in turns if t.after.choices != t.before.choices]
    return {
        # (welder_id, from_stage, to_stage, changed_by, teacher, reason): the first turn
        # records the starting stage
        "stage_changes": [
            (
                t.welder_id,
                t.before.stage if t.before.known else None,
                t.after.stage,
                t.change.by if t.change else None,
                t.change.teacher if t.change else None,
                t.change.reason if t.change else "",
            )
            for t in turns
            if t.after.stage != t.before.stage or not t.before.known
        ],
        # (welder_id, item)
        "checked": [
            (t.welder_id, i) for t in turns for i in t.after.checklist - t.before.checklist
        ],
        "unchecked": [
            (t.welder_id, i) for t in turns for i in t.before.checklist - t.after.checklist
        ],
        # (welder_id,), then (welder_id, position, entry_id): new choices replace the old
        "choices_cleared": [(t.welder_id,) for t in changed],
        "choices": [
            (t.welder_id, n, e) for t in changed for n, e in enumerate(t.after.choices, start=1)
        ],
        # (welder_id, message_id): the welder's message that asked for a teacher
        "handoffs": [
            (t.welder_id, own[0] if own else None)
            for t, own in zip(turns, ids, strict=True)
            if t.handoff
        ],
        # (channel, from_user, dedup_key, reply): kept for WeChat's retries
        "inbox": [(t.channel, *t.inbox, t.messages[-1].text) for t in turns if t.inbox],
        # (welder_id, client_id, reply's message id): a web page's resend gets that reply
        "requests": [
            (t.welder_id, t.client_id, own[-1])
            for t, own in zip(turns, ids, strict=True)
            if t.client_id
        ],
        # (welder_id, name): the welder told us their name
        "names": [(t.welder_id, t.name) for t in turns if t.name],
        # (welder_id,): the welder was nudged about a long wait
        "nudges": [(t.welder_id,) for t in turns if t.nudged],
        # (welder_id,): a teacher's change is not the welder getting in touch
        "seen": [(t.welder_id,) for t in turns if not (t.change and t.change.by == "teacher")],
    }
