"""bench match: how fast the matcher ranks welder-like queries (real and 10,000-entry bases)."""

from __future__ import annotations

import dataclasses
import random
import statistics
import time

from .. import heap
from ..engine import Engine
from ..entries import Entry
from ..knowledge import KnowledgeBase
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


def crafted(kb: KnowledgeBase, seed: int = 5) -> list[str]:
    """Messages of up to 1,000 characters built to be costly: repetitions, clauses, numbers,
    and chains of real questions (each a candidate second question, follow-up or focus)."""
    rng = random.Random(seed)
    pool = [q for e in kb.entries for q in e.questions]
    chains = [
        ("那" + "，".join(rng.choice(pool) + "？" for _ in range(40)))[:1000] for _ in range(20)
    ]
    units = [
        "正了录 准，",
        "补正",
        "我提交了，",
        "批了",
        "第5步",
        "学历选啥，职称选啥，",
        "还有",
        "了",
        "我叫张三",
        "阿拉伐",
        "？",
        "a",
        "随申办登录不上咋办 ",
        "收到补正短信了，",
        # Latin runs of the longest length read as pinyin, each cut into words.
        "tijianbaogaoyoushenmeyaoqiuxinbanzengxi中",
    ]
    out = []
    for unit in units:
        for _ in range(4):
            # A random tail keeps every message new to the caches.
            tail = "".join(rng.choice("的了吗在哪批交寄传好") for _ in range(6))
            out.append((unit * (1000 // len(unit)))[: 1000 - len(tail)] + tail)
    return out + chains


def engine_cpu(engine: Engine, texts: list[str]) -> list[float]:
    """CPU milliseconds of each message through the whole engine, as a new welder's."""
    start = engine.welcome(engine.first_stage).progress
    timings = []
    for text in texts:
        started = time.process_time()
        engine.reply(start, text)
        timings.append((time.process_time() - started) * 1000)
    return timings


def bench_match(kb: KnowledgeBase, count: int = 2000) -> None:
    engine = Engine(kb)
    heap.freeze()  # as `serve` does once it has started
    engine_cpu(engine, queries(kb, 50, seed=5))  # warm-up
    asked = engine_cpu(engine, queries(kb, count, seed=13))
    worst = engine_cpu(engine, crafted(kb))
    print(
        f"engine cpu messages={len(asked)} p50={statistics.median(asked):.2f}ms"
        f" p99={percentile(asked, 0.99):.2f}ms max={max(asked):.2f}ms"
    )
    print(
        f"engine cpu crafted messages of up to 1,000 characters={len(worst)}"
        f" p50={statistics.median(worst):.2f}ms max={max(worst):.2f}ms"
    )
    for label, base in (("real", kb), ("10,000", replicate(kb, 10_000))):
        started = time.perf_counter()
        matcher = Matcher(base)
        build = time.perf_counter() - started
        heap.refreeze()  # as `serve` does after building a new knowledge base's matcher
        time_matcher(matcher, queries(kb, 50, seed=3))  # warm-up
        # Fresh texts, so the normalizer's cache does not flatter the figures.
        timings = time_matcher(matcher, queries(kb, count, seed=11))
        print(
            f"match {label:>6} entries={len(base.entries)} variants={len(matcher.variants)}"
            f" build={build:.2f}s queries={len(timings)}"
            f" p50={statistics.median(timings):.2f}ms p99={percentile(timings, 0.99):.2f}ms"
            f" max={max(timings):.2f}ms"
        )
