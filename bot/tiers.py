"""Ranked entries -> answer, ask back or fall back, by the knowledge base's thresholds. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from .entries import Entry
from .thresholds import Thresholds

# A bare topic ("上传", "照片") says no intent: answered only when one entry clearly leads;
# more clearly when nothing came before it (no stage, no last answer) to say which.
BARE_GAP, FRESH_BARE_GAP = 0.1, 0.15
# A clarifying question offers at most this many topics: a word such as 照片 means five
# things in the guide, and five short lines still fit a phone's screen.
MAX_OPTIONS = 5


@dataclass(frozen=True)
class Scored:
    entry: Entry
    score: float
    variant: str
    evidence: bool = True
    # The message's content words (characters and pairs) that the entry's questions have.
    hits: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Signals:
    """What the message says besides its ranking, as the matcher reads it."""

    off_topic: bool = False  # it names something far from the procedure
    bare: bool = False  # it only names a thing ("照片")
    fresh: bool = False  # nothing came before it: no stage and no last answer
    # The senses of a word it uses without saying which (bot/senses.py), best first.
    senses: tuple[Scored, ...] = ()
    # Its senses only with a cue ("单位的名字"): never offered, but one leading still leaves
    # the word open.
    named: tuple[Scored, ...] = ()
    # It is such a word and nothing else ("怎么改"): a silent topic cannot lead its senses.
    sense_alone: bool = False
    # It points at a thing it does not name ("上面写啥"), and nothing came before it.
    vague: bool = False
    # A topic the guide does not cover that it names and the best entry does not speak to.
    silent: Scored | None = None
    # When a silent topic leads: the entry a word's cue picks, which speaks to it all.
    picked: Scored | None = None
    # Another entry the message names by a keyword the best entry says nothing of.
    also: Scored | None = None
    # Senses of a word that a cue of the message rules out ("批下来要几天": not the wait
    # after the approval): no rivals of the entry it picks.
    ruled_out: frozenset[str] = frozenset()
    # A first message of a few characters of its own ("咋弄", "要多久"): unless one entry
    # is sure, which one is meant is a guess.
    short: bool = False
    # The silent topic leading says 没 or 不 where the message does not: it leads no menu away.
    unsaid: bool = False


@dataclass(frozen=True)
class Decision:
    tier: str  # "answer" | "clarify" | "uncovered" | "fallback"
    ranked: tuple[Scored, ...]
    # Answered with the runner-up too: two close neighbours in the guide.
    pair: bool = False

    @property
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None


def is_sure(score: float, gap: float, t: Thresholds) -> bool:
    """Sure enough to answer: a high score, or a likely one with a clear lead."""
    return score >= t.sure_at or (score >= t.answer_at and gap >= t.close_gap)


def _says_more(one: Scored, other: Scored) -> bool:
    """The message shares with `one` something `other` lacks: without it, `one` leads or
    keeps up only by how its questions happen to be worded."""
    return not one.hits <= other.hits


def _undecided(ranked: list[Scored], wide_gap: float) -> bool:
    """Nothing the message says tells the best entry from the runner-up ("地址填哪个": 单位
    or 户籍?): its lead is only in how their questions happen to be worded."""
    return (
        len(ranked) > 1
        and ranked[0].score - ranked[1].score < wide_gap
        and not _says_more(ranked[0], ranked[1])
    )


def _neighbours(ranked: list[Scored], t: Thresholds) -> bool:
    """The two best are close (too close to answer one, by either gap), both likely, and
    neighbours in the guide (one lists the other as related): answering both costs the
    welder less than a menu."""
    if len(ranked) < 2:
        return False
    (first, second), ids = ranked[:2], (ranked[0].entry.id, ranked[1].entry.id)
    return (
        first.score - second.score < max(t.close_gap, t.wide_gap)
        and second.score >= t.answer_at
        and first.evidence
        and second.evidence
        and (ids[1] in first.entry.related or ids[0] in second.entry.related)
    )


def _silent_leads(best: Scored, options: tuple[Scored, ...], t: Thresholds) -> bool:
    """A topic the guide is silent on leads the senses it shares a word with clearly
    ("换了手机号随申办登不进了": the account, not the login's troubles): no menu of them."""
    return not best.entry.covered and best.score - max(s.score for s in options) >= t.wide_gap


def decide(ranked: list[Scored], t: Thresholds, signals: Signals = Signals()) -> Decision:
    senses, silent = signals.senses, signals.silent
    options = tuple(s for s in senses if s.entry.covered)
    best = ranked[0] if ranked else None
    if (
        len(options) >= 2
        and not signals.off_topic
        and best is not None
        and (
            signals.sense_alone
            # Unless its senses are all too far from the message to be what it asks.
            or (signals.unsaid and options[0].score >= t.answer_at)
            or not _silent_leads(best, options, t)
        )
        and (
            signals.bare
            or signals.sense_alone
            or any(best.score - s.score < t.close_gap for s in (*senses, *signals.named))
            # "哪些东西要交": a silent topic (the fees) leads only by how its questions are
            # worded; the message says nothing of it that the word's senses lack. So does any
            # topic for a first message (the unit and a bare what-to-write are no mistake
            # found after handing in).
            or (
                (signals.fresh or not best.entry.covered)
                and all(s.entry.id != best.entry.id for s in senses)
                and not all(_says_more(best, s) for s in options)
            )
        )
    ):
        # "地址填哪个": the best entry (or one as good) is one sense of a word the message
        # leaves open, however little else the message says. An entry as near the best as
        # the senses is offered too ("单位名称不对": the unit named wrong on the page).
        offered, seen = list(options), {s.entry.id for s in options}
        for s in ranked[:MAX_OPTIONS]:
            near = s.entry.covered and best.score - s.score < t.wide_gap
            if near and s.entry.id not in seen and len(offered) < MAX_OPTIONS:
                offered.append(s)
                seen.add(s.entry.id)
        return Decision("clarify", _varied(offered))
    # Keep one variant per entry and only plausible options: an option is offered only if
    # it scores as an answer could.
    plausible = [s for s in ranked if s.score >= t.answer_at and s.entry.covered]
    ranked = [s for s in ranked if s.score >= t.answer_at][:MAX_OPTIONS]
    if not ranked or (signals.off_topic and ranked[0].score < t.sure_at):
        return Decision("fallback", ())
    top = ranked[0]
    if signals.vague and len(plausible) >= 2:
        # "这框传啥" as a first message: which box is anybody's guess.
        return Decision("clarify", _varied(plausible))
    if signals.bare:
        covered = [s for s in ranked if s.entry.covered]
        ahead = top.score - covered[0].score if covered else 1.0
        if (
            signals.fresh
            and not top.entry.covered
            and top.evidence
            and top.score >= t.sure_at
            and ahead >= t.wide_gap
        ):
            # "几号考试" as a first message: a topic the guide is silent on leads clearly.
            return Decision("uncovered", (top,))
        ranked = covered
        if not ranked:
            return Decision("fallback", ())
        lead = ranked[0].score - ranked[1].score if len(ranked) > 1 else 1.0
        clear = lead >= (FRESH_BARE_GAP if signals.fresh else BARE_GAP) and ranked[0].evidence
        return (
            Decision("answer", tuple(ranked)) if clear else Decision("clarify", _varied(plausible))
        )
    picked = signals.picked
    if not top.entry.covered and picked and picked.evidence and picked.score >= t.answer_at:
        # "照片黑白的行不行": the cue 黑白 says which photo; the guide speaks to it.
        return Decision("answer", (picked,))
    if not top.entry.covered:
        # The guide is silent on what was asked: say so, rather than answer its neighbour.
        return Decision("uncovered" if top.evidence else "fallback", (top,))
    if silent is not None:
        return Decision("uncovered", (silent,))
    gap = top.score - ranked[1].score if len(ranked) > 1 else 1.0
    sure = is_sure(top.score, gap, t)
    if any(
        not s.entry.covered and top.score - s.score < t.close_gap and _says_more(s, top)
        for s in ranked[1:]
    ):
        # As near to something the guide does not answer, and the message says something of
        # it the best entry does not have: a confident answer would be a guess.
        return Decision("fallback", ())
    ranked = [s for s in ranked if s.entry.covered]
    if len(ranked) > 1 and ranked[1].entry.id in signals.ruled_out:
        # The runner-up is a sense a cue of the message rules out: not a rival.
        rivals = [s for s in ranked[1:] if s.entry.id not in signals.ruled_out]
        gap = top.score - rivals[0].score if rivals else 1.0
        sure = is_sure(top.score, gap, t)
        ranked = [top, *rivals]
    if (
        signals.short
        and top.score < t.sure_at
        and len(ranked) > 1
        and ranked[1].entry.step != top.entry.step
        and top.score - ranked[1].score < 2 * t.wide_gap
    ):
        return Decision("clarify", _varied(plausible))
    if sure and top.evidence and not _undecided(ranked, t.wide_gap):
        also = signals.also
        if also and also.evidence and also.score >= t.answer_at:
            # "受理通知书点了没反应": the notice, and what to do when a page does not respond.
            return Decision("answer", (top, also), pair=True)
        return Decision("answer", tuple(ranked))
    if _neighbours(ranked, t):
        # "两种报名表网上交哪个": both short answers rather than a menu.
        return Decision("answer", tuple(ranked), pair=True)
    # One weak candidate is offered only with real evidence: a keyword or a content pair.
    if len(ranked) >= 2 or top.evidence:
        return Decision("clarify", _varied(plausible))
    return Decision("fallback", ())


def _varied(ranked: list[Scored] | tuple[Scored, ...]) -> tuple[Scored, ...]:
    """The options of a clarifying question: the best of each step first, then the rest, up
    to MAX_OPTIONS, best first. Two of one step are often one topic twice; a menu offers the
    welder different places in the procedure."""
    steps: set[str] = set()
    firsts, rest = [], []
    for s in ranked:
        # A sense the message's words do not reach at all (score 0) is offered last.
        (rest if s.entry.step in steps or not s.score else firsts).append(s)
        steps.add(s.entry.step)
    return tuple(sorted((firsts + rest)[:MAX_OPTIONS], key=lambda s: s.score, reverse=True))
