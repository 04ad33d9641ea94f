"""Text -> ranked knowledge entries with scores. Pure; no I/O.

A message and every question variant become weighted features: characters, character
bigrams and pinyin-syllable bigrams (for homophone typos), each weighted by how rare it is
among the entries. Candidates come from an inverted index over the rarer features; each
candidate's variants are then scored by weighted overlap, rapidfuzz character similarity and
keyword evidence. The tiers (answer, clarify, fall back) are decided in `decide`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from . import tiers
from .entries import Entry
from .knowledge import KnowledgeBase
from .normalize import Normalizer, everyday_words, syllable, unit_spans
from .signals import Reader
from .tiers import Decision, Scored, Signals

UNIGRAM, BIGRAM, PINYIN = 0.35, 1.0, 0.45
# Features carried by more than this share of entries are too common to find candidates by.
COMMON_SHARE = 0.12
CANDIDATES = 16
# A common feature finds at most this many candidates.
COMMON_POSTINGS = 32
# A long message (a story, a list of questions) is scored against fewer candidates: its
# votes single out the plausible ones, and the work per message stays bounded.
LONG_FEATURES, LONG_CANDIDATES = 60, 10
# At most this many more, that the message names by a keyword.
NAMED = 4
VARIANT, ENTRY = 0.75, 0.25
STAGE_BONUS = 0.15
KEYWORD = 0.04
MAX_KEYWORD = 0.2
CONTEXT_BONUS = 0.06
# A message of at most this many content characters ("名字呢", "能手写吗") says too little to
# stand on its own: the last answer's neighbours gain CONTEXT_BONUS once more.
FEW_WORDS = 3
# A message that says one of an entry's questions almost word for word ("批要不要一个月" for
# "审批要不要一个月") is evidence for it, even with no pair or keyword of its own.
SAME_WORDS = 0.85
# A cue that picks one sense of a word of several ("蓝底" for 照片) is evidence against
# its other senses.
RULED_OUT = 0.1
# A word of several senses that the welder's stage or the last answer settles ("要等几天"
# while waiting): its sense there gains this, and its other senses are ruled out.
SETTLED = 0.15

GENERIC = 0.2
# Features of a message of up to four characters (a unigram, a bigram and a pinyin pair each).
SHORT_FEATURES = 10


class Featurizer:
    """A normalized text -> {feature: weight before rarity}; question words weigh little."""

    def __init__(self, generic: tuple[str, ...], normalize: Normalizer) -> None:
        words = {normalize.light(w) for w in generic} - {""}
        self.generic_chars = {w for w in words if len(w) == 1}
        multi = sorted((w for w in words if len(w) > 1), key=len, reverse=True)
        self.generic_re = re.compile("|".join(map(re.escape, multi))) if multi else None

    def mask(self, text: str) -> list[float]:
        """Each unit's weight before rarity: GENERIC for question words and particles."""
        return self._mask(text, unit_spans(text))

    def _mask(self, text: str, spans: list[tuple[int, int]]) -> list[float]:
        covered: set[int] = set()
        if self.generic_re:
            # Overlapping words count too: 在哪里 is both 在哪 and 哪里.
            for start in range(len(text)):
                if m := self.generic_re.match(text, start):
                    covered.update(range(start, m.end()))
        return [
            GENERIC if start in covered or text[start:end] in self.generic_chars else 1.0
            for start, end in spans
        ]

    def __call__(self, text: str) -> dict[str, float]:
        spans = unit_spans(text)
        us = [text[a:b] for a, b in spans]
        mask = self._mask(text, spans)
        feats: dict[str, float] = {}
        for u, w in zip(us, mask, strict=True):
            feats["c:" + u] = UNIGRAM * w
        for (a, b), (wa, wb) in zip(pairwise(us), pairwise(mask), strict=True):
            w = math.sqrt(wa * wb)
            feats["b:" + a + b] = BIGRAM * w
            feats["p:" + syllable(a) + " " + syllable(b)] = PINYIN * w
        return feats


@dataclass(frozen=True)
class Variant:
    entry: int  # index into Matcher.entries
    text: str
    feats: dict[str, float]
    weight: float  # of all its features, rarity included
    keys: frozenset[str]  # the features alone, for fast intersections


class Matcher:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        questions = (q for e in kb.entries for q in (e.title, *e.questions))
        self.normalize = Normalizer(kb.lexicon, everyday_words(questions))
        self.features = Featurizer(kb.lexicon.generic, self.normalize)
        # Topics the guide does not cover compete too, so that they can be recognised.
        self.entries = [*kb.entries, *kb.uncovered]
        self.variants: list[Variant] = []
        self.by_entry: list[list[Variant]] = [[] for _ in self.entries]
        self.keywords: list[tuple[str, ...]] = []
        df: dict[str, int] = defaultdict(int)
        texts: list[tuple[int, str, dict[str, float]]] = []
        for i, entry in enumerate(self.entries):
            seen: set[str] = set()
            for question in (entry.title, *entry.questions):
                if text := self.normalize(question):
                    feats = self.features(text)
                    texts.append((i, text, feats))
                    seen.update(feats)
            for f in seen:
                df[f] += 1
            self.keywords.append(tuple({self.normalize(k) for k in entry.keywords} - {""}))
        n = max(len(self.entries), 1)
        self.idf = {f: math.log(1 + n / c) for f, c in df.items()}
        self.unknown_idf = math.log(1 + n)
        for i, text, feats in texts:
            v = Variant(i, text, feats, self.weight(feats), frozenset(feats))
            self.variants.append(v)
            self.by_entry[i].append(v)
        self.common = {f for f, c in df.items() if c > COMMON_SHARE * n}
        self.index: dict[str, list[int]] = defaultdict(list)
        # Everything an entry's questions say, for how much of a message the entry covers:
        # each feature with the positions of the variants that say it, so that a message's
        # overlap with every variant is summed from the few features they share.
        self.vocabulary: list[dict[str, tuple[int, ...]]] = []
        for i, vs in enumerate(self.by_entry):
            saying: dict[str, list[int]] = defaultdict(list)
            for j, v in enumerate(vs):
                for f in v.keys:
                    saying[f].append(j)
            self.vocabulary.append({f: tuple(js) for f, js in saying.items()})
            for f in saying:
                self.index[f].append(i)
        # A common feature finds only the entries it is most central to, those whose
        # questions say it most often ("材料": what to prepare), so that the work per message
        # stays bounded however many entries there are.
        said = Counter((v.entry, f) for v in self.variants for f in v.keys & self.common)
        for f in self.common:
            self.index[f] = sorted(
                self.index[f], key=lambda i: -said[i, f] / len(self.by_entry[i])
            )[:COMMON_POSTINGS]
        # A keyword shared by many entries is weak evidence for any one of them.
        kw_df: dict[str, int] = defaultdict(int)
        for kws in self.keywords:
            for k in kws:
                kw_df[k] += 1
        self.keyword_weight = {k: 1 / math.sqrt(c) for k, c in kw_df.items()}
        self.by_keyword: dict[str, list[int]] = defaultdict(list)
        # Keywords by their first two characters, to find those in a message without
        # trying every one: the work grows with the message, not with the knowledge.
        self.keyword_heads: dict[str, list[str]] = defaultdict(list)
        for i, kws in enumerate(self.keywords):
            for k in kws:
                if not self.by_keyword[k]:
                    self.keyword_heads[k[:2]].append(k)
                self.by_keyword[k].append(i)
        self.reader = Reader(kb, self.normalize, self.features.mask, self.entries, self.keywords)
        self._ranked = lru_cache(maxsize=8192)(self._rank)

    def _keywords_in(self, query: str) -> list[str]:
        heads = {query[i : i + n] for i in range(len(query)) for n in (1, 2)}
        return [k for h in heads for k in self.keyword_heads.get(h, ()) if k in query]

    def names_topic(self, text: str) -> bool:
        """Whether the message names, by a keyword, an entry the guide answers: cheap
        enough to ask of every clause of a long story."""
        query = self.normalize(text)
        return any(
            self.entries[i].covered for k in self._keywords_in(query) for i in self.by_keyword[k]
        )

    def weight(self, feats: dict[str, float]) -> float:
        return sum(k * self.idf.get(f, self.unknown_idf) for f, k in feats.items())

    def rank(
        self,
        text: str,
        stage: str | None = None,
        context: Entry | None = None,
        *,
        rare: bool = False,
    ) -> list[Scored]:
        """Entries by score, best first; `stage` and `context` break near ties. `rare`: only
        entries that share the message's rarer features compete, when any do (a report
        names its step by what sets the step apart: "材料也传了" is the upload, not 材料)."""
        # Many welders send the same words (every tapped quick reply is a title): the ranking
        # is a pure function of them, so it is kept.
        return list(self._ranked(self.normalize(text), stage, context, rare))

    def _rank(
        self, query: str, stage: str | None, context: Entry | None, rare_only: bool
    ) -> tuple[Scored, ...]:
        qf = self.features(query)
        if not qf:
            return ()
        votes: dict[int, float] = defaultdict(float)
        long = len(qf) > LONG_FEATURES
        # Every feature of a short message votes for the candidates, rare ones more ("报名表
        # 咋填": the entries about 报名表 compete, not only those that say 咋填). A long one
        # has rare features enough.
        for pool in ([f for f in qf if f not in self.common], [f for f in qf if f in self.common]):
            for f in pool:
                if entries := self.index.get(f):
                    vote = qf[f] * self.idf[f]
                    for i in entries:
                        votes[i] += vote
            if votes and (rare_only or long):
                break
        most = LONG_CANDIDATES if long else CANDIDATES
        candidates = sorted(votes, key=votes.__getitem__, reverse=True)[:most]
        # An entry the message names by a keyword competes, whatever its questions share.
        named = [i for k in self._keywords_in(query) for i in self.by_keyword[k]]
        candidates += list(dict.fromkeys(i for i in named if i not in candidates))[:NAMED]
        # Each query feature's weight with its rarity; overlaps are summed from it with
        # fsum, which is exact whatever order a set intersection yields.
        rare = {f: k * self.idf.get(f, self.unknown_idf) for f, k in qf.items()}
        keys = set(rare)
        qw = math.fsum(rare.values())
        pairs = {f for f, k in qf.items() if k == BIGRAM}
        content = {f for f, k in qf.items() if k in (UNIGRAM, BIGRAM)}
        # Every content character of a short message ("几天批") is evidence too, unless one
        # of them is common to many entries ("在哪里点").
        units = {f for f, k in qf.items() if k == UNIGRAM and not f[2:].isdigit()}
        units = set() if units & self.common else units
        units = units if len(qf) <= SHORT_FEATURES else set()
        few = sum(k == UNIGRAM for k in qf.values()) <= FEW_WORDS
        picked, ruled_out = self.reader.senses.cued(query)
        ruled_out = set(ruled_out)
        settled = self.reader.settled(query, stage, context)
        if settled is not None:
            ruled_out |= set(sum(self.reader.senses.open(query), ())) - {settled.id}
        scored = []
        for i in candidates:
            entry = self.entries[i]
            vocabulary = self.vocabulary[i]
            # The query's features this entry has at all: its variants share no others.
            known = keys & vocabulary.keys()
            best, best_text = self._best_variant(
                query, rare, known, qw, vocabulary, self.by_entry[i]
            )
            covered = math.fsum(map(rare.__getitem__, known))
            keywords = self._keyword_bonus(query, i)
            near = best >= SAME_WORDS
            best = VARIANT * best + ENTRY * covered / qw + keywords
            # A direct answer needs a shared pair of content characters or a keyword.
            evidence = keywords > 0 or not vocabulary.keys().isdisjoint(pairs)
            evidence = evidence or (bool(units) and units <= vocabulary.keys()) or near
            if stage and entry.stage == stage:
                best += STAGE_BONUS
            # The last answer's neighbours: its related entries, its step's, and what the
            # guide is silent on at its stage (after how long the certificate takes, where
            # it is sent).
            neighbour = context is not None and (
                entry.id in context.related
                or entry.step == context.step
                or (not entry.covered and entry.stage == context.stage)
            )
            if neighbour:
                best += CONTEXT_BONUS
            if entry.id in ruled_out:
                best -= RULED_OUT
            elif entry is settled:
                best, evidence = best + SETTLED, True
            elif entry.id in picked and len(picked) == 1:
                # "多久批": the cue 批 picks the approval's wait among the senses of 多久.
                evidence = True
            hits = frozenset(content & vocabulary.keys())
            scored.append(
                (best, Scored(entry, min(best, 1.0), best_text, evidence, hits), neighbour)
            )
        if few and any(s.evidence for _, s, _ in scored):
            # A short follow-up with words of its own ("名字叫啥" after the Word files) leans
            # on the last answer twice as much; small talk ("今天好冷啊") does not.
            scored = [
                (best + CONTEXT_BONUS, replace(s, score=min(best + CONTEXT_BONUS, 1.0)), True)
                if neighbour
                else (best, s, False)
                for best, s, neighbour in scored
            ]
        # Ranked by the score before it is capped: two entries at 1.0 are not a tie.
        scored.sort(key=lambda s: s[0], reverse=True)
        return tuple(s for _, s, _ in scored)

    @staticmethod
    def _best_variant(
        query: str,
        rare: dict[str, float],
        known: set[str],
        qw: float,
        saying: dict[str, tuple[int, ...]],
        variants: list[Variant],
    ) -> tuple[float, str]:
        """The best-scoring variant (the first, on a tie) and its score.

        A variant scores 0.45 dice + 0.25 coverage + 0.30 character similarity. Its overlap
        is summed from the `known` features that `saying` lists it under. The similarity
        (rapidfuzz, the costly part) is computed only for variants that could still beat the
        best so far, and told the least similarity that would.
        """
        shares: list[list[float]] = [[] for _ in variants]
        for f in known:
            weight = rare[f]
            for j in saying[f]:
                shares[j].append(weight)
        best, best_text = 0.0, variants[0].text
        size = len(query)
        for v, share in zip(variants, shares, strict=True):
            if not share:
                continue
            shared = math.fsum(share)
            base = 0.45 * 2 * shared / (qw + v.weight) + 0.25 * shared / qw
            # Indel similarity is at most the shorter text's share of both lengths.
            n = len(v.text)
            most = 2 * (size if size < n else n) / (size + n)
            if base + 0.30 * most <= best:
                continue
            cutoff = max(0.0, (best - base) / 0.30 * 100)
            score = base + 0.30 * fuzz.ratio(query, v.text, score_cutoff=cutoff) / 100
            if score > best:
                best, best_text = score, v.text
        return best, best_text

    def _keyword_bonus(self, query: str, i: int) -> float:
        # Longer and rarer keywords are stronger evidence; a few hits are enough.
        bonus = sum(
            KEYWORD * min(len(k), 3) * self.keyword_weight[k]
            for k in self.keywords[i]
            if k in query
        )
        return min(MAX_KEYWORD, bonus)

    def signals(
        self,
        text: str,
        ranked: list[Scored],
        stage: str | None = None,
        context: Entry | None = None,
    ) -> Signals:
        """What the message says besides its ranking, for tiers.decide."""
        return self.reader(text, ranked, stage, context)

    def decide(self, text: str, stage: str | None = None, context: Entry | None = None) -> Decision:
        ranked = self.rank(text, stage, context)
        return tiers.decide(ranked, self.kb.thresholds, self.signals(text, ranked, stage, context))
