"""What `python -m bot eval` prints: scores per kind, confusions, and the confidence curve."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .engine import Engine
from .evaluate import COMMANDS, EvalFileError, Result, load, norm, run

ORDER = ("answer", "fallback", "clarify", "turn")
# Confidence levels at which to read precision against coverage: 0.30, 0.35, ... 0.95.
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(14))
NO_ANSWER = "（答不上）"
ASKED_BACK = "（反问）"
NO_ENTRY = "（没有条目）"


def scores(results: Iterable[Result]) -> dict[str, tuple[int, int]]:
    """Passed and total for each kind present, then for everything under "total"."""
    counts = {kind: [0, 0] for kind in ORDER}
    for r in results:
        counts[r.kind][0] += r.ok
        counts[r.kind][1] += 1
    found = {kind: (ok, n) for kind, (ok, n) in counts.items() if n}
    found["total"] = (sum(ok for ok, _ in found.values()), sum(n for _, n in found.values()))
    return found


def outcome(r: Result) -> str:
    if r.answer_id is not None:
        return r.answer_id
    if not r.answered:
        return NO_ANSWER
    topics = [q for q in r.offered if norm(q) not in COMMANDS]
    return ASKED_BACK if len(topics) >= 2 else NO_ENTRY


def _wanted(r: Result) -> str | None:
    """What the item expected when the reply got it wrong, as the confusion list names it."""
    if r.expected == "answer" and r.ids and r.answer_id not in r.ids:
        return " / ".join(r.ids)
    if r.expected in ("fallback", "clarify") and r.answer_id is not None:
        return NO_ANSWER if r.expected == "fallback" else ASKED_BACK
    return None


@dataclass(frozen=True)
class Confusion:
    expected: str
    got: str
    texts: tuple[str, ...]


def confusions(results: Iterable[Result]) -> list[Confusion]:
    """Which entry (or outcome) came instead of the expected one, the most frequent first."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for r in results:
        if (wanted := _wanted(r)) is not None:
            pairs.setdefault((wanted, outcome(r)), []).append(r.q)
    found = [Confusion(want, got, tuple(texts)) for (want, got), texts in pairs.items()]
    return sorted(found, key=lambda c: -len(c.texts))


@dataclass(frozen=True)
class Point:
    threshold: float
    committed: int  # answers given with at least this confidence
    correct: int  # of those, right answers to items that should be answered
    covered: int  # committed answers to items that should be answered
    should: int  # items that should be answered

    @property
    def precision(self) -> float | None:
        return self.correct / self.committed if self.committed else None

    @property
    def coverage(self) -> float | None:
        return self.covered / self.should if self.should else None


def curve(results: Iterable[Result]) -> list[Point]:
    """Precision against coverage over the single answer and fallback questions.

    At a threshold, an answer as confident counts as given; a confident answer to a question
    that should fall back is a wrong one.
    """
    items = [r for r in results if r.dialogue is None and r.expected in ("answer", "fallback")]
    should = sum(r.expected == "answer" for r in items)
    points = []
    for t in THRESHOLDS:
        given = [r for r in items if r.answer_id is not None and (r.confidence or 0.0) >= t]
        covered = [r for r in given if r.expected == "answer"]
        correct = sum(r.ok for r in covered)
        points.append(Point(t, len(given), correct, len(covered), should))
    return points


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def _line(r: Result) -> str:
    where = f"{r.dialogue}: " if r.dialogue else ""
    got = outcome(r) + (f" {r.confidence:.2f}" if r.confidence is not None else "")
    return f"{'ok  ' if r.ok else 'FAIL'} [{r.kind}] {where}{r.q} → {got} · {r.stage}"


def report(name: str, results: list[Result], verbose: bool = False) -> str:
    lines = []
    for r in results:
        if verbose or not r.ok:
            lines.append(_line(r))
        if not r.ok:
            lines.append(f"       {r.why}\n       回复：{r.reply[:160]!r}")
    lines.append(f"\n得分（{name}）")
    for kind, (ok, n) in scores(results).items():
        # 总分 is two characters that each take two columns.
        label = "总分     " if kind == "total" else f"{kind:<9}"
        lines.append(f"  {label}{ok:>5}/{n:<5}{_percent(ok / n):>7}")
    found = confusions(results)
    lines.append("\n答错的条目：应该 → 实际（次数）")
    for c in found:
        lines.append(f"  {c.expected} → {c.got}  {len(c.texts)}")
        lines.extend(f"      {text}" for text in c.texts)
    if not found:
        lines.append("  没有")
    points = curve(results)
    if points and points[0].should + points[0].committed:
        lines.append("\n置信度阈值（单个问题的 answer 和 fallback）：达到阈值才算答出")
        lines.append("  阈值   答出   答对   精确率   覆盖率")
        for p in points:
            lines.append(
                f"  {p.threshold:.2f}{p.committed:>7}{p.correct:>7}"
                f"{_percent(p.precision):>9}{_percent(p.coverage):>9}"
            )
    return "\n".join(lines)


def total_percent(results: list[Result]) -> float:
    ok, n = scores(results)["total"]
    return 100 * ok / n


def evaluate_file(
    engine: Engine, path: Path, json_path: Path | None, verbose: bool, min_score: float | None
) -> int:
    try:
        suite = load(path, engine.kb)
    except EvalFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    results = run(engine, suite)
    print(report(path.stem, results, verbose))
    if json_path is not None:
        rows = [dataclasses.asdict(r) for r in results]
        try:
            json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            print(f"写不了结果文件 {json_path}：{exc.strerror}", file=sys.stderr)
            return 2
    if min_score is not None and total_percent(results) < min_score:
        print(f"总分 {total_percent(results):.1f}% 低于要求的 {min_score:g}%", file=sys.stderr)
        return 1
    return 0
