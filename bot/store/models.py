"""What the store gives and takes for welders' conversations: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

# Shanghai has no daylight saving time: a fixed offset keeps stored times sortable as text.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def stamp(moment: datetime) -> str:
    """A time as the store writes it, on every backend: ISO text in Shanghai time, which
    compares correctly as text."""
    return moment.astimezone(SHANGHAI).isoformat(timespec="milliseconds")


def now() -> str:
    return stamp(datetime.now(SHANGHAI))


def day_start(day: date) -> str:
    return stamp(datetime.combine(day, time(), SHANGHAI))


@dataclass(frozen=True)
class Progress:
    stage: str
    step: str | None = None
    last_entry: str | None = None
    # The step the welder's own words last put them at, when the pointer has since moved
    # ahead only because they read about a later step ("": they had reported none yet;
    # None: the pointer is where they are). See progress.position.
    reported: str | None = None
    confirm_reset: bool = False
    checklist: frozenset[str] = frozenset()
    choices: tuple[str, ...] = ()
    # False until the welder's first turn is stored: that turn records the starting stage.
    known: bool = True
    # Set by an answer that moved the pointer ahead: reading, not doing (never stored).
    reading: bool = field(default=False, compare=False)
    # Bookkeeping of the stored row, not what the welder has done. version: a turn saves
    # only over the version it read (0: no row yet). allowance: messages the welder may still
    # send at allowance_at (None: a full minute's worth); see ratelimit.take.
    version: int = field(default=0, compare=False)
    allowance: float | None = field(default=None, compare=False)
    allowance_at: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Message:
    id: int
    role: str
    text: str
    time: str
    quick_replies: list[str] = field(default_factory=list)
    answer_id: str | None = None
    confidence: float | None = None
    answered: bool | None = None
    stage: str = ""
    channel: str = "web"
    kind: str = "text"
    teacher: str | None = None
    helpful: bool | None = None  # the welder's 有用/没用 vote on a bot answer

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "text": self.text,
            "time": self.time,
            "quick_replies": self.quick_replies,
            "answer_id": self.answer_id,
            "helpful": self.helpful,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Outgoing:
    """A message to store: the welder's, the bot's or a teacher's."""

    role: str
    text: str
    kind: str = "text"
    quick_replies: tuple[str, ...] = ()
    answer_id: str | None = None
    confidence: float | None = None
    answered: bool | None = None
    teacher: str | None = None


@dataclass(frozen=True)
class ChangedBy:
    """Who moved the stage, when it was not the bot reading the welder's words."""

    by: str  # "welder" (their own correction) or "teacher"
    teacher: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Turn:
    """Everything one welder message changes, written in one transaction."""

    welder_id: int
    channel: str
    messages: tuple[Outgoing, ...]
    before: Progress
    after: Progress
    handoff: bool = False
    # WeChat: (sender, dedup key) whose reply is kept for retries, in the same transaction.
    inbox: tuple[str, str] | None = None
    name: str | None = None  # the welder told us their name in this message
    change: ChangedBy | None = None
    nudged: bool = False  # the reply carries the long-wait nudge: remember when it was given
    # Web: the id the page made for this message, so that a resend is answered from the store.
    client_id: str | None = None


class Conflict(Exception):
    """The welder's progress changed since the turn read it (another process's turn)."""


class AlreadyAnswered(Exception):
    """The turn's WeChat message was answered already (a retry, maybe at another process)."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


@dataclass(frozen=True)
class Profile:
    name: str = ""
    company: str = ""
    phone: str = ""


@dataclass(frozen=True)
class StageChange:
    from_stage: str | None
    to_stage: str
    at: str
    changed_by: str | None = None  # None: the bot; "welder"; "teacher"
    teacher: str | None = None
    reason: str = ""
