"""A message read with the last answer: "那在哪下载" after the approval, "学历呢" after
"单位名称怎么填", "那怎么弄" after anything. Pure.
"""

from __future__ import annotations

import re

from . import clauses, commands
from . import progress as pg
from .entries import Entry
from .knowledge import KnowledgeBase
from .matcher import Matcher
from .tiers import MAX_OPTIONS, Decision, Scored

# Words that carry no topic: a message made only of these leans on the conversation so far.
_ELLIPTIC = re.compile(
    r"^[那这个么怎咋弄办做搞干嘛在哪里儿现要然后呢没出来了啥样去找到该还是吗呀啊我俺的就又它下查看填选写传点进位置装放拍存插]+$"
)
# A message that opens like this continues the last answer ("那在哪下载", "这个要盖章吗").
_FOLLOW_UP = re.compile(r"^(那|那么|那个|这个|这|它|然后|还有|还要|那要|那我)")
# "装这个干嘛用": a verb whose object is the last answer's thing.
_ITS_THING = re.compile(r"^(装|用|弄|填|传|拍|下|写|盖|签|寄|打印)(这个|那个|它)")
# "换哪个" after "请更换浏览器": which one of what the last answer says to change or use.
_WHICH_ONE = re.compile(
    r"^(?:那|那么|那我)?(换|改|用|选)(?:成|到)?(?:哪个|哪一个|哪种|哪样|啥|什么)(?:好|呢|啊|呀)?$"
)
# "几寸", "要多大的": a measure asked with no thing named, the last answer's thing.
_MEASURE = re.compile(r"^(那)?(要|需要|得)?(几|多)(寸|大|张|份|页|久|长)(的)?(呢|啊|呀|吗)?$")
# How much of the last answer after that verb names the thing.
_THING_CHARS = 4
# "学历呢" after "单位名称怎么填": the same question about another thing ("打印好以后呢" and
# "打出来了然后呢" ask what comes after a step instead).
_SAME_FOR = re.compile(
    r"^(?:那|那么|还有)?((?:(?!以后|之后|然后|接下来|接着).){1,8}?)(?:呢|咧|嘞|了呢)$"
)
# The words that count a list's lines after 第N ("第二个", "第三条").
_ORDINAL_UNIT = "(?:个|条|项|份|样|种|点)"
# "第二个呢" after a list: the list's second line.
_ORDINAL = re.compile(rf"^第({commands.DIGIT}){_ORDINAL_UNIT}?")
# "第三个": a line of the list named by its number, at the message's start.
_NTH = rf"^(第{commands.DIGIT}{_ORDINAL_UNIT})"
# "第三个" (and "不对 我问的是第二个", which repairs.asked leaves as 第二个): a line of the
# list named alone.
_ORDINAL_ASKED = re.compile(rf"{_NTH}(?:是啥|是什么|叫啥|叫什么)?$")
# "第二个放啥", "第三条咋弄": what goes in a line of the list, or how it is done. The welder
# may mean a list of their own ("四个格子…第一个传啥"), so this is that line only when the
# message by itself names no entry of another step.
_ORDINAL_DOING = re.compile(
    rf"{_NTH}(?:里面?|里头)?"
    r"(?:(?:要|该|得)?(?:放|装|写|填|传|贴|插)(?:啥|什么|哪些|哪个)"
    r"|(?:怎么|咋|如何)(?:弄|办|做|搞|整|填|写|放)?)"
    r"(?:呢|啊|呀)?$"
)
# A line's number and quotes: "2. “学历安全”文档" starts with 学历安全.
_LINE_HEAD = re.compile(r"^[0-9]+[.、）)]\s*[“\"「]?")
# "选了已完成，点了查询，然后点啥": done up to a point of an answer's steps, asking what next.
_THEN_WHAT = re.compile(
    r"(然后|接下来|接着|下面|后面|往后|再下去|以后|之后)(呢|了|啊)?(还)?(该|要|我|得|需要)?"
    r"(做什么|干什么|干啥|做啥|干嘛|弄啥|弄什么|搞啥|怎么办|怎么做|怎么弄|是什么|是啥"
    r"|点(啥|什么|哪个|哪里|哪))?$"
    # "登进去点哪": the next click, asked right after what was done.
    r"|(?<=[了去来])(我|该|要)?点(啥|什么|哪个|哪里|哪)$"
)
# "登进去了", "登上去了": logged in, which a line of steps may begin with ("重新登入一网通办，
# 进到办件查询页面"): that line and the next are what to do there. Not "进去了", which may
# be into the page a line leads to.
_LOGGED_IN = re.compile(r"登(进去|进|入|录|上)")
_LOGIN_LINE = re.compile(r"^(重新)?(登录|登入)")
# "现在在基本信息这页了": where the welder has got to, the step after it is what they want.
_AT_PAGE = re.compile(r"(页面?|界面)了?$")
# "点“材料补正”，进入“基本信息”页面": the page a line ends on; on it, the line is done.
_ENTERS = re.compile(r"(?:进入|进到|跳到|打开)“([^”]{1,12})”")
# How far back a message tells what was done before "然后呢".
_SAID = 40
# "这个在哪": where something is, as an entry's title says it.
_WHERE = re.compile(r"在哪|哪里|哪儿|什么地方|啥地方")
# As a welder asks it: also "位置在哪", "咋进去查看".
_WHERE_ASKED = re.compile(rf"{_WHERE.pattern}|位置|进去")
# A page an answer names: "查询页面", "申报页面".
_PAGE = re.compile(r"[\u4e00-\u9fff]{2}页面")
_NUMBERED = re.compile(r"^[0-9]+[.、]")
_QUOTED = re.compile(r"“([^”]{1,12})”")
_CLICK = re.compile(r"(?:点击?|选择?|按)“([^”]{1,12})”")
# A message longer than this is read on its own, not as a follow-up of the last answer.
_FOLLOW_UP_MAX = 40
# A question this short that may mean several topics means the one of the welder's step.
_AT_STEP_MAX = 8
# How many of an answer's numbered lines a step-by-step answer gives at a time.
_LINES_AHEAD = 2
# Title characters that say nothing of a topic.
_QUESTION_CHARS = frozenset("？?怎么什么吗哪个要能的了啥咋")


def _steps(answer: str) -> tuple[list[str], str]:
    """An answer's steps and how to join them: its numbered lines, or else the clauses of
    its first sentence that says to click one thing after another ("选择“已完成”，再点击
    “查询”")."""
    numbered = [x for x in answer.strip().splitlines() if _NUMBERED.match(x)]
    if numbered:
        return numbered, "\n"
    clicks = next((s for s in answer.split("。") if len(_CLICK.findall(s)) > 1), "")
    pieces = [c for c in re.split(r"[，,；;]", clicks.strip()) if c]
    # Up to the last click: what it then shows is no step.
    last = max((i for i, c in enumerate(pieces) if _CLICK.search(c)), default=-1)
    return pieces[: last + 1], "，"


class FollowUps:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher) -> None:
        self.kb = kb
        self.matcher = matcher

    def elliptic(self, text: str) -> bool:
        return bool(_ELLIPTIC.match(self.matcher.normalize(text) or "x"))

    def lines(self, text: str, context: Entry, elsewhere: bool) -> str | None:
        """ "体检呢" after a list of the three Word files: the last answer's lines about it.

        Only lines that start with the thing ("3. “体检”文档：…") and only from an answer
        of several lines; None otherwise. `elsewhere`: the message by itself names an entry
        of another step.
        """
        light = self.matcher.normalize.light(text)
        doing = None if elsewhere else _ORDINAL_DOING.match(light)
        if asked := _ORDINAL_ASKED.match(light) or doing:
            thing = asked.group(1)
        elif (same_for := _SAME_FOR.match(light)) and not self.elliptic(same_for.group(1)):
            thing = same_for.group(1).lstrip("那")
        else:
            return None
        lines = context.answer.strip().splitlines()
        if ordinal := _ORDINAL.match(thing):
            numbered = [line for line in lines if _NUMBERED.match(line)]
            n = commands.number(ordinal.group(1))
            found = numbered[n - 1 : n] if len(numbered) > 1 else []
        else:
            found = [line for line in lines if _LINE_HEAD.sub("", line).startswith(thing)]
        found = [line.rstrip("；;，,") for line in found]
        return "\n".join(found) if found and len(lines) > 2 else None

    def then_what(
        self, text: str, context: Entry | None, stage: str | None, step: Entry | None
    ) -> tuple[Entry, str] | None:
        """ "选了已完成，点了查询，然后点啥", or "现在在基本信息这页了": the numbered lines of an
        answer that come after the last one whose buttons or fields the message names, from
        the last answer, the entry the message names or the main entry of the welder's step;
        None when the message names no such line."""
        light = self.matcher.normalize.light(text)
        m = _THEN_WHAT.search(light)
        if m is not None and m.start() > 0:
            end = m.start()
        elif _AT_PAGE.search(light) and not clauses.is_question(light):
            end = len(light)  # "现在在基本信息这页了": what comes next there
        else:
            return None
        # What was done just before: the message's last few clauses.
        said = light[max(0, end - _SAID) : end]
        named = self.matcher.decide(said, stage)
        entries = [context, named.best.entry if named.tier == "answer" else None, step]
        for entry in filter(None, entries):
            lines, joint = _steps(entry.answer)
            # A line is behind the welder once its last button is clicked or the page it
            # leads to is named ("进到基本信息页" after "点“材料补正”，进入“基本信息”页面");
            # a line whose page or field is named otherwise is where they are. A short
            # quote counts only as a button of the line ("点击“查询”").
            reached = [
                i
                + (
                    not actions
                    or actions[-1].lower() in said
                    or any(page.lower() in said for page in _ENTERS.findall(line))
                )
                for i, line in enumerate(lines)
                for actions in [_CLICK.findall(line)]
                if any(
                    (len(t) > 2 or t in actions) and t.lower() in said
                    for t in _QUOTED.findall(line)
                )
            ] or [
                i
                for i, line in enumerate(lines[:1])
                if _LOGIN_LINE.match(_LINE_HEAD.sub("", line)) and _LOGGED_IN.search(said)
            ]
            if reached and reached[-1] < len(lines) and len(lines) > 2:
                start = reached[-1]
                return entry, joint.join(lines[start : start + _LINES_AHEAD])
        return None

    def _things(self, entry: Entry) -> list[str]:
        """What an answer may be about: its first keyword, and its step's ("要注册吗" is
        about 注册, and its step's thing is 随申办)."""
        step = self.kb.step(entry.step)
        main = self.kb.main_entry(step) if step else entry
        return list(dict.fromkeys(e.keywords[0] for e in (entry, main) if e.keywords))

    def read(
        self,
        decision: Decision,
        text: str,
        stage: str | None,
        context: Entry,
        step: str | None,
        news: bool = False,
    ) -> tuple[Decision, bool]:
        """The decision read together with the last answer; True to repeat that answer.
        `news`: the welder's step was only just read from the same message."""
        light = self.matcher.normalize.light(text)
        which = _WHICH_ONE.match(light)
        if which and (verb := context.answer.find(which.group(1))) >= 0:
            # "换哪个" after "上传失败请更换浏览器": 换哪个浏览器, whatever else its two words
            # come near.
            end = verb + len(which.group(1))
            named = self.matcher.decide(
                light + context.answer[end : end + _THING_CHARS], stage, context
            )
            if named.tier == "answer":
                return named, False
        if len(light) > _FOLLOW_UP_MAX or decision.pair:
            # A story or a list of questions stands on its own, as does a message that names
            # two things ("那学历证明跟体检报告分别要啥样的").
            return decision, False
        same_for = _SAME_FOR.match(light)
        if same_for and not self.elliptic(same_for.group(1)):
            return self._same_for(decision, same_for.group(1), stage, context), False
        if decision.tier == "clarify" and self._paper(context) and self.matcher.reader.bare(text):
            # "体检报告" alone after whether the education paper may be handwritten: as
            # "体检报告呢".
            return self._same_for(decision, light, stage, context), False
        if its := _ITS_THING.match(light):
            # "装这个到底干嘛用" after how to install the app: 这个 is the app.
            said = (f"{its.group(1)}{thing}{light[its.end() :]}" for thing in self._things(context))
            readings = [self.matcher.decide(named, stage, context) for named in said]
            if answers := [d for d in readings if d.tier == "answer"]:
                return max(answers, key=lambda d: d.best.score), False
        elsewhere = decision.tier == "answer" and decision.best.entry.stage != context.stage
        if _MEASURE.match(light) and elsewhere and self._paper(context, part=True):
            # "几寸" after the form's photo: that photo's size, which the guide does not give;
            # not the size of the photo mailed at a later stage.
            silent = self.matcher.decide(f"{context.title}{text}", stage, context)
            if silent.tier == "uncovered":
                return silent, False
        elliptic = self.elliptic(text)
        if elliptic and _WHERE_ASKED.search(light) and (where := self._where(context)):
            # "这个在哪" after "进入查询页面…": the neighbour that says where that is.
            return Decision("answer", (Scored(where, 1.0, where.title),)), False
        if (
            decision.tier == "clarify"
            and not (news or elliptic)
            and (at_step := self._at_step(decision, light, context, step))
        ):
            return at_step, False
        follow = elliptic or bool(_FOLLOW_UP.match(light))
        if not follow and decision.tier != "clarify":
            return decision, False
        if decision.tier == "uncovered" and not elliptic:
            # "这个证书有效期几年" after the certificate's wait: its own words name what the
            # guide is silent on, whatever was said before.
            return decision, False
        # "那体检的章有啥要求" after the form's stamp: the step of the paper named comes first.
        named = pg.papers_named(self.kb, light) if self._paper(context, part=True) else set()
        named = named if context.step not in named else set()
        near = self._near(text, stage, context, named or {step}) if follow else None
        if near and (
            elliptic
            or decision.tier != "answer"
            or near.best.score >= decision.best.score
            or (near.best.entry.step in named and decision.best.entry.step not in named)
        ):
            # "那在哪下载": the last answer's neighbour, unless the message's own words point
            # more strongly elsewhere ("那批下来以后决定书在哪下").
            return near, False
        # "那怎么弄" / "在哪": read the message together with the last answer. A message
        # with words of its own must itself point at what that reading finds.
        again = self.matcher.decide(f"{context.title}{text}", stage, context)
        offered = {s.entry.id for s in decision.ranked}
        fits = follow or (again.best is not None and again.best.entry.id in offered)
        # Not the last answer again when the message's own words answer something else.
        better = decision.tier != "answer" or (
            again.best is not None
            and again.best.score >= decision.best.score
            and again.best.entry.id != context.id
        )
        if again.tier == "answer" and fits and better:
            return again, False
        return decision, elliptic and decision.tier != "answer"

    def _at_step(
        self, decision: Decision, light: str, context: Entry, step: str | None
    ) -> Decision | None:
        """ "哪张" on the form's step, after an answer of that step: of the topics a short
        question may mean, the one of that step, if it leads them clearly."""
        if len(light) > _AT_STEP_MAX or not clauses.is_question(light):
            return None
        ranked = decision.ranked
        lead = ranked[0].score - ranked[1].score if len(ranked) > 1 else 1.0
        if not ranked[0].entry.step == context.step == step or lead < self.kb.thresholds.wide_gap:
            return None
        return Decision("answer", (ranked[0],))

    def _where(self, context: Entry) -> Entry | None:
        """The first of the last answer's neighbours that says where something is; or else
        the entry that says where the first page the answer names is ("在查询页面点查看")."""
        related = (self.kb.entry(r) for r in context.related)
        if found := next((e for e in related if e and _WHERE.search(e.title)), None):
            return found
        if not (page := _PAGE.search(context.answer)):
            return None
        where = self.matcher.decide(f"{page.group(0)}在哪")
        found = where.best.entry if where.tier == "answer" else None
        return found if found and found is not context and _WHERE.search(found.title) else None

    def _near(
        self, text: str, stage: str | None, context: Entry, first: set[str | None]
    ) -> Decision | None:
        """'那在哪下载' after the approval: the best of the last answer's neighbours, if sure.

        Neighbours are its related entries and the entries of its stage; those of the `first`
        steps come first: the step the welder is on ("点哪个下" while downloading the
        decision), or the step of another paper the message names.
        """
        ranked = self.matcher.rank(text, stage, context)
        near = [
            s
            for s in ranked
            if s.entry.covered
            and (s.entry.id in context.related or s.entry.stage == context.stage)
            and s.evidence
            and s.score >= self.kb.thresholds.answer_at
        ]
        near.sort(key=lambda s: s.entry.step in first, reverse=True)
        return Decision("answer", tuple(near[:3])) if near else None

    def _paper(self, entry: Entry, *, part: bool = False) -> bool:
        """Whether the entry is the main answer (or, with `part`, a part) of the step that
        readies a paper of the checklist (the papers are prepared side by side, in no
        order)."""
        step = self.kb.step(entry.step)
        if step is None or pg.readied_by(self.kb, entry.step) is None:
            return False
        return self.kb.main_entry(step) is entry or (
            part and any(entry.id in p for p in step.parts)
        )

    def _same_for(
        self, decision: Decision, text: str, stage: str | None, context: Entry
    ) -> Decision:
        """ "学历呢" after "单位名称怎么填": of the things the word may mean, the one nearest the
        last answer (its step, its related entries, its title's other words) is answered.
        After a paper's main answer, the main answer of the paper the word names; after a
        part of a paper's step, that too when nothing is nearer."""
        paper = self._paper(context)
        silent = decision.tier == "uncovered" and decision.best.score >= self.kb.thresholds.sure_at
        if silent or (decision.tier == "answer" and not paper):
            return decision  # "那陈老师电话呢": what the guide is silent on, by its own words
        likely = [
            s
            for s in self.matcher.rank(text, stage, context)
            if s.entry.covered and s.evidence and s.score >= self.kb.thresholds.answer_at
        ]
        main = [s for s in likely if s.entry.step != context.step and self._paper(s.entry)]
        if paper and main:
            # "那体检单子呢" after whether the education paper may be handwritten: the main answer
            # of the paper the word names, as the last answer was its paper's.
            return Decision("answer", (main[0],))
        # "那体检的呢" after filling in the form on a computer: the medical report's main answer,
        # unless one of its entries asks the same ("体检的呢" after the form's stamp).
        unsure = (
            Decision("answer", (main[0],)) if main and self._paper(context, part=True) else decision
        )
        options = likely[:MAX_OPTIONS]
        if decision.tier == "answer" or len(options) < 2:
            return unsure

        def near(entry: Entry) -> int:
            linked = entry.id in context.related or context.id in entry.related
            shared = set(context.title) & set(entry.title) - _QUESTION_CHARS
            return (entry.step == context.step) + linked + len(shared)

        ranked = sorted(options, key=lambda s: near(s.entry), reverse=True)
        if near(ranked[0].entry) in (0, near(ranked[1].entry)):
            return unsure
        return Decision("answer", tuple(ranked))
