"""bench match: how fast the matcher ranks welder-like queries (real and 10,000-entry bases)."""

from __future__ import annotations

import dataclasses
import random
import statistics
import time

from ..knowledge import Entry, KnowledgeBase
from ..matcher import Matcher
from . import percentile


def replicate(kb: KnowledgeBase, size: int) -> KnowledgeBase:
    """The knowledge base copied up to `size` entries, each copy's wording made distinct."""
    entries: list[Entry] = []
    copy = 0
    while len(entries) < size:
        for e in kb.entries[: size - len(entries)]:
            tag = f"第{copy}版" if copy else ""
            entries.append(
                dataclasses.replace(
                    e,
                    id=f"{e.id}_{copy}",
                    questions=tuple(q + tag for q in e.questions),
                    related=(),
                )
            )
        copy += 1
    return dataclasses.replace(kb, entries=tuple(entries))


def queries(kb: KnowledgeBase, count: int, seed: int = 7) -> list[str]:
    """Welder-like queries: knowledge-base questions with a character dropped or swapped."""
    rng = random.Random(seed)
    pool = [q for e in kb.entries for q in e.questions]
    out = []
    for _ in range(count):
        q = list(rng.choice(pool))
        if len(q) > 3:
            del q[rng.randrange(len(q))]
        out.append("".join(q))
    return out


def time_matcher(matcher: Matcher, texts: list[str]) -> list[float]:
    timings = []
    for text in texts:
        started = time.perf_counter()
        matcher.decide(text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def bench_match(kb: KnowledgeBase, count: int = 2000) -> None:
    for label, base in (("real", kb), ("10,000", replicate(kb, 10_000))):
        started = time.perf_counter()
        matcher = Matcher(base)
        build = time.perf_counter() - started
        time_matcher(matcher, queries(kb, 50, seed=3))  # warm-up
        # Fresh texts, so the normalizer's cache does not flatter the figures.
        timings = time_matcher(matcher, queries(kb, count, seed=11))
        print(
            f"match {label:>6} entries={len(base.entries)} variants={len(matcher.variants)}"
            f" build={build:.2f}s queries={len(timings)}"
            f" p50={statistics.median(timings):.2f}ms p99={percentile(timings, 0.99):.2f}ms"
            f" max={max(timings):.2f}ms"
        )
