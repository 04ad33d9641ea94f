"""The conversation engine: (progress, text) -> reply and new progress. Pure; no I/O."""

from __future__ import annotations

import dataclasses
import re

from . import boxes, commands, remedies, repairs
from . import progress as pg
from .answering import Answers
from .commands import HANDOFF, NEXT, STATUS
from .knowledge import STAGE_IDS, KnowledgeBase
from .matcher import Matcher
from .moves import Moves
from .names import name_statement
from .replies import Reply
from .statements import Statements
from .store import Progress

# What a welder says of where they are, one report for each stage, in their order.
WHERE = ("材料还没备齐", "在网上申请中", "网上已提交", "收到了补正通知", "审批已通过", "已寄给老师")

# What a bare report of downloading or printing may mean, one report of each to tap (a new
# welder's "下完了，然后": the app, a correction notice or the decision).
WHICH_DONE = {
    "下": ("装好了随申办APP", "下载了补正告知书", "下载了决定书"),
    "pdf": ("下载了补正告知书", "下载了决定书"),
    "打": ("打印了报名表", "打印了决定书"),
}
_BARE_DONE = re.compile(
    r"^(那个|这个|搿个)?(我|(?P<all>都)|已经|也|刚|刚刚)*(?P<pdf>pdf)?(?P<verb>打开|下|打|弄|搞定?|做|整)(载|印)?"
    r"(好|完|出来|下来)?了"
    r"(个|一个)?(?P<pdf2>pdf)?，?"
)

# How much of a message is read: the longest welders' questions are about a hundred
# characters.
READ_CHARS = 120

__all__ = ["HANDOFF", "NEXT", "STATUS", "Engine", "Reply"]


class Engine:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        self.answers = Answers(kb, self.matcher)
        self.moves = Moves(kb, self.answers)
        self.statements = Statements(kb, self.matcher, self.answers, self.moves)
        self.first_stage = kb.stages[0].id

    # -- texts ------------------------------------------------------------------------

    def stage_name(self, stage: str) -> str:
        return self.kb.stage(stage).name

    def stage_menu(self, stage: str) -> tuple[str, ...]:
        return self.answers.stage_menu(stage)

    def stage_strip(self, stage: str) -> str:
        """The six stages on one line: done ones ticked, the current one marked."""
        at = STAGE_IDS.index(stage)
        marks = ("✔" if i < at else "●" if i == at else "○" for i in range(len(STAGE_IDS)))
        return " → ".join(f"{m}{s.name}" for m, s in zip(marks, self.kb.stages, strict=True))

    def welcome(self, stage: str) -> Reply:
        text = (
            "您好！我是焊工证网上申请小助手。\n"
            "准备材料、一网通办网上申请、补正、下载决定书，哪一步不会都可以问我，"
            "直接打字就行。我答不上来的，会帮您找老师。"
        )
        return Reply(text, Progress(stage), quick_replies=(*self.stage_menu(stage)[:3], STATUS))

    # -- the turn ---------------------------------------------------------------------

    def reply(self, state: Progress, text: str) -> Reply:
        reply = self._reply(state, text)
        return dataclasses.replace(reply, progress=pg.settled(self.kb, state, reply.progress))

    def _reply(self, state: Progress, text: str) -> Reply:
        # What follows READ_CHARS is not read, which bounds the work of a crafted message;
        # nor is a word that only takes in the last reply ("行吧 点了").
        text = commands.ACKNOWLEDGED.sub("", text[:READ_CHARS])
        clean = self.matcher.normalize.light(text)
        state = dataclasses.replace(state, known=True)
        if state.confirm_reset:
            state = dataclasses.replace(state, confirm_reset=False)
            if commands.YES.match(clean):
                fresh = Progress(self.first_stage)
                return dataclasses.replace(
                    self.welcome(self.first_stage),
                    text="好的，已经重新开始，之前的进度清空了。\n有什么问题直接问我。",
                    progress=fresh,
                )
        # "没看懂" asks for the last reply again; after a reply, "说简单点" around a question
        # is dropped. With nothing said before, "看不懂" is part of what is asked.
        if repairs.lost(text):
            return self._again(state)
        if state.last_entry or state.choices:
            text = repairs.asked(text)
            clean = self.matcher.normalize.light(text)
        if state.choices:
            if m := commands.CHOICE.match(clean):
                pick = commands.number(m.group(2))
                if pick <= len(state.choices) and (entry := self.kb.entry(state.choices[pick - 1])):
                    if state.choices == boxes.figure(self.kb, entry.step):
                        return self.answers.box(state, entry, state.choices)
                    return self.answers.answer(state, entry, confidence=1.0)
            if picked := self.answers.pick(state, clean):
                return picked
        state = dataclasses.replace(state, choices=())
        name = commands.reaction(text) or commands.command(clean)
        if name in ("next", "previous") and self._fresh(state):
            # "下一步" from a welder the bot knows nothing of: where they are decides it.
            return self._where(state)
        if self._fresh(state) and (which := _bare_done(clean)) is not None:
            # A bare download or print: which thing, asked back; any other bare doing: where
            # the welder is.
            return self._which_done(state, which) if which else self._where(state)
        if name == "left":
            # "还差啥": while preparing, the checklist shows what is left; later, what the
            # welder's step asks for is the answer.
            name = "status" if state.stage == self.first_stage else None
        if name == "next":
            # "然后呢" after a box of a step's figure is its next box; "下一步", the next step.
            return self.moves.next_part(state, boxes="下一步" not in clean)
        if name:
            return getattr(self, "_cmd_" + name)(state)
        name = name_statement(text)
        if name and not self.matcher.normalize.is_typo(name):  # "我是曾项": 增项, not a name
            return self._introduced(state, text, name)
        return remedies.remedied(self.kb, self.statements.understand(state, text), text)

    def _introduced(self, state: Progress, text: str, name: str) -> Reply:
        noted = f"好的，{name}，记住您的名字了，老师也能看到。"
        rest = text.split(name, 1)[1].lstrip("，,。.!！ ")
        answer = self.statements.understand(state, rest) if rest else None
        if answer and (answer.answer_id or answer.progress.stage != state.stage):
            return dataclasses.replace(answer, text=f"{noted}\n{answer.text}", name=name)
        return Reply(
            f"{noted}\n有什么问题直接问我。",
            state,
            quick_replies=self.stage_menu(state.stage)[:3],
            name=name,
        )

    def _which_done(self, state: Progress, choices: tuple[str, ...]) -> Reply:
        """Which thing a bare report is of, asked back; under each, what comes next once
        it is done (each choice read as said, a fixed handful of short texts)."""
        lines = []
        for i, choice in enumerate(choices, start=1):
            after = self.kb.entry(self.statements.understand(state, choice).answer_id)
            lines.append(
                f"{i}. {choice}" + (f"\n   接下来：{after.gist}" if after and after.gist else "")
            )
        return Reply(
            "您是哪个弄好了？\n" + "\n".join(lines) + "\n点一下对应的，我接着往下说。",
            state,
            quick_replies=choices,
            confidence=0.5,
        )

    def _fresh(self, state: Progress) -> bool:
        """Nothing is known of the welder: no step, no answer, no paper ready."""
        said = state.step or state.last_entry or state.checklist
        return state.stage == self.first_stage and not said

    def _where(self, state: Progress) -> Reply:
        """Where the welder is, asked back: one report of each stage to tap, which the next
        turn reads as what it says."""
        return Reply(
            "您现在办到哪一步了？点一下下面对应的，我接着往下说。",
            state,
            quick_replies=WHERE,
            confidence=0.5,
        )

    # -- commands ---------------------------------------------------------------------

    def _cmd_handoff(self, state: Progress) -> Reply:
        return Reply(
            "好的，已经通知老师了。老师看到后会在这里回复您，请留意消息。\n"
            "您可以先把遇到的问题写清楚发过来，老师能更快帮您。",
            state,
            quick_replies=(STATUS,),
            handoff=True,
        )

    def _cmd_called(self, state: Progress) -> Reply:
        return Reply(
            "在的，我是小助手。您想问什么，直接打字就行。\n要老师亲自回复的话，点「找老师」。",
            state,
            quick_replies=(HANDOFF, *self.stage_menu(state.stage)[:2], STATUS),
        )

    def _cmd_status(self, state: Progress) -> Reply:
        lines = [
            f"您现在在「{self.stage_name(state.stage)}」阶段。",
            self.stage_strip(state.stage),
        ]
        if state.stage == self.first_stage:
            marks = [
                f"{'✔' if item.id in state.checklist else '○'} {item.name}"
                for item in self.kb.checklist
            ]
            lines.append("材料清单：\n" + "\n".join(marks))
        step = pg.next_step(self.kb, state.step, state.stage)
        if step:
            lines.append(f"下一步：{step.title}（指南{step.source}）")
        return Reply(
            "\n".join(lines), state, quick_replies=(NEXT, *self.stage_menu(state.stage)[:2])
        )

    def _cmd_previous(self, state: Progress) -> Reply:
        return self.moves.previous_step(state)

    def _cmd_restart(self, state: Progress) -> Reply:
        return Reply(
            "确定要重新开始吗？之前记下的进度会清空。\n回复「是」确认，回复别的就不清空。",
            dataclasses.replace(state, confirm_reset=True),
            quick_replies=("是", "不用了"),
        )

    def _cmd_menu(self, state: Progress) -> Reply:
        return Reply(
            f"您现在在「{self.stage_name(state.stage)}」阶段，常见问题点下面的按钮，"
            "或者直接打字问我。",
            state,
            quick_replies=(*self.stage_menu(state.stage), STATUS),
        )

    def _cmd_greeting(self, state: Progress) -> Reply:
        return dataclasses.replace(self.welcome(state.stage), progress=state)

    def _cmd_thanks(self, state: Progress) -> Reply:
        return Reply(
            "不客气！还有不清楚的随时问我。",
            state,
            quick_replies=(NEXT, STATUS),
        )

    def _again(self, state: Progress) -> Reply:
        """The last reply again: a menu's options, or the last answer, named, its gist first
        (after a fallback or a progress reply, that answer is still the last one)."""
        if state.choices:
            titles = [e.title for e in map(self.kb.entry, state.choices) if e]
            lines = "\n".join(f"{i}. {t}" for i, t in enumerate(titles, start=1))
            return Reply(
                f"没关系，您看哪一条是您要问的：\n{lines}\n"
                "回复数字或点下面的按钮就行。都不是的话，点「找老师」。",
                state,
                quick_replies=(*titles, HANDOFF),
                confidence=0.5,
            )
        entry = self.kb.entry(state.last_entry)
        if entry is None:
            return self._cmd_unhelpful(state)
        answer = self.answers.answer(state, entry, confidence=0.9)
        return dataclasses.replace(
            answer,
            text=f"没关系，我把「{entry.title}」再说一遍。\n简单说：{entry.gist}。\n"
            f"详细的：\n{answer.text}\n还不明白的话，点「找老师」，老师来帮您。",
            quick_replies=(HANDOFF, *answer.quick_replies[:2]),
        )

    def _cmd_unhelpful(self, state: Progress) -> Reply:
        return Reply(
            "抱歉，没帮上忙。您可以换个说法再问一次，或者点「找老师」，老师会看到您的问题。",
            state,
            quick_replies=(HANDOFF, *self.stage_menu(state.stage)[:2]),
        )


def _bare_done(clean: str) -> tuple[str, ...] | None:
    """What a bare report may be of, when that is all the message says besides asking what
    comes next: of downloading or printing, the things that are; of any other doing, which
    says nothing of what, none; not a bare report, None."""
    m = _BARE_DONE.match(clean)
    rest = clean[m.end() :] if m else ""
    if m is None or (rest and not commands.COMMANDS["next"].match(rest)):
        return None
    if m["verb"] not in WHICH_DONE and m["all"]:
        return None  # "都弄好了": everything is ready, which says where they are
    if m["verb"] == "打开" and not (m["pdf"] or m["pdf2"]):
        return None  # "打开了": opened, which says nothing of what was done
    return WHICH_DONE.get("pdf" if m["pdf"] or m["pdf2"] else m["verb"], ())
