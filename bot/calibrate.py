"""Choose the matcher's thresholds from a precision-coverage curve, not by hand.

The questions are either an evaluation file's single questions (`--set`, the format of
`python -m bot eval`: an answer is right when it has the expected words), or the knowledge
base's own variants, each held out in turn (five folds): a matcher is built without it and
the variant, with a character dropped as a welder's typing would, is asked. A question the
guide does not answer must not get an answer. Every candidate set of thresholds is scored
on the same rankings:
- precision: of the answers given, the share that are right;
- coverage: of the questions the guide answers, the share answered right away.
A confident wrong answer is the worst outcome, asking back is better and falling back is
better still; the chosen thresholds are those of the most value by VALUES.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import evaluate, tiers
from .cli_errors import CommandError
from .entries import Entry
from .knowledge import KnowledgeBase
from .matcher import Matcher
from .thresholds import THRESHOLDS_FILE, Thresholds

FOLDS = 5
# What each outcome is worth: the right reply (a right answer, an honest fallback, asking
# back when the question is truly ambiguous), asking back with the right entry among the
# options, asking back without it, falling back, a wrong answer (or any answer to a topic
# the guide does not cover, or a guess at an ambiguous question).
VALUES = {"right": 1.0, "offered": 0.3, "missed": -0.3, "fallback": 0.0, "wrong": -1.0}
ANSWER_AT = [round(0.30 + 0.02 * i, 2) for i in range(16)]
CLOSE_GAP = [round(0.02 + 0.01 * i, 2) for i in range(11)]
SURE_AT = [0.65, 0.70, 0.75, 0.80, 0.85]
WIDE_GAP = [0.0, 0.05, 0.1, 0.15, 0.2]


@dataclass(frozen=True)
class Case:
    ranked: list[tiers.Scored]
    signals: tiers.Signals
    kind: str  # "answer", "fallback" (the guide is silent on it) or "clarify" (truly ambiguous)
    # Whether an entry's answer is right for it (or, asking back, a right option).
    fits: Callable[[Entry], bool] = lambda entry: True


@dataclass(frozen=True)
class Point:
    thresholds: Thresholds
    precision: float
    coverage: float
    answered: int
    wrong: int
    value: float


def _typo(text: str, rng: random.Random) -> str:
    if len(text) > 4 and rng.random() < 0.5:
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1 :]
    return text


def cases(kb: KnowledgeBase, seed: int = 7) -> list[Case]:
    """Every variant, asked of a matcher that was built without it."""
    rng = random.Random(seed)
    everything = [*kb.entries, *kb.uncovered]
    held = {(e.id, q): rng.randrange(FOLDS) for e in everything for q in e.questions}
    out = []
    for fold in range(FOLDS):

        def without(e: Entry, fold: int = fold) -> Entry:
            kept = tuple(q for q in e.questions if held[e.id, q] != fold)
            return dataclasses.replace(e, questions=kept)

        matcher = Matcher(
            dataclasses.replace(
                kb,
                entries=tuple(map(without, kb.entries)),
                uncovered=tuple(map(without, kb.uncovered)),
            )
        )
        for e in everything:
            for q in e.questions:
                if held[e.id, q] == fold:
                    kind = "answer" if e.covered else "fallback"
                    out.append(_case(matcher, _typo(q, rng), kind, _is(e)))
    return out


def from_file(kb: KnowledgeBase, path: Path) -> list[Case]:
    """An evaluation file's single questions (see bot/evaluate.py): an answer fits when it is
    one of the item's ids, if it names any, and has the expected words."""
    matcher = Matcher(kb)
    out = []
    for item in evaluate.load(path, kb).singles:

        def fits(found: Entry, item: evaluate.Item = item) -> bool:
            named = not item.ids or found.id in item.ids
            return named and not evaluate.missing(found.reply, item.expect)

        out.append(_case(matcher, item.text, item.kind or "answer", fits))
    return out


def _is(entry: Entry) -> Callable[[Entry], bool]:
    return lambda found: found.id == entry.id


def _case(matcher: Matcher, asked: str, kind: str, fits: Callable[[Entry], bool]) -> Case:
    """A question as a new welder asks it: its ranking and what else the matcher reads."""
    ranked = matcher.rank(asked)
    return Case(ranked, matcher.signals(asked, ranked), kind, fits)


def outcome(case: Case, decision: tiers.Decision) -> str:
    """Which of VALUES the decision is worth for the case."""
    if decision.tier == "answer":
        given = decision.ranked[:2] if decision.pair else decision.ranked[:1]
        good = case.kind == "answer" and any(case.fits(s.entry) for s in given)
        return "right" if good else "wrong"
    if decision.tier == "clarify":
        offered = any(case.fits(s.entry) for s in decision.ranked)
        if case.kind == "clarify":
            return "right" if offered else "missed"
        return "offered" if offered and case.kind == "answer" else "missed"
    return "right" if case.kind == "fallback" else "fallback"


def score(all_cases: list[Case], t: Thresholds) -> Point:
    counts = dict.fromkeys(VALUES, 0)
    answered = right = 0
    for case in all_cases:
        decision = tiers.decide(case.ranked, t, case.signals)
        got = outcome(case, decision)
        counts[got] += 1
        answered += decision.tier == "answer"
        right += decision.tier == "answer" and got == "right"
    questions = sum(case.kind == "answer" for case in all_cases)
    return Point(
        t,
        right / max(answered, 1),
        right / max(questions, 1),
        answered,
        answered - right,
        sum(VALUES[k] * n for k, n in counts.items()),
    )


def curve(all_cases: list[Case]) -> list[Point]:
    return [
        score(all_cases, Thresholds(answer_at=a, close_gap=g, sure_at=s, wide_gap=w))
        for a, g, s, w in itertools.product(ANSWER_AT, CLOSE_GAP, SURE_AT, WIDE_GAP)
    ]


def choose(points: list[Point]) -> Point:
    return max(points, key=lambda p: (p.value, p.precision))


def report(kb: KnowledgeBase, write: bool, questions: list[Path]) -> Point:
    all_cases = [c for path in questions for c in from_file(kb, path)] or cases(kb)
    points = curve(all_cases)
    best = choose(points)
    source = ", ".join(map(str, questions)) or "held-out variants of the knowledge base"
    print(f"calibrate: {len(all_cases)} questions ({source}), {len(points)} sets of thresholds")
    print("answer_at  precision  coverage  value   (each with its best close_gap and sure_at)")
    for a in ANSWER_AT:
        row = choose([p for p in points if p.thresholds.answer_at == a])
        print(f"  {a:.2f}      {row.precision:6.1%}    {row.coverage:6.1%}  {row.value:7.1f}")
    now = score(all_cases, kb.thresholds)
    print(f"in use: {_describe(now)}")
    print(f"chosen: {_describe(best)}")
    if write:
        values = {k: v for k, v in dataclasses.asdict(best.thresholds).items()}
        how = "".join(f" --set {q}" for q in questions)
        header = (
            f"# Written by `python -m bot kb calibrate{how} --write`: see bot/calibrate.py.\n"
            f"# {_describe(best)}\n"
        )
        path = kb.root / THRESHOLDS_FILE
        try:
            path.write_text(header + yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
        except OSError:
            raise CommandError(f"无法写入 {path}：请检查知识库文件夹能否写入。") from None
        print(f"written to {path}")
    return best


def _describe(p: Point) -> str:
    t = p.thresholds
    return (
        f"answer_at={t.answer_at} close_gap={t.close_gap} sure_at={t.sure_at}"
        f" wide_gap={t.wide_gap}"
        f" precision={p.precision:.1%} coverage={p.coverage:.1%} wrong={p.wrong}"
        f" value={p.value:.1f}"
    )
