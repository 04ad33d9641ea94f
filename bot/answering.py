"""A welder's question -> an answer, a clarifying question or an honest fallback. Pure.

Reads the question with what the conversation already says: the stage, the last answer
(bot/followups.py: "那在哪下载", "学历呢"), a step named by number ("第5步选啥"), and what
comes after a step ("打印好以后呢"). Two questions in one message get two answers.
"""

from __future__ import annotations

import dataclasses
import re

from . import boxes, changes, clauses, commands, events, remedies, reports, step_words
from . import progress as pg
from .commands import HANDOFF
from .entries import Entry
from .followups import FollowUps
from .knowledge import KnowledgeBase
from .matcher import Matcher
from .replies import MAX_TWO_ANSWERS, Replies, Reply
from .store import Progress
from .terms import Terms
from .tiers import Decision

# "打印好以后呢": what comes after a step.
_AFTER = re.compile(
    r"^(.{1,10}?)(了|好|完)?(以后|之后)(又|还|我)*(要|该|得)?(我)?(去)?(哪里|哪儿|哪)?"
    r"(呢|怎么办|干嘛|干啥|做什么|做啥|咋办|弄啥|干什么|做些什么|搞|弄|办)?$"
)
_NOT_YET = re.compile(r"(还没有|还没|没有|还未)(?=装|准备|弄|做|办|下载|注册|认证|填|拍|打印|建)")
_LATER = re.compile(r"以后|之后|后")
# A clause that says no more than when: "点开材料补正以后".
_WHEN_ONLY = re.compile(r"(以后|之后)$")
# "那我弄完这个": pointers and the welder, no words of what was done.
_POINTERS = re.compile(r"这个|那个|这些|那些|^那|^这|我")
# How sure "进去了以后呢" is of the step after the last answer's, when it names no step itself.
_AFTER_LAST = 0.8
# An entry on what comes after something ("报名表打印后做什么？").
WHAT_AFTER = re.compile(r"后(做|还要|呢)")
# "第5步": the submission steps of the guide's second part are numbered 1 to 9.
_STEP_NUMBER = re.compile(rf"第\s*({commands.DIGIT})\s*步")
# An entry of the step the welder names wins unless another leads it by this much.
STEP_LEAD = 0.2
# Where one question ends and a second begins.
_SECOND = re.compile(
    r"[?？]+|[,，;；。\s]*(?:还有|另外|顺便问一?下|再问一?下|以及)[,，]?|[,，;；。]"
)
# Two things asked the same way: "学历跟职称咋选", "户籍地址和手机号分别填啥"; 搭 is
# Shanghainese for 和.
_PAIR = re.compile(
    r"^(?P<one>[^跟和与搭]{2,8}?)(跟|和|与|搭|还有)(?P<two>[^跟和与搭]{2,8}?)(都|分别|各)?"
    r"(?P<ask>(应该|要)?(怎么|咋|如何)?(填|选|写)(啥|什么|哪个)?|有(啥|什么)要求|呢)$"
)
# "新办要自己输吗 增项呢": after a question, a bare thing with 呢 asks the same of it.
_SAME_OF = re.compile(r"^(那|还有)?[^了在着没不]{1,10}呢$")
_PIECES = re.compile(r"[,，;；。!！?？\s]+")
# A message this long around a question is read by its question.
_LONG = 16
# The story before a question is read for its topic this far back: at most this many
# clauses, of at most this many characters in all.
_STORY = 8
_STORY_CHARS = 120
# "先问问", "想打听一下": what follows is the question.
_PREFACE = re.compile(r"(问|打听|咨询)(问|一下|下)$")
_ALSO_ASKS = re.compile(r"谁|会不会|要不要|能不能|行不行|可以吗|对吗|(填|写|选)几$")
# After a menu, "寄给老师那个" picks the option it describes: a few words, then a pointer.
_PICKS = re.compile(r"^(.{1,8}?)(的?那个|的?这个|的?那种|的?那张|的?那一?个|的)(吧|啊|呀)?$")


def _asks(text: str) -> bool:
    return clauses.is_question(text) or bool(_ALSO_ASKS.search(text))


def _pieces(light: str) -> list[str]:
    """A message's clauses, cut also at every comma and space."""
    return [p for c in clauses.clauses(light) for p in _PIECES.split(c) if p]


def _told_then_now(light: str) -> bool:
    """What someone told the welder to do, followed by what to do now, asked in the last clause
    only ("单位叫我自己在网上报 要弄啥子")."""
    pieces = _pieces(light)
    story = pieces[:-1]
    return (
        bool(story)
        and bool(commands.NOW.match(pieces[-1]))
        and any(map(events.TOLD_TO.search, story))
        and not any(map(_asks, story))
    )


class Answers(Replies):
    def __init__(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        super().__init__(kb)
        self.matcher = matcher
        self.followups = FollowUps(kb, matcher)
        self.terms = Terms(kb, matcher.normalize)
        self.first_stage = kb.stages[0].id

    def elliptic(self, text: str) -> bool:
        return self.followups.elliptic(text)

    # -- reading a question -----------------------------------------------------------

    def then_what(self, state: Progress, text: str) -> Reply | None:
        """ "点了“材料补正”以后呢": the lines of the answer that come next."""
        stage = state.stage if state.stage != self.kb.stages[0].id else None
        step = self.kb.step(state.step)
        main = self.kb.main_entry(step) if step else None
        found = self.followups.then_what(text, self.kb.entry(state.last_entry), stage, main)
        if found is None:
            return None
        entry, lines = found
        reply = self.answer(state, entry, confidence=1.0)
        return dataclasses.replace(reply, text=f"接下来：\n{lines}\n（指南{entry.source}）")

    def pick(self, state: Progress, light: str) -> Reply | None:
        """The option of the menu just offered that the message (lightly normalized)
        describes ("寄给老师那个"), if its words lead to that option clearly."""
        m = _PICKS.match(light)
        if m is None:
            return None
        t = self.kb.thresholds
        ranked = self.matcher.rank(m.group(1), state.stage)
        options = [s for s in ranked if s.entry.id in state.choices]
        if not options or not options[0].evidence or options[0].score < t.answer_at:
            return None
        if len(options) > 1 and options[0].score - options[1].score < t.close_gap:
            return None
        return self.answer(state, options[0].entry, options[0].score)

    def question(self, state: Progress, text: str, *, news: bool = False) -> Reply:
        """`news`: the message also said where the welder is, so their step is only just
        read from it, not where the conversation has been."""
        if not _asks(text) and not step_words.starting(text):
            # "随申办还没装" asks, in effect, how to do it: "随申办怎么装"; "啥都还没弄"
            # says where the welder is.
            text = _NOT_YET.sub("怎么", text)
        return self._two_questions(state, text, news) or self._one_question(state, text, news)

    def _one_question(self, state: Progress, text: str, news: bool = False) -> Reply:
        context = self.kb.entry(state.last_entry)
        clean = self.matcher.normalize(text)
        named = None
        if m := _STEP_NUMBER.search(clean):
            named = pg.numbered(self.kb, m.group(1))
        named = named or boxes.counted(self.kb, clean)  # "页面上有四个红框": step 5
        near = (named and named.id, state.step, context and context.step)
        if boxed := boxes.named(self.kb, clean, near):
            # "红框3": the box of the step talked about, or the same box of each step.
            return self._boxes(state, boxed)
        if named:
            # The step the welder names is the context, whatever was said before.
            return self._in_step(state, text, named)
        if term := self.terms.unknown(clean):
            # "坡口是啥意思": a word the guide never uses is not explained by its nearest entry.
            return self.fallback(state, f"指南里没有讲「{term}」是什么意思。")
        light = self.matcher.normalize.light(text)
        if found := changes.fault(self.kb, self.matcher, state.stage, light):
            # "告知书上讲单位地址不对": what the guide requires of it, then hand it in again.
            wrong, again = found
            reply = self.answer(state, wrong, confidence=0.9)
            return dataclasses.replace(reply, text=f"{wrong.reply}\n\n改好以后：\n{again.reply}")
        if change := changes.changing(self.kb, state.stage, light):
            # "手机号打错了，能改吗" after handing in: what the guide says of changing then.
            return self.answer(state, change, confidence=0.9)
        # Every new welder starts in the first stage: only a later stage says where they are,
        # or a welder who says they have not begun ("第一趟弄这个，要准备啥").
        starting = step_words.starting(light)
        if starting:
            stage = self.first_stage
        else:
            stage = state.stage if state.stage != self.first_stage else None
            # "补正的时候单位地址要重新填吗": a question set in the correction is asked there.
            stage = stage or events.during(light)
        context_step = self.kb.step(context.step) if context else None
        main = self.kb.main_entry(context_step) if context_step else None
        if commands.NOW.match(light) and (context is None or main == context):
            # "现在该咋弄" with no problem just answered.
            return self._now(state)
        if context and remedies.remedy_of(self.kb, context) and remedies.STILL_FAILING.match(light):
            # "换了还是不行": the rest of what the guide says to try; once it has all been
            # said, it again, with a teacher offered first.
            if remedy := remedies.after_trying(self.kb, context):
                return self.answer(state, remedy, confidence=0.8)
            again = self.answer(state, context, confidence=0.8)
            return dataclasses.replace(again, quick_replies=(HANDOFF, *again.quick_replies[:2]))
        decision = self.matcher.decide(text, stage, context)
        if decision.tier == "uncovered" and (asked := clauses.asked_part(text)) != text:
            # "体检在镇上医院做的 医生字写得看不清 能用吗": where it was done is told, not asked;
            # the rest may be what the guide answers.
            again = self.matcher.decide(asked, stage, context)
            decision = again if again.tier == "answer" else decision
        begin = decision.tier != "answer" and step_words.where_to_begin(light)
        if starting and (decision.tier in ("clarify", "fallback") or begin):
            # "啥都还没弄", "不晓得从哪里开始": where to begin, which is the first step's answer.
            return self.first_answer(state, stage, confidence=0.6)
        if (
            decision.tier != "answer"
            and context is None
            and _told_then_now(self.matcher.normalize.light(text, breaks=True))
        ):
            # "单位叫我自己在网上报 要弄啥子": told to do it, and no one topic named.
            return self._now(state)
        best = decision.best if decision.tier == "answer" else None
        elsewhere = best is not None and context is not None and best.entry.step != context.step
        if context and (lines := self.followups.lines(text, context, elsewhere)):
            # "体检呢" after the list of Word files: that line of the same answer.
            reply = self.answer(state, context, confidence=0.9)
            return dataclasses.replace(reply, text=f"{lines}\n（指南{context.source}）")
        if context:
            decision, lean = self.followups.read(
                decision, text, stage, context, state.step, news=news
            )
            if lean:
                return self.answer(state, context, confidence=0.5)
        after = self._after(state, clean, stage, decision)
        if after:
            return after
        if focused := self._focus(text, stage, context, decision):
            decision = focused
        return self._decided(state, decision)

    def _focus(
        self, text: str, stage: str | None, context: Entry | None, decision: Decision
    ) -> Decision | None:
        """A long message read by its question: the clause that asks, with the one before;
        or, when the whole message falls back, with the clauses before it that name a topic.
        An answer is read again by its question alone after words that say a question
        follows, when nothing before names a topic (a "先问问" before it), and kept unless
        the question alone is surer.

        "我在嘉定干了八年电焊，…我连那个手机软件都没装，请问要装哪个": the story around a
        question dilutes it. "昨晚在厂里弄申请，页面一直转圈，网管说是缓存，我也听不懂，有啥
        办法": the problem is told in the story, and the question only asks what to do.
        """
        light = self.matcher.normalize.light(text, breaks=True)
        # Voice input has no commas: its clauses are cut where it turns ("…我现在啥都不懂要先
        # 准备什么东西").
        pieces = _pieces(light)
        asking = [i for i, p in enumerate(pieces) if _asks(p)]
        if len(light) < _LONG or not asking or len(pieces) < 2:
            return None
        if len(pieces) == 2 and asking[-1] == 0:
            return None  # "有没有大小限制，最大几兆": what follows the question is part of it
        last = asking[-1]
        tier = decision.tier
        if tier == "answer":
            # Only after words that say a question follows, with nothing before naming a topic.
            if not last or not _PREFACE.search(pieces[last - 1]):
                return None
            if any(map(self.matcher.names_topic, pieces[:last])):
                return None
            alone = self.matcher.decide(pieces[last], stage, context)
            sure = alone.tier == "answer" and alone.best.score > decision.best.score
            return alone if sure else None
        readings = [pieces[last - 1 : last + 1], pieces[last : last + 1]] if last else [pieces[:1]]
        if tier == "fallback":
            # Only what names a topic, of the story's last clauses: "我也听不懂" says nothing.
            story = pieces[max(0, last - _STORY) : last]
            while len("".join(story)) > _STORY_CHARS:
                story = story[1:]
            topical = [p for p in story if self.matcher.names_topic(p)]
            readings += [[*topical, pieces[last]]] if topical else []
        for reading in readings:
            decision = self.matcher.decide("，".join(reading), stage, context)
            if decision.tier in ("answer", "uncovered"):
                return decision
        return None

    def first_answer(self, state: Progress, stage: str, confidence: float) -> Reply:
        """The main answer of the stage's first step, given where the welder is."""
        return self.answer(state, self.kb.main_entry(self.kb.stage(stage).steps[0]), confidence)

    def news_answer(self, state: Progress, event: str) -> Reply:
        """The first answer of the stage a piece of news puts the welder in, which says what
        comes with it and where to see it, given where the welder is."""
        return self.first_answer(state, events.stage_of(event), 0.8)

    def _in_step(self, state: Progress, text: str, step: pg.Step) -> Reply:
        rest = _STEP_NUMBER.sub("", self.matcher.normalize(text))
        main = self.kb.main_entry(step)
        if not rest or self.elliptic(rest):
            return self.answer(state, main, confidence=0.9)
        ranked = [s for s in self.matcher.rank(rest) if s.entry.covered]
        here = [s for s in ranked if s.entry.step == step.id]
        if here and here[0].score >= ranked[0].score - STEP_LEAD:
            return self.answer(state, here[0].entry, here[0].score)
        decision = self.matcher.decide(rest)
        sure = decision.best and decision.best.score >= self.kb.thresholds.sure_at
        decided = decision.tier == "uncovered" or (decision.tier == "answer" and sure)
        if step.stage == state.stage and not decided:
            # "这个先不管 第三步讲的啥": what else is said, unsure of itself, leaves the step named.
            # Not before applying ("才开始 第一步弄啥"): a number may be any first step then.
            return self.answer(state, main, confidence=0.9)
        return self._decided(state, decision)

    def _after(
        self, state: Progress, clean: str, stage: str | None, decision: Decision
    ) -> Reply | None:
        """'打印好以后呢': the main answer of the step after the one named.

        Unless the whole message is an entry of its own ("补正提交以后呢").
        """
        m = _AFTER.match(clean)
        if m is None:
            return None
        # "三样东西弄好以后呢": the step after the one that readies those items.
        if readied := pg.last_readied(self.kb, pg.checklist_done(self.kb, f"{m.group(1)}了")):
            done, confidence = readied, 0.9
        else:
            named = self.matcher.decide(m.group(1), stage)
            if named.tier == "answer":
                if decision.tier == "answer" and (
                    decision.best.entry.id != named.best.entry.id
                    or _LATER.search(decision.best.variant)
                    # "报名表打印出来以后干嘛": the guide says what follows, within its step.
                    or WHAT_AFTER.search(decision.best.entry.title)
                ):
                    return None
                done, confidence = named.best.entry.step, named.best.score
            elif (event := events.clause_event(f"{m.group(1)}了")) and event != "submission":
                # "批了以后要干啥": what the news brings is its stage's first step.
                return self.news_answer(state, event)
            elif (
                (last := self.kb.entry(state.last_entry))
                and last.step
                and (last.step == state.step or self._paper_at(last.step, state.stage))
                and (
                    decision.tier != "answer"
                    or (
                        reports.terse(_POINTERS.sub("", m.group(1)) + "了")
                        # Not another answer of its step, nor the last answer again
                        # unless it says what comes after ("打印后做什么").
                        and (
                            decision.best.entry.step != last.step
                            or (decision.best.entry == last and not WHAT_AFTER.search(last.title))
                        )
                    )
                )
            ):
                # "进去了以后呢" after the entrance, "这个搞完以后去哪" after the medical report
                # (the papers are readied side by side, whichever step the welder is at):
                # what was done is the last answer's step, unless the message is a question
                # of that step ("打出来以后呢" of the form).
                done, confidence = last.step, _AFTER_LAST
            else:
                return None
        step = pg.next_step(self.kb, done, state.stage)
        if step is None:
            return None
        return self.answer(state, self.kb.main_entry(step), confidence)

    def _now(self, state: Progress) -> Reply:
        """What to do now: the step the welder is at, or the first of their stage."""
        step = self.kb.step(state.step) or pg.next_step(self.kb, None, state.stage)
        return self.answer(state, self.kb.main_entry(step), confidence=0.8)

    def _paper_at(self, step_id: str, stage: str) -> bool:
        """Whether the step readies a paper of the checklist in the welder's stage."""
        step = self.kb.step(step_id)
        return bool(step and step.stage == stage and pg.readied_by(self.kb, step_id))

    def _two_questions(self, state: Progress, text: str, news: bool) -> Reply | None:
        light = self.matcher.normalize.light(text, breaks=True)
        pieces = [p for p in _SECOND.split(light) if p and self.matcher.normalize(p)]
        asked: list[str] = []
        for p in pieces:
            if _asks(p) or (asked and _SAME_OF.match(p)):
                asked.append(p)
        pair = len(asked) <= 1 and pieces and _PAIR.match((asked or pieces)[-1])
        if pair:
            # "学历跟职称咋选", "好 登上去了 电话和户籍地址呢": the same question of each.
            asked = [pair["one"] + pair["ask"], pair["two"] + pair["ask"]]
        if len(asked) != 2:
            return None
        at = pieces.index(asked[0]) if asked[0] in pieces else 0
        if (
            (when := _WHEN_ONLY.search(asked[0]))
            and asked[1] in pieces[at + 1 : at + 2]
            and not _asks(asked[0][: when.start()])
        ):
            # "点开材料补正以后，基本信息那页还用改吗": the first says when the second is asked.
            return None
        if at > 0 and pieces[at - 1] not in asked:
            # "考试项目那栏不会写，写错了咋办，找谁问": the first question is about what was
            # said before it.
            asked[0] = f"{pieces[at - 1]}，{asked[0]}"
        # The second question is read after the first ("提交了能改吗？要等几天").
        first = self._one_question(state, asked[0], news)
        second = self._one_question(first.progress, asked[1], news)
        if second.answer_id and not first.answer_id and not first.silent:
            # "学历填啥，技术职称填啥": the field beside 职称, not the education paper.
            first = self._one_question(
                dataclasses.replace(state, last_entry=second.answer_id), asked[0], news
            )
        # "要等几天" alone is asked back; after "提交了能改吗" the 提交 says which wait.
        cued = self.matcher.reader.senses.cued(self.matcher.normalize(light))[0]
        picked = [i for i in second.progress.choices if i in cued]
        if second.answer_id is None and len(picked) == 1 and (entry := self.kb.entry(picked[0])):
            second = self.answer(first.progress, entry, second.confidence or 0)
        text = f"{first.text}\n\n{second.text}"
        if len(text) > MAX_TWO_ANSWERS:
            return None
        known = [r for r in (first, second) if r.answer_id]
        if (
            first.silent
            and second.answer_id
            and (second.confidence or 0) < self.kb.thresholds.sure_at
        ):
            # "报名费咋交 微信能付吗": a loose second question goes with the silent first one.
            return first
        if len(known) == 1 and (first.silent or second.silent):
            # One the guide answers, one it is silent on: both said, and a teacher offered.
            return dataclasses.replace(
                known[0], text=text, quick_replies=(HANDOFF, *known[0].quick_replies)
            )
        if first.answer_id and first.answer_id == second.answer_id:
            # "新办要自己输吗 增项呢": one entry answers both; otherwise ("新办跟增项选哪个"
            # may ask which of the two) the whole message says what it asks.
            return first if not pair and _SAME_OF.match(asked[1]) else None
        if not (first.answer_id and second.answer_id):
            return None
        entry = self.kb.entry(second.answer_id)
        return dataclasses.replace(
            self.answer(state, entry, min(first.confidence or 0, second.confidence or 0)),
            text=text,
            progress=dataclasses.replace(
                second.progress,
                step=pg.furthest(self.kb, first.progress.step, second.progress.step),
            ),
        )
