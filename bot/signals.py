"""What a message says besides its ranking (bot/matcher.py), for tiers.decide. Pure.

Words far from the procedure; a message that only names a thing; a word of several senses
the message leaves open, or that the stage or the last answer settles; a topic the guide is
silent on, named outright; the sense a cue picks when a silent topic leads; another entry
named by a keyword the best one says nothing of.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import clauses
from .entries import Entry
from .knowledge import KnowledgeBase
from .normalize import Normalizer, unit_spans
from .senses import Senses
from .tiers import Scored, Signals

# A bare topic ("上传", "照片") is at most this many characters.
BARE_UNITS = 4
_ASKING = re.compile(r"[?？]|吗|么|呢|行不|能不|可以")
# Words that point at something the message does not name ("上面写啥", "这框传啥"); 这么
# before a word of degree points at nothing ("批这么慢").
_POINTING = re.compile(r"上面|里面|上头|两个|哪个|(这|那)(?!么(久|慢|长|难|多|麻烦|复杂|费劲))")
# A short message names at most this many characters of its own.
SHORT_UNITS = 3
# A pointing message names at most this many characters of its own.
VAGUE_UNITS = 2
# Words for any box of a page and what is done in it: "这个框传什么文件" names no box.
_ANY_BOX = re.compile(r"个|框|格子|格|栏|文件|上传|传|填|写|选")
# A word that turns what follows around ("没单位怎么报" is not "单位怎么填").
_NEGATION = re.compile(r"没|不|未|无")


class Reader:
    def __init__(
        self,
        kb: KnowledgeBase,
        normalize: Normalizer,
        mask: Callable[[str], list[float]],
        entries: list[Entry],
        keywords: list[tuple[str, ...]],
    ) -> None:
        self.normalize = normalize
        self.mask = mask
        self.off_topic = tuple({normalize(w) for w in kb.lexicon.off_topic} - {""})
        self.own_words = tuple({normalize(w) for w in kb.lexicon.own_words} - {""})
        self.senses = Senses(kb.senses, normalize)
        # All an entry says, to tell whether it speaks to a keyword of another: each text
        # read on its own, since the normalizer reads only a message's first MAX_CHARS.
        self.says = {
            e.id: "|".join(normalize(t) for t in (e.title, *e.questions, *e.keywords, e.answer))
            for e in entries
        }
        self.keywords = {e.id: kws for e, kws in zip(entries, keywords, strict=True)}
        self.silent_topics = [(e, self.keywords[e.id]) for e in entries if not e.covered]
        # Most messages name none of them: one look at the whole message says so.
        self.silent_words = tuple({k for _, kws in self.silent_topics for k in kws})
        self.by_id = {e.id: e for e in entries}
        self.remedies = {s.id: s.remedy for s in kb.stages}

    def __call__(
        self, text: str, ranked: list[Scored], stage: str | None, context: Entry | None
    ) -> Signals:
        query = self.normalize(text)
        picked, ruled_out = self.senses.cued(query)
        senses, named = self.open_senses(text, ranked, stage, context)
        return Signals(
            self.is_off_topic(text),
            self.bare(text),
            stage is None and context is None,
            senses,
            named,
            self.senses.alone(query, first=context is None),
            context is None and self.vague(text),
            self.silent(text, ranked),
            self.picked(text, ranked, picked),
            self.also(text, ranked),
            ruled_out,
            short=stage is None and context is None and self.short(query),
            unsaid=self.unsaid(query, ranked),
        )

    def unsaid(self, query: str, ranked: list[Scored]) -> bool:
        """The best entry is a silent topic, not named by a keyword of its own, whose
        question says 没 or 不 where the message says neither ("单位怎么填" near
        "没单位怎么报"): it leads only by what is not said."""
        best = ranked[0] if ranked else None
        return bool(
            best
            and not best.entry.covered
            and _NEGATION.search(best.variant)
            and not _NEGATION.search(query)
            and not any(k in query for k in self.keywords[best.entry.id])
        )

    def is_off_topic(self, text: str) -> bool:
        def named(query: str) -> bool:
            for word in self.own_words:
                query = query.replace(word, "|")  # "焊工资格" names no 工资
            return any(w in query for w in self.off_topic)

        return self._named(text, named)

    def _named(self, text: str, named: Callable[[str], bool]) -> bool:
        """Whether the message names what `named` looks for within one clause ("理论也要考
        点哪个" names no 考点). The whole message is read first: most name nothing."""
        return named(self.normalize(text)) and named(self.normalize.clauses(text))

    def bare(self, text: str) -> bool:
        """A message that only names a thing: a few characters, no question words."""
        query = self.normalize(text)
        if not query or len(unit_spans(query)) > BARE_UNITS or _ASKING.search(text):
            return False
        return all(w == 1.0 for w in self.mask(query))

    def short(self, query: str) -> bool:
        return sum(w == 1.0 for w in self.mask(query)) <= SHORT_UNITS

    def vague(self, text: str) -> bool:
        """A message that points at a thing it does not name, with nothing before it to
        point at: which thing is a guess."""
        query = self.normalize(text)
        if not _POINTING.search(query):
            return False
        rest = _POINTING.sub("", query)
        named = _ANY_BOX.sub("", rest)
        return sum(w == 1.0 for w in self.mask(rest)) <= VAGUE_UNITS or not any(
            w == 1.0 for w in self.mask(named)
        )

    def open_senses(
        self, text: str, ranked: list[Scored], stage: str | None, context: Entry | None
    ) -> tuple[tuple[Scored, ...], tuple[Scored, ...]]:
        """The senses of a word the message leaves open, best ranked first, and those it has
        only with a cue (never offered).

        The welder's stage or the last answer may settle it: "要等几天" while waiting for
        the approval is about the approval.
        """
        offered, named = self._open(self.normalize(text))
        if self._settle(offered, named, stage, context) is not None:
            return (), ()
        scores = {s.entry.id: s for s in ranked}

        def scored(senses: list[Entry]) -> tuple[Scored, ...]:
            found = (scores.get(e.id) or Scored(e, 0.0, "") for e in senses)
            return tuple(sorted(found, key=lambda s: s.score, reverse=True))

        return scored(offered), scored(named)

    def settled(self, query: str, stage: str | None, context: Entry | None) -> Entry | None:
        """The one sense of a word the message leaves open that settles it (`_settle`)."""
        return self._settle(*self._open(query), stage, context)

    def _open(self, query: str) -> tuple[list[Entry], list[Entry]]:
        offered, named = self.senses.open(query)
        return self._entries(offered), self._entries(named)

    def _entries(self, ids: tuple[str, ...]) -> list[Entry]:
        return [self.by_id[i] for i in ids if i in self.by_id]

    def _settle(
        self, senses: list[Entry], named: list[Entry], stage: str | None, context: Entry | None
    ) -> Entry | None:
        """The stage's remedy for a misbehaving page; else a sense the word has only with a
        cue, when the last answer names it ("名字叫啥" after the Word files: their names);
        else the sense the welder's stage picks, or else the last answer (its entry or a
        related one, or else its step)."""
        covered = [e for e in senses if e.covered]
        said = [e for e in named if e.covered]

        def told(e: Entry) -> bool:
            return context is not None and (e.id == context.id or e.id in context.related)

        for near, among in (
            # "打不开" at a stage done on the website: what to do when a page misbehaves.
            (lambda e: e.id == self.remedies.get(stage), covered),
            (told, said),
            (lambda e: e.stage == stage, covered),
            (told, covered),
            (lambda e: context is not None and e.step == context.step, covered),
        ):
            fits = [e for e in among if near(e)]
            if len(fits) == 1:
                return fits[0]
        return None

    def silent(self, text: str, ranked: list[Scored]) -> Scored | None:
        """A topic the guide is silent on that the message names by one of its keywords
        ("正反两面", "撤回") while the best entry says nothing of it: answering that entry
        would be a guess."""
        if not ranked or not ranked[0].entry.covered:
            return None
        query = self.normalize(text)
        if not any(k in query for k in self.silent_words):
            return None
        text = clauses.asked_part(text)
        for entry, keywords in self.silent_topics:
            if self._named(text, lambda q, k=keywords: self._unspoken(q, ranked[0], k)):
                return next((s for s in ranked if s.entry.id == entry.id), Scored(entry, 0.0, ""))
        return None

    def also(self, text: str, ranked: list[Scored]) -> Scored | None:
        """Another plausible entry that the message names by a keyword of three or more
        characters which the best entry says nothing of ("受理通知书点了没反应": the
        browser's trouble, beside the notice)."""
        if len(ranked) < 2 or not ranked[0].entry.covered:
            return None
        for s in ranked[1:]:
            keywords = self.keywords[s.entry.id]
            if s.entry.covered and self._named(
                text, lambda q, k=keywords: self._unspoken(q, ranked[0], k, 3)
            ):
                return s
        return None

    def _unspoken(
        self, query: str, best: Scored, keywords: tuple[str, ...], shortest: int = 1
    ) -> bool:
        """The message names one of `keywords` (of `shortest` characters or more) that the
        best entry says nothing of."""
        says = self.says[best.entry.id]
        return any(len(k) >= shortest and k in query and k not in says for k in keywords)

    def picked(self, text: str, ranked: list[Scored], picked: frozenset[str]) -> Scored | None:
        """When a topic the guide is silent on leads, the entry a cue picks for a word of
        several senses ("照片黑白的行不行": the photo's requirements), if that entry speaks
        to everything the message names of the silent topics. `picked`: the senses the
        message's cues pick."""
        if not ranked or ranked[0].entry.covered:
            return None
        if any(not self.by_id[i].covered for i in picked if i in self.by_id):
            return None  # a cue of the silent topic too ("没交社保")
        if len(picked) > 1:
            return None  # cues of two senses ("报名表上贴的照片几寸"): none is settled
        for s in ranked:
            if s.entry.covered and s.entry.id in picked:
                return s if self.silent(text, [s]) is None else None
        return None
