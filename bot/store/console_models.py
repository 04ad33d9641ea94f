"""What the store gives the teachers' console: welders, overviews, records and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Welder:
    id: int
    channel: str
    external_id: str = ""
    name: str = ""
    company: str = ""
    phone: str = ""
    note: str = ""
    created_at: str = ""
    last_seen: str = ""

    @property
    def label(self) -> str:
        return self.name or f"焊工 #{self.id}"


@dataclass(frozen=True)
class Activity:
    messages: int
    welders: int
    answered: int
    fallbacks: int

    @property
    def answered_share(self) -> float | None:
        total = self.answered + self.fallbacks
        return self.answered / total if total else None


@dataclass(frozen=True)
class Handoff:
    id: int
    welder: Welder
    stage: str
    created_at: str
    question: str  # the welder's last message before asking for a teacher


@dataclass(frozen=True)
class Waiting:
    welder: Welder
    stage: str
    since: str  # when the welder entered the stage


@dataclass(frozen=True)
class Asked:
    message_id: int
    welder_id: int
    text: str
    time: str


@dataclass(frozen=True)
class Filters:
    stage: str = ""
    fell_back: bool = False
    handoff: str = ""  # "" | "open" | "any"
    start: date | None = None
    end: date | None = None
    q: str = ""
    bot_text: bool = False  # search the bot's and teachers' words too, not only the welders'


# Where a page of conversations starts: the (last_seen, id) of the welder just past it.
Position = tuple[str, int]
# Where a roster page starts or ends: the values of its sort's key (store/roster.py SORTS).
RosterPosition = tuple[str | int, ...]


@dataclass(frozen=True)
class Conversation:
    welder: Welder
    stage: str
    asked: int
    fallbacks: int
    open_handoffs: int
    last_text: str


@dataclass(frozen=True)
class Said:
    id: int
    welder_id: int
    text: str


@dataclass(frozen=True)
class Change:
    id: int
    teacher: str
    entry_id: str
    action: str
    text: str
    at: str


@dataclass(frozen=True)
class Line:
    id: int
    time: str
    welder: Welder
    role: str
    text: str
    stage: str
    answer_id: str | None
    confidence: float | None
    answered: bool | None
    teacher: str | None


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    password_hash: str
    created_at: str


@dataclass(frozen=True)
class Session:
    teacher_id: int
    username: str
    csrf: str
    expires_at: str
    last_seen: str


# -- the roster, the review queue, the charts, notices ------------------------------------


@dataclass(frozen=True)
class RosterFilters:
    stage: str = ""
    waiting: bool = False
    q: str = ""  # a piece of the name, phone or unit
    sort: str = "last"  # a key of roster.SORTS


@dataclass(frozen=True)
class Enrolled:
    welder: Welder
    stage: str
    stage_since: str | None
    waiting: bool  # asked for a teacher, no reply yet


@dataclass(frozen=True)
class Doubt:
    """An answer to look at again: given unsure, or voted 没用."""

    asked_id: int  # the welder's message the answer replied to
    welder_id: int
    question: str
    answer_id: str | None
    confidence: float | None
    time: str


@dataclass(frozen=True)
class Day:
    day: str  # YYYY-MM-DD in Shanghai
    asked: int
    unanswered: int


@dataclass(frozen=True)
class Move:
    """One stage change, for the durations chart."""

    welder_id: int
    stage: str
    at: str


@dataclass(frozen=True)
class Recipient:
    welder_id: int
    external_id: str


@dataclass(frozen=True)
class Seen:
    """A message the question grouper reads; `unanswered` when the bot could not answer it."""

    id: int
    welder_id: int
    text: str
    time: str
    unanswered: bool


@dataclass(frozen=True)
class Counted:
    """How often a group of similar questions was asked, and by how many welders."""

    group_id: int
    count: int
    welders: int
