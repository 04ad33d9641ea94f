"""What the dashboard points out: welders who look stuck, and recurring unanswered questions."""

from __future__ import annotations

from collections import Counter
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


def _group(members: list[Asked]) -> Group:
    wordings = Counter(a.text.strip() for a in members)
    ranked = [text for text, _ in wordings.most_common()]
    return Group(
        text=ranked[0],
        count=len(members),
        welders=len({a.welder_id for a in members}),
        variants=tuple(ranked[1:4]),
        latest=max(members, key=lambda a: a.message_id),
    )


def group_questions(
    asked: list[Asked], normalize: Callable[[str], str], limit: int = 10
) -> list[Group]:
    """Unanswered questions, similar wordings together, the most frequent first."""
    same: dict[str, list[Asked]] = {}
    for a in asked:
        same.setdefault(normalize(a.text) or a.text.strip(), []).append(a)
    keys: list[str] = []
    groups: list[list[Asked]] = []
    # Bigger buckets first, so each group is named after its most common form.
    for key in sorted(same, key=lambda k: len(same[k]), reverse=True):
        match = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=SIMILAR_AT)
        if match:
            groups[match[2]].extend(same[key])
        else:
            keys.append(key)
            groups.append(list(same[key]))
    result = [_group(members) for members in groups]
    result.sort(key=lambda g: (g.count, g.latest.message_id), reverse=True)
    return result[:limit]
