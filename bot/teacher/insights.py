"""What the dashboard points out: welders who look stuck, and recurring unanswered questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from ..store import Asked, Waiting
from ..workdays import REVIEW_WORKING_DAYS, working_days_between
from . import clock

# A correction should be redone within a week.
CORRECTION_DAYS = 7
WATCHED_STAGES = ("review", "correction")
# rapidfuzz ratio (0-100) of two normalized questions that count as the same question.
SIMILAR_AT = 66


@dataclass(frozen=True)
class Stuck:
    waiting: Waiting
    days: int
    unit: str  # how the days are counted, as the teacher reads it


def stuck(waiting: list[Waiting], moment: datetime) -> list[Stuck]:
    found = []
    for w in waiting:
        since = clock.parse(w.since)
        if w.stage == "review":
            days = working_days_between(since, moment)
            if days > REVIEW_WORKING_DAYS:
                found.append(Stuck(w, days, "个工作日"))
        elif w.stage == "correction" and moment - since > timedelta(days=CORRECTION_DAYS):
            found.append(Stuck(w, (moment - since).days, "天"))
    return sorted(found, key=lambda s: s.days, reverse=True)


@dataclass(frozen=True)
class Group:
    text: str  # the most frequent wording
    count: int
    welders: int
    variants: tuple[str, ...]  # other wordings, most frequent first
    latest: Asked


# Questions longer than this are compared by their start: real ones are far shorter, and a
# comparison's cost grows with the square of the length.
KEY_CHARS = 200


def key_of(text: str, normalize: Callable[[str], str]) -> str:
    """What a question is compared by: its normalized start."""
    return (normalize(text) or text.strip())[:KEY_CHARS]


def place(keys: list[str], key: str) -> int:
    """The index of the group in `keys` that `key` joins; a new group is appended to `keys`."""
    match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=SIMILAR_AT)
    if match:
        return match[2]
    keys.append(key)
    return len(keys) - 1
