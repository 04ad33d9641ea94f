"""Replies in words a welder reads: an entry's answer, a clarifying question with its
options, an honest fallback, the figures' boxes asked back. Pure."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import boxes
from . import progress as pg
from .commands import HANDOFF, NEXT
from .entries import Entry
from .knowledge import KnowledgeBase
from .store import Progress
from .tiers import MAX_OPTIONS, Decision

MAX_QUICK = 4
# Two answers in one reply stay short enough to read on a phone.
MAX_TWO_ANSWERS = 520


@dataclass(frozen=True)
class Reply:
    text: str
    progress: Progress
    answered: bool = True
    quick_replies: tuple[str, ...] = ()
    answer_id: str | None = None
    confidence: float | None = None
    handoff: bool = False
    name: str | None = None  # the welder told us their name
    silent: bool = False  # a fallback because the guide says nothing of what was asked

    def __post_init__(self) -> None:
        # A button is offered once, however many reasons suggested it.
        object.__setattr__(self, "quick_replies", tuple(dict.fromkeys(self.quick_replies)))


class Replies:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def stage_menu(self, stage: str) -> tuple[str, ...]:
        """One question per step of the stage, then the way to a teacher."""
        titles = [self.kb.main_entry(step).title for step in self.kb.stage(stage).steps]
        return (*titles[: MAX_QUICK - 1], HANDOFF)

    def _decided(self, state: Progress, decision: Decision) -> Reply:
        if decision.tier == "answer" and decision.pair:
            return self._pair(state, decision) or self._clarify(state, decision)
        if decision.tier == "answer":
            return self.answer(state, decision.best.entry, decision.best.score)
        if decision.tier == "clarify":
            return self._clarify(state, decision)
        if decision.tier == "uncovered":
            return self.fallback(state, decision.best.entry.answer)
        return self.fallback(state)

    def _pair(self, state: Progress, decision: Decision) -> Reply | None:
        """Both neighbours' answers, if short enough for a phone."""
        first, second = decision.ranked[:2]
        text = f"{first.entry.reply}\n\n{second.entry.reply}"
        if len(text) > MAX_TWO_ANSWERS:
            return None
        return dataclasses.replace(self.answer(state, first.entry, first.score), text=text)

    def answer(self, state: Progress, entry: Entry, confidence: float) -> Reply:
        # Reading about a step is not going back to it: the pointer only moves forward, and
        # only within the welder's stage (asking ahead about the approval is not being there).
        ahead = self.kb.step(entry.step)
        here = ahead is not None and ahead.stage == state.stage
        step = pg.furthest(self.kb, state.step, entry.step) if here else state.step
        reading = step != state.step
        after = dataclasses.replace(
            state, step=step, last_entry=entry.id, choices=(), reading=reading
        )
        more = (NEXT,) if pg.next_step(self.kb, step, state.stage) else ()
        return Reply(
            entry.reply,
            after,
            quick_replies=(*self.related(entry)[: MAX_QUICK - len(more)], *more),
            answer_id=entry.id,
            confidence=round(confidence, 3),
        )

    def related(self, entry: Entry) -> tuple[str, ...]:
        related = (self.kb.entry(r) for r in entry.related)
        return tuple(r.title for r in related if r)

    def box(self, state: Progress, entry: Entry, figure: tuple[str, ...]) -> Reply:
        """The answer on a box of a figure; a bare number next ("框2呢" then "3") is another
        box of the same figure."""
        reply = self.answer(state, entry, confidence=0.9)
        return dataclasses.replace(
            reply, progress=dataclasses.replace(reply.progress, choices=figure)
        )

    def _boxes(self, state: Progress, boxed: list[boxes.Boxed]) -> Reply:
        entries = [self.kb.entry(b.box.entry) for b in boxed]
        if len(boxed) == 1 and entries[0]:
            return self.box(state, entries[0], boxes.figure(self.kb, boxed[0].step))
        lines = "\n".join(
            f"{i}. {b.name}：{b.box.label}" + _gist(e)
            for i, (b, e) in enumerate(zip(boxed, entries, strict=True), start=1)
        )
        return Reply(
            f"好几步的图里都有这个框，您问的是哪一步的？\n{lines}\n回复数字或点下面的按钮就行。",
            dataclasses.replace(state, choices=tuple(b.box.entry for b in boxed)),
            quick_replies=(*(b.name for b in boxed), HANDOFF),
            confidence=0.5,
        )

    def _clarify(self, state: Progress, decision: Decision) -> Reply:
        options = decision.ranked[:MAX_OPTIONS]
        lines = "\n".join(
            f"{i}. {s.entry.title}（{self._where(s.entry)}）" + _gist(s.entry)
            for i, s in enumerate(options, start=1)
        )
        after = dataclasses.replace(state, choices=tuple(s.entry.id for s in options))
        return Reply(
            f"您是想问：\n{lines}\n回复数字或点下面的按钮就行。都不是的话，可以换个说法或找老师。",
            after,
            quick_replies=(*(s.entry.title for s in options), HANDOFF),
            confidence=round(decision.best.score, 3),
        )

    def _where(self, entry: Entry) -> str:
        """Where in the procedure an option belongs ("网上申请：单位信息和个人信息"): a welder
        picks by where they are."""
        step = self.kb.step(entry.step)
        return f"{self.kb.stage(step.stage).name}：{step.title}"

    def fallback(self, state: Progress, silent: str | None = None) -> Reply:
        """An honest 'I cannot answer this'; `silent` says what the guide does not cover."""
        head = (
            f"{silent}\n这个问题请问老师："
            if silent
            else "抱歉，这个问题我还答不上来。\n"
            "我能回答网上申请焊工证的问题：准备材料、一网通办申请、补正、下载决定书。"
            "您可以换个说法再问，或者"
        )
        return Reply(
            head + "点「找老师」，老师会看到您的问题。",
            state,
            answered=False,
            silent=silent is not None,
            quick_replies=(HANDOFF, *self.stage_menu(state.stage)[:2]),
        )


def _gist(entry: Entry | None) -> str:
    """The option's answer in a line under its title: a welder sees which one is theirs, and
    often the fact itself."""
    return f"\n   {entry.gist}" if entry and entry.gist else ""
