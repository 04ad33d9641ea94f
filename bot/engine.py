"""The conversation engine: (progress, text) -> reply and new progress. Pure; no I/O."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from . import progress as pg
from .knowledge import Entry, KnowledgeBase
from .matcher import Decision, Matcher
from .names import name_statement
from .store import Progress

HANDOFF = "找老师"
NEXT = "下一步"
STATUS = "我的进度"
MAX_QUICK = 4

_END = r"[?？。！!,，~～…\.]*$"
_COMMANDS = {
    "handoff": re.compile(
        r"^(我要|我想|请|帮我|麻烦)?(找|联系|问|转|叫)?(老师|人工|真人|客服|陈老师)(帮忙|帮我|来)?"
        r"(吧|呢|啊)?" + _END
    ),
    "status": re.compile(
        r"^(我的|查看?|看看?)?(进度|状态)(呢|怎么样|如何)?"
        + _END
        + r"|^我(现在)?(到|在|做到|走到)(了)?哪(一|个)?(步|里|儿)?(了)?(呢)?"
        + _END
    ),
    "next": re.compile(
        r"^(那|好的?|嗯|ok|然后)?(下一步|然后|接下来|接着|再然后|之后)(呢|了|啊)?"
        r"(该|要|我)?(做什么|干什么|干啥|做啥|怎么办|怎么做|怎么弄|是什么|是啥|呢|干嘛)?" + _END
    ),
    "previous": re.compile(r"^(回到|返回)?上一步(是什么|呢)?" + _END),
    "restart": re.compile(r"^(重新开始|从头开始|重来|清空进度)" + _END),
    "menu": re.compile(r"^(菜单|帮助|help|功能|目录|你能做什么|你会什么|能问什么)" + _END),
    "greeting": re.compile(
        r"^(你好|您好|哈喽|hello|hi|嗨|在吗|在不在|有人吗|老师好|早上好|下午好|晚上好)+(啊|呀)?"
        + _END
    ),
    "thanks": re.compile(
        r"^(好的?|谢谢(老师|你|您)?|多谢|知道了|明白了|懂了|收到|ok|好嘞|行|嗯+)+(啊|呀|哈)?" + _END
    ),
}
_YES = re.compile(r"^(是|是的|对|确定|确认|好|好的|重新开始|嗯)" + _END)
_CHOICE = re.compile(r"^(第)?([1-3一二三])(个|条|项)?" + _END)
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3}
# Words that carry no topic: a message made only of these leans on the conversation so far.
_ELLIPTIC = re.compile(
    r"^[那这个么怎咋弄办做搞在哪里儿现要然后呢没出来了啥样去找到该还是吗呀啊我的就又]+$"
)


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


class Engine:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        self.first_stage = kb.stages[0].id

    # -- texts ------------------------------------------------------------------------

    def stage_name(self, stage: str) -> str:
        return self.kb.stage(stage).name

    def stage_menu(self, stage: str) -> tuple[str, ...]:
        """One question per step of the stage, then the way to a teacher."""
        titles = [self.kb.main_entry(step).title for step in self.kb.stage(stage).steps]
        return (*titles[: MAX_QUICK - 1], HANDOFF)

    def welcome(self, stage: str) -> Reply:
        text = (
            "您好！我是焊工证网上申请小助手。\n"
            "准备材料、一网通办网上申请、补正、下载决定书，哪一步不会都可以问我，"
            "直接打字就行。我答不上来的，会帮您找老师。"
        )
        return Reply(text, Progress(stage), quick_replies=(*self.stage_menu(stage)[:3], STATUS))

    # -- the turn ---------------------------------------------------------------------

    def reply(self, state: Progress, text: str) -> Reply:
        clean = self.matcher.normalize.light(text)
        state = dataclasses.replace(state, known=True)
        if state.confirm_reset:
            state = dataclasses.replace(state, confirm_reset=False)
            if _YES.match(clean):
                fresh = Progress(self.first_stage)
                return dataclasses.replace(
                    self.welcome(self.first_stage),
                    text="好的，已经重新开始，之前的进度清空了。\n有什么问题直接问我。",
                    progress=fresh,
                )
        if state.choices and (m := _CHOICE.match(clean)):
            pick = _CHINESE_DIGITS.get(m.group(2)) or int(m.group(2))
            if pick <= len(state.choices) and (entry := self.kb.entry(state.choices[pick - 1])):
                return self._answer(state, entry, confidence=1.0)
        state = dataclasses.replace(state, choices=())
        for name, pattern in _COMMANDS.items():
            if pattern.match(clean):
                return getattr(self, "_cmd_" + name)(state)
        if name := name_statement(text):
            noted = f"好的，{name}，记住您的名字了，老师也能看到。"
            rest = text.split(name, 1)[1].lstrip("，,。.!！ ")
            answer = self._question(state, rest) if rest else None
            if answer and answer.answer_id:
                return dataclasses.replace(answer, text=f"{noted}\n{answer.text}", name=name)
            return Reply(
                f"{noted}\n有什么问题直接问我。",
                state,
                quick_replies=self.stage_menu(state.stage)[:3],
                name=name,
            )
        # The statement is the first clause or clauses that say one, else the whole message.
        moved, rest = None, ""
        for head, tail in pg.statement_cuts(self.matcher.normalize.light(text, breaks=True)):
            if moved := self._statement(state, head):
                rest = tail
                break
        else:
            moved = self._statement(state, clean)
        if rest and _COMMANDS["next"].match(rest):
            if moved and moved.progress.stage != state.stage:
                return moved  # a new stage already says what comes first
            # "随申办装好了，然后呢": note what was said, then the next step.
            follow = self._cmd_next(moved.progress if moved else state)
        elif moved is None:
            return self._question(state, text)
        elif rest and not self._elliptic(rest):
            # "我提交了，要等多久": record the move, then answer the question.
            follow = self._question(moved.progress, rest)
            if not follow.answer_id:
                return moved
        else:
            return moved
        if moved is None:
            return follow
        return dataclasses.replace(follow, text=f"{moved.text.splitlines()[0]}\n{follow.text}")

    def _statement(self, state: Progress, clean: str) -> Reply | None:
        stage = pg.stage_statement(clean)
        items = pg.checklist_done(self.kb, clean)
        if stage is None and not items:
            return None
        if stage == "submission" and state.stage != self.first_stage:
            # "补正材料准备好了" is not a step back to the first application.
            return None
        everything = pg.all_items(self.kb)
        checklist = state.checklist | items | (everything if stage == "submission" else set())
        if stage is None:
            if state.stage != self.first_stage or checklist < everything:
                return self._checklist_reply(dataclasses.replace(state, checklist=checklist))
            stage = "submission"
        first = self.kb.stage(stage).steps[0]
        after = dataclasses.replace(state, stage=stage, step=first.id, checklist=checklist)
        head = (
            f"好的，记下了：您现在到「{self.stage_name(stage)}」这一步了。"
            if stage != state.stage
            else f"好的，您还在「{self.stage_name(stage)}」这一步。"
        )
        entry = self.kb.main_entry(first)
        return Reply(
            f"{head}\n接下来：{entry.reply}",
            dataclasses.replace(after, last_entry=entry.id),
            quick_replies=(NEXT, *self._related(entry)[:2], STATUS),
            answer_id=entry.id,
            confidence=1.0,
        )

    def _checklist_reply(self, state: Progress) -> Reply:
        left = [item.name for item in self.kb.checklist if item.id not in state.checklist]
        done = [item.name for item in self.kb.checklist if item.id in state.checklist]
        text = f"好的，记下了：{'、'.join(done)}已经准备好。"
        if left:
            text += f"\n还差：{'、'.join(left)}。"
        return Reply(text, state, quick_replies=(STATUS, *self.stage_menu(state.stage)[:2]))

    def _elliptic(self, text: str) -> bool:
        return bool(_ELLIPTIC.match(self.matcher.normalize(text) or "x"))

    def _question(self, state: Progress, text: str) -> Reply:
        context = self.kb.entry(state.last_entry)
        # Every new welder starts in the first stage: only a later stage says where they are.
        stage = state.stage if state.stage != self.first_stage else None
        decision = self.matcher.decide(text, stage, context)
        elliptic = self._elliptic(text)
        if context and decision.tier != "answer" and (elliptic or decision.tier == "clarify"):
            # "那怎么弄" / "在哪": read the message together with the last answer. A message
            # with words of its own must itself point at what that reading finds.
            again = self.matcher.decide(f"{context.title}{text}", stage, context)
            offered = {s.entry.id for s in decision.ranked}
            if again.tier == "answer" and (elliptic or again.best.entry.id in offered):
                decision = again
            elif elliptic:
                return self._answer(state, context, confidence=0.5)
        if decision.tier == "answer":
            best = decision.best
            return self._answer(state, best.entry, best.score)
        if decision.tier == "clarify":
            return self._clarify(state, decision)
        return self._fallback(state)

    def _answer(self, state: Progress, entry: Entry, confidence: float) -> Reply:
        after = dataclasses.replace(state, step=entry.step, last_entry=entry.id, choices=())
        return Reply(
            entry.reply,
            after,
            quick_replies=(*self._related(entry)[: MAX_QUICK - 1], NEXT),
            answer_id=entry.id,
            confidence=round(confidence, 3),
        )

    def _related(self, entry: Entry) -> tuple[str, ...]:
        related = (self.kb.entry(r) for r in entry.related)
        return tuple(r.title for r in related if r)

    def _clarify(self, state: Progress, decision: Decision) -> Reply:
        options = decision.ranked[:3]
        lines = "\n".join(f"{i}. {s.entry.title}" for i, s in enumerate(options, start=1))
        after = dataclasses.replace(state, choices=tuple(s.entry.id for s in options))
        return Reply(
            f"您是想问：\n{lines}\n回复数字或点下面的按钮就行。都不是的话，可以换个说法或找老师。",
            after,
            quick_replies=(*(s.entry.title for s in options), HANDOFF),
            confidence=round(decision.best.score, 3),
        )

    def _fallback(self, state: Progress) -> Reply:
        return Reply(
            "抱歉，这个问题我还答不上来。\n"
            "我能回答网上申请焊工证的问题：准备材料、一网通办申请、补正、下载决定书。"
            "您可以换个说法再问，或者点「找老师」，老师会看到您的问题。",
            state,
            answered=False,
            quick_replies=(HANDOFF, *self.stage_menu(state.stage)[:2]),
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

    def _cmd_status(self, state: Progress) -> Reply:
        lines = [f"您现在在「{self.stage_name(state.stage)}」阶段。"]
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

    def _cmd_next(self, state: Progress) -> Reply:
        return self._step_reply(
            state, pg.next_step(self.kb, state.step, state.stage), "已经是最后一步了"
        )

    def _cmd_previous(self, state: Progress) -> Reply:
        return self._step_reply(
            state, pg.previous_step(self.kb, state.step, state.stage), "这已经是第一步了"
        )

    def _step_reply(self, state: Progress, step: pg.Step | None, at_end: str) -> Reply:
        if step is None:
            return Reply(
                f"{at_end}。材料寄给老师后，就等老师统一办理制证。",
                state,
                quick_replies=(STATUS, HANDOFF),
            )
        reply = self._answer(state, self.kb.main_entry(step), 1.0)
        return dataclasses.replace(reply, text=f"【{step.title}】\n{reply.text}")

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
