"""Where a welder goes: the reply to progress recorded (a stage reached, a step done, papers
ready) and to moving along the steps ("下一步", "上一步", "然后呢"). Pure; no I/O."""

from __future__ import annotations

import dataclasses

from . import events, reports
from . import progress as pg
from .answering import Answers
from .commands import HANDOFF, NEXT, STATUS
from .entries import Entry
from .knowledge import KnowledgeBase
from .replies import Reply
from .store import Progress


class Moves:
    def __init__(self, kb: KnowledgeBase, answers: Answers) -> None:
        self.kb = kb
        self.answers = answers
        self.first_stage = kb.stages[0].id

    def statement(
        self,
        state: Progress,
        stage: str | None,
        done: pg.Step | None,
        items: set[str],
        finished: bool = True,
        missing: bool = False,
        denied: bool = False,
        shown: Entry | None = None,
        clicked: bool = False,
    ) -> Reply | None:
        """The reply to a statement of progress; `done` is the step reported done, or the
        one the welder is in the middle of if not `finished`; `missing` if the message says
        an item of the checklist is not ready, `denied` if it says something is not done
        yet; `shown`, what to do next within that step; `clicked` if it says the button
        that ends the step was clicked."""
        if done is not None and done.stage == self.first_stage:
            # The checklist speaks for the preparation: a step of it done ("装好了" after the
            # app's answer) readies its items, and the pointer moves past the step.
            step = pg.furthest(self.kb, pg.position(self.kb, state), done.id)
            state = dataclasses.replace(state, step=step)
            done = None
        if stage is None and not items and done is None:
            return None
        if done is not None:
            stage = done.stage
        everything = pg.all_items(self.kb)
        checklist = state.checklist | items | (everything if stage == "submission" else set())
        steps = self.kb.stage(stage or state.stage).steps
        first, later = steps[0], []
        if done is not None:
            # "四个文件都传好了": the step after the one reported, or that one if it is the last.
            after_done = pg.next_step(self.kb, done.id, done.stage) if finished else done
            # The application's last step done ("点完了，跳到查询页面了"): it was handed in.
            into = (done.stage, "review") if done.stage == "submission" else (done.stage,)
            first = after_done if after_done and after_done.stage in into else done
            stage = first.stage
        elif stage == state.stage in reports.STEPPED and (
            here := self.kb.step(pg.position(self.kb, state))
        ):
            # "都好了" at the seventh step of the application: news of the stage the welder
            # is in moves no pointer back to its first step.
            first = here
        elif stage is None and state.stage == "correction":
            # "体检的word重新做好了": the correction's papers are ready; next, hand them in.
            stage, first = state.stage, steps[-1]
        elif stage is None:
            ready = pg.to_start(self.kb)
            if state.stage != self.first_stage or not ready <= checklist or missing:
                return self.checklist_reply(
                    dataclasses.replace(state, checklist=checklist), missing or denied
                )
            stage = "submission"
            first = self.kb.stage(stage).steps[0]
            if ready <= state.checklist:
                # Back from the login to install the app ("装好了"), the papers ready before:
                # where it is needed goes on.
                first = pg.resumed(self.kb, items) or first
            later = [i.name for i in self.kb.checklist if i.id not in checklist]
        after = dataclasses.replace(state, stage=stage, step=first.id, checklist=checklist)
        if stage == state.stage:
            head = f"好的，您还在「{self.kb.stage(stage).name}」这一步。"
        elif events.goes_back(state.stage, stage):
            head = f"好的，改过来了：您现在在「{self.kb.stage(stage).name}」这一步。"
        else:
            head = f"好的，记下了：您现在到「{self.kb.stage(stage).name}」这一步了。"
        if later:
            head += f"\n还差：{'、'.join(later)}，后面会用到。"
        if done is not None and first is not done and done.button and not clicked:
            head += f"\n记得点“{done.button}”。"  # "都填好了": the button that ends the step
        return self.what_next(head, after, shown or self.kb.main_entry(first))

    def what_next(self, head: str, state: Progress, entry: Entry) -> Reply:
        """A line on what was recorded, then the answer to do next, which the welder is at."""
        return Reply(
            f"{head}\n接下来：{entry.reply}",
            dataclasses.replace(state, last_entry=entry.id),
            quick_replies=(NEXT, *self.answers.related(entry)[:2], STATUS),
            answer_id=entry.id,
            confidence=1.0,
        )

    def checklist_reply(self, state: Progress, named: bool) -> Reply:
        """What is ready and what is left; while preparing, if the welder `named` something
        not ready yet ("学历证明还没弄"), how to do the first thing left, the step pointer at
        it."""
        step = pg.checklist_pointer(self.kb, state.checklist, pg.position(self.kb, state))
        state = dataclasses.replace(state, step=step)
        left = [item.name for item in self.kb.checklist if item.id not in state.checklist]
        done = [item.name for item in self.kb.checklist if item.id in state.checklist]
        text = f"好的，记下了：{'、'.join(done)}已经准备好。"
        if left:
            text += f"\n还差：{'、'.join(left)}。"
        step = pg.next_step(self.kb, state.step, state.stage)
        if (
            not named
            or state.stage != self.first_stage
            or step is None
            or step.stage != state.stage
        ):
            menu = self.answers.stage_menu(state.stage)[:2]
            return Reply(text, state, quick_replies=(STATUS, *menu))
        at = dataclasses.replace(state, step=step.id)
        return self.what_next(text, at, self.kb.main_entry(step))

    def this_step(self, state: Progress, step: pg.Step, head: str, confidence: float) -> Reply:
        """The answer of the step the welder is at, after a line about where they are."""
        reply = self.answers.answer(state, self.kb.main_entry(step), confidence)
        return dataclasses.replace(reply, text=f"{head}\n{reply.text}")

    def next_part(self, state: Progress, boxes: bool = False) -> Reply:
        """ "然后呢" after which form to hand in: filling it in, the next part of the step
        the last answer is part of; with `boxes`, else the next box of its figure ("单位不对"
        then "然后呢": the address's house number); else the next step."""
        if part := self._next_part(state, boxes):
            return self.answers.answer(state, part, 1.0)
        return self.next_step(state)

    def _next_part(self, state: Progress, boxes: bool) -> Entry | None:
        """The next part (or box) of the welder's step after the last answer's, if that
        answer is one of them but the last; not after the step's main answer, which tells
        it all, unless it is the step's first part on its own (an overview of the stage)."""
        last = self.kb.entry(state.last_entry)
        step = self.kb.step(state.step)
        if last is None or step is None or last.step != step.id:
            return None
        if last.id == step.entry and step.parts[:1] != ((step.entry,),):
            return None
        return self.kb.part_after(last, parts=True) or (self.kb.part_after(last) if boxes else None)

    def next_step(self, state: Progress) -> Reply:
        reply = self._step_reply(
            state, pg.next_step(self.kb, state.step, state.stage), "已经是最后一步了"
        )
        here = self.kb.step(state.step)
        if here and here.button and reply.answer_id:
            # "然后呢" in the middle of a step: the step in a line, ending with its button,
            # then the next step.
            gist = self.kb.main_entry(here).gist
            said = f"「{here.title}」：{gist}，最后要点" if gist else f"「{here.title}」最后要点"
            return dataclasses.replace(reply, text=f"{said}“{here.button}”。\n{reply.text}")
        return reply

    def previous_step(self, state: Progress) -> Reply:
        step = pg.previous_step(self.kb, state.step, state.stage)
        # Asking for an earlier step is the one way the step pointer goes back.
        back = dataclasses.replace(state, step=None) if step else state
        return self._step_reply(back, step, "这已经是第一步了")

    def _step_reply(self, state: Progress, step: pg.Step | None, at_end: str) -> Reply:
        if step is None:
            return Reply(
                f"{at_end}。材料寄给老师后，就等老师统一办理制证。",
                state,
                quick_replies=(STATUS, HANDOFF),
            )
        reply = self.answers.answer(state, self.kb.main_entry(step), 1.0)
        when = f"{step.when}\n" if step.when else ""
        return dataclasses.replace(reply, text=f"【{step.title}】\n{when}{reply.text}")
