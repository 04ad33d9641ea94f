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
