"""What a welder's statement reports: the stage it puts them in, the step it says is done.

Pure; no I/O. The engine applies them (bot/engine.py).
"""

from __future__ import annotations

import re

from . import boxes, clauses, commands, denials, events, step_words, tiers
from . import progress as pg
from .entries import Entry
from .knowledge import KnowledgeBase
from .matcher import Matcher
from .store import Progress
from .tiers import Scored

# A report with no words of its own ("进去了", "弄好了") is about the last answer's step.
# "重新查了", "这回都有了": done again, as the last answer asked.
_TERSE = re.compile(
    r"^(好了|好的|嗯|ok)?(这个|这些|这一?页|这一?步)?(我|都|已经|也|现在|这回|这下|重新|又|去)*"
    # Several things done one after another ("建好插好了", "拍好存好了").
    r"([弄搞做建存插放填传装扫打写选拍改换印签贴盖](好|完))*"
    r"(弄|搞|做|建|存|插|放|点|填|传|装|登|扫|打|下载|下|写|选|看|拿到|查|拍|改|换|印)?"
    r"((好|完|开|进去|进来|进|上去|(?<=[装传登])上|出来|下来|可以|搞定|成功)了"
    r"|(?<=[弄搞做建存插放填传装登扫写选到查拍改换印打下])了|(?<=[都也])有了)(呢|啊)?$"
)
# Words of a whole page or step done, not one box of its figure, or of a box put right.
_WHOLE = re.compile(r"都|全|统统|整个|页|基本信息|重新|改成|换成")
# Words of something gone wrong: a message with them reports a problem, not a step done.
_TROUBLE = re.compile(r"没|不|空白|空的|错|失败|问题|补正|叠|乱码|卡住|卡着|转圈|白屏|报错|闪退|缺")
# "打不开", "又没反应了": a problem that names nothing it is a problem with.
_BARE_PROBLEM = re.compile(
    r"^(又|还是|老是|一直|总是|就是|怎么|咋)*(打不开|没反应|出不来|用不了|进不去|下不了|下不下来|不行|报错|失败)"
    r"(了|啊|呀|呢|咋办|怎么办|咋整)*$"
)


def bare_problem(text: str) -> bool:
    return bool(_BARE_PROBLEM.match(text))


def problem(part: str) -> bool:
    """A clause that says something is wrong ("查询页面空的"), not that it is still to do."""
    if denials.denies(part) or clauses.contradicts(part) or denials.CORRECTING.search(part):
        return False  # "还没点提交", "不是补正", "说错了"
    return bool(_TROUBLE.search(part))


def whole(part: str) -> bool:
    """A clause about a whole page or step ("基本信息那页都填好了"), or a box put right, not
    one box of a step's figure done."""
    return bool(_WHOLE.search(part))


def terse(text: str) -> bool:
    """A report with no words of its own ("弄好了"), about the last answer's step."""
    return bool(_TERSE.match(text))


def target(
    state: Progress, happened: list[events.Event], back: str | None, parts: list[str]
) -> str | None:
    """The stage the message puts the welder in; None when it moves nothing."""
    here = events.ORDER[state.stage]
    if back:
        # "不对，我还没提交": the welder puts right what was recorded, or what they said
        # just before ("我提交了 不对 还没点提交").
        fix = denials.correcting(parts)  # there is one: `back` is only said with it
        # Not "没弄错吧": asked whether it was right.
        fixing = not clauses.negated(parts[fix], denials.CORRECTING.search(parts[fix]).start())
        said = [events.ORDER[e.name] for e in happened if e.clause < fix] if fixing else []
        if events.ORDER[back] <= max([here, *said]):
            # Not handed in again is still the correction ("补正交了 不对 还没点提交").
            again = (back, state.stage) == ("review", "correction")
            return state.stage if again else denials.BEFORE[back]
    latest = events.latest(happened)
    if latest is None:
        # "半个月了迟迟没批": not yet approved says handed in; never a step back.
        waiting = denials.awaited(parts) or ("review" if events.status_asked(parts) else None)
        return waiting if waiting and events.ORDER[waiting] > here else None
    there = events.ORDER[latest.name]
    if latest.name == "review" and state.stage == "correction":
        if all(e.waiting for e in happened if e.name == "review"):
            return None  # "没收到短信": the status said the correction all the same
        there = events.ORDER["resubmitted"]  # handed in again after the notice
    if there >= here or (latest.name == "correction" and not latest.theirs):
        # Only a new correction notice of the welder's own sends them back on its own.
        return latest.stage
    if denials.correcting(parts) is not None or step_words.status_submitted(parts[latest.clause]):
        return latest.stage  # the welder says so, or the page does ("状态那栏是已提交")
    return None


# The stages whose steps the welder reports one by one; in the others, the stage's own
# event says where in it the welder is.
STEPPED = ("submission", "download")


def step_done(
    kb: KnowledgeBase,
    matcher: Matcher,
    state: Progress,
    stage: str | None,
    parts: list[str],
    troubled: bool = False,
) -> pg.Step | None:
    """The furthest step a clause reports done ("区选好了"), at or after where the
    welder is, in the stage the message puts them in (if it names one).

    A message with a problem in it ("项目种类选好了，列表怎么没出来") reports no step
    done; with `troubled`, only such a message is read, for the step it names.
    """
    if stage not in (None, *STEPPED):
        return None  # a stage's own event says where in it the welder is
    others = [p for p in parts if not step_words.step_done(p)]
    trouble = any(clauses.is_question(p) and _TROUBLE.search(p) for p in others) or any(
        map(problem, parts)
    )
    if trouble != troubled:
        return None
    reported = []
    context = kb.entry(state.last_entry)
    for part in parts:
        if clicked := _clicked(kb, state, part):
            reported.append(clicked)  # "点下一步了": the step that button ends is done
            continue
        if not step_words.step_done(part) or events.clause_event(part) == "submission":
            continue  # "材料都弄好了": the papers are ready, no step of the application done
        if (read_past := _read_past(kb, state, part)) is not None:
            reported.append(read_past)
            continue
        if terse(part) and context is not None:
            # "进去了" after the answer about logging in: that step is done.
            step = _named_by_verb(kb, state, stage, part) or kb.step(context.step)
            if step is None or not _may_report(state, stage, step):
                # "都传了" while correcting, after the answer on a box of the application's
                # upload: the welder's own step, which the verb names.
                step = _named_by_verb(kb, state, stage, part, alone=True)
                if step is None:
                    continue
        else:
            step = _named_step(kb, matcher, state, stage, part)
            alone = None if troubled else _named_by_verb(kb, state, stage, part, alone=True)
            if alone and (
                step is None
                or not _ahead(kb, state, step)
                or pg.step_index(kb, step.id) > pg.step_index(kb, alone.id)
            ):
                step = alone  # "网页登上去了": logged in, whatever later page 登 is said on
            elif not troubled and (step is None or not _ahead(kb, state, step)):
                # "也打印了", "登进来了": its verb names a step ahead, when nothing else does.
                step = _named_by_verb(kb, state, stage, part) or step
            if step is None:
                continue
        reported.append(step)
    return _furthest(kb, state, reported)


def step_at(
    kb: KnowledgeBase, matcher: Matcher, state: Progress, stage: str | None, parts: list[str]
) -> pg.Step | None:
    """The step a clause says the welder is in the middle of ("单位信息那页填到一半"), if it
    is at or after where they are."""
    if stage not in (None, "submission"):
        return None
    if counted := [step for part in parts if (step := boxes.counted(kb, part))]:
        # "页面上有四个红框": the page its figure's boxes say, whatever else names it.
        return _furthest(kb, state, counted)
    named = [
        kb.step(page.entry.step)
        for part in parts
        if (said := step_words.step_at(part)) and (page := _page(kb, matcher, state, stage, said))
    ]
    if state.stage in ("preparation", "submission"):
        # "到第8步了": that step of the application.
        named += [pg.numbered(kb, m["n"]) for part in parts if (m := _AT_NUMBER.match(part))]
    return _furthest(kb, state, [step for step in named if step])


def _page(
    kb: KnowledgeBase, matcher: Matcher, state: Progress, stage: str | None, said: str
) -> Scored | None:
    """The entry of the page a clause says the welder is at, read as said ("上传页面": not
    whatever 上传 alone names) and without its 页面 ("传材料的那个"), the surer reading."""
    readings = (
        _named(kb, matcher, state, stage, rest, page=True)
        # In this order: on a tie, the page as said.
        for rest in dict.fromkeys((said, said.removesuffix(step_words.SCREEN)))
    )
    return max(filter(None, readings), key=lambda s: s.score, default=None)


# What may follow a step's verb when doing it is all a clause says: "登上去了", "扫过码了".
_ONLY_VERB = "(录|入|进|上|去|来|好|完|过|码|成功)*"
# What follows a step's verb done, within a few characters; not 打开了: opened is no print.
_VERB_DONE = "(?!开)[^，了]{0,3}了"


def _named_by_verb(
    kb: KnowledgeBase, state: Progress, stage: str | None, part: str, alone: bool = False
) -> pg.Step | None:
    """The step a report's verb names ("登好了", "也打印了": procedure.yaml's `verbs`), if
    it is after the last answer's step and the welder's, and doing it is news. With
    `alone`, only a verb that is all the clause says was done ("登上去了", "扫过码了"),
    which may be the last answer's own step or the welder's."""
    context = kb.entry(state.last_entry)
    back = 1 if alone else 0
    told = pg.step_index(kb, context and context.step) - back
    after = max(pg.step_index(kb, pg.position(kb, state)) - back, told)
    done = f"{_ONLY_VERB}了$" if alone else _VERB_DONE
    for step in kb.steps[after + 1 :]:
        if _may_report(state, stage, step) and _verb_says(step, part, done):
            return step
    return None


def verb_done(kb: KnowledgeBase, state: Progress, part: str) -> pg.Step | None:
    """The step a report that is only its verb names ("打了" after where to download: the
    printing), at or after the last answer's step."""
    return _named_by_verb(kb, state, state.stage, part, alone=True)


def _verb_says(step: pg.Step, part: str, done: str = _VERB_DONE) -> bool:
    """Whether the clause says one of the step's verbs, followed by `done`."""
    return any(re.search(verb + done, part) for verb in step.verbs)


def _read_past(kb: KnowledgeBase, state: Progress, part: str) -> pg.Step | None:
    """The welder's own step, which their verb names ("打印好了"), when the last answer
    read past it to a later one ("然后呢" after how to print: what to write): that step is
    done, not the one read about."""
    context = kb.entry(state.last_entry)
    at = kb.step(pg.position(kb, state))
    if context is None or at is None or pg.step_index(kb, context.step) <= pg.step_index(kb, at.id):
        return None
    return at if _verb_says(at, part) else None


# "到第8步了", "现在在第五步": at that step of the application.
_AT_NUMBER = re.compile(
    rf"^(我|现在|已经|都)*(到|在|弄到|做到|走到|填到)?了?第(?P<n>{commands.DIGIT})步(了|啦|啊)?\W*$"
)


def _clicked(kb: KnowledgeBase, state: Progress, part: str) -> pg.Step | None:
    """The step of the welder's stage, not behind them, whose closing button the clause says
    was clicked ("好了点下一步了", "立即办理点过了")."""
    if clauses.is_question(part) or clauses.negated_inside(part):
        return None
    here = pg.step_index(kb, pg.position(kb, state))
    for step in kb.stage(state.stage).steps:
        if step.button and pg.step_index(kb, step.id) >= here and clicks(part, step.button):
            return step
    return None


def clicks(part: str, button: str) -> bool:
    """Whether the clause says the button was clicked ("点过立即办理了")."""
    b = re.escape(button)
    return bool(
        re.search(
            f"(点|按)(了|过|好)?(一下)?“?{b}”?(了|过|好)|(点|按)(了|过)(一下)?“?{b}”?$"
            f"|{b}.{{0,2}}(点|按)(了|过|好)",
            part,
        )
    )


def _furthest(kb: KnowledgeBase, state: Progress, steps: list[pg.Step]) -> pg.Step | None:
    """The furthest of the steps, unless it is behind where the welder already is."""
    found = max(steps, key=lambda s: pg.step_index(kb, s.id), default=None)
    at = pg.step_index(kb, pg.position(kb, state))
    if found is not None and pg.step_index(kb, found.id) >= at:
        return found
    return None


def _ahead(kb: KnowledgeBase, state: Progress, step: pg.Step) -> bool:
    """Whether the step is past the welder's (the first step is where everyone starts)."""
    return pg.step_index(kb, step.id) > max(pg.step_index(kb, pg.position(kb, state)), 0)


def _may_be_at(kb: KnowledgeBase, state: Progress, scored: Scored) -> bool:
    step = kb.step(scored.entry.step)
    return step is None or not _ahead(kb, state, step) or _may_report(state, None, step)


def _may_report(state: Progress, stage: str | None, step: pg.Step) -> bool:
    """Whether doing `step` is news for a welder in `state` (and in `stage`, if named)."""
    if stage is not None and step.stage != stage:
        return False
    if events.ORDER[step.stage] < events.ORDER[state.stage]:
        return False  # reading about an earlier step is no news
    # "下载好了" while correcting is the notice, not the decision.
    return events.step_may_enter(step.stage, state.stage)


def part_after(
    kb: KnowledgeBase, matcher: Matcher, state: Progress, stage: str | None, parts: list[str]
) -> Entry | None:
    """The next box of the step a clause reports part of ("选好新办了": 立即办理 comes next
    in the fifth step), if the part done is not the step's last."""
    for part in parts:
        if step_words.step_done(part) and not whole(part) and not _clicked(kb, state, part):
            named = _named(kb, matcher, state, stage, part)
            if named and (after := _after_named(kb, part, named.entry)):
                return _past_checked(kb, part, after)
    return None


def _after_named(kb: KnowledgeBase, part: str, named: Entry) -> Entry | None:
    """The box after the one the clause names; a check of what the whole step is about
    ("单位信息是对的": the seventh step, whose answer is no box) starts at its first box."""
    step = kb.step(named.step)
    if (
        part.endswith(step_words.CHECKED_DONE)
        and step
        and step.boxes
        and step.entry == named.id
        and all(box.entry != named.id for box in step.boxes)
    ):
        return kb.entry(step.boxes[0].entry)
    return kb.part_after(named)


def _past_checked(kb: KnowledgeBase, part: str, after: Entry | None) -> Entry | None:
    """ "单位信息是对的": the boxes about what was checked (the unit's name, then its
    address) are right too; the next box is the first about something else."""
    subject = part.removesuffix(step_words.CHECKED_DONE)
    if subject == part:
        return after
    pairs = {subject[i : i + 2] for i in range(len(subject) - 1)}
    step = kb.step(after.step) if after else None
    while (
        after
        and step
        and any(pair in box.label for box in step.boxes if box.entry == after.id for pair in pairs)
    ):
        after = kb.part_after(after)
    return after


def _named_step(
    kb: KnowledgeBase, matcher: Matcher, state: Progress, stage: str | None, part: str
) -> pg.Step | None:
    named = _named(kb, matcher, state, stage, part)
    return kb.step(named.entry.step) if named else None


def _named(
    kb: KnowledgeBase,
    matcher: Matcher,
    state: Progress,
    stage: str | None,
    part: str,
    page: bool = False,
) -> Scored | None:
    """The entry a clause says was done ("扫码登进去了"): the best entry among those whose
    step could be news and that come near the best of all, if it is sure or leads the best
    entry of another step clearly. With `page`, the clause names a page the welder is on: a
    page of a stage they cannot be in is no rival ("到上传文件那一页了" is not the correction's)."""
    t = kb.thresholds
    ranked = matcher.rank(part, stage or state.stage, kb.entry(state.last_entry), rare=True)
    # An entry of an earlier step that the clause names far better is what it is about.
    present = (s for s in ranked if s.entry.covered and (not page or _may_be_at(kb, state, s)))
    least = max((s.score for s in present), default=0.0) - t.wide_gap
    best: dict[str, Scored] = {}  # step id -> its best entry, best first
    for s in ranked:
        step = kb.step(s.entry.step) if s.entry.covered else None
        if s.score >= least and step and step.id not in best and _may_report(state, stage, step):
            best[step.id] = s
    if not best:
        return None
    first, *others = best.values()
    # A step before the best one is no rival: doing the later step says it was done too
    # ("登录进去选了增项": logged in, then picked 增项).
    here = pg.step_index(kb, first.entry.step)
    rivals = [s for s in others if pg.step_index(kb, s.entry.step) > here]
    gap = first.score - rivals[0].score if rivals else 1.0
    sure = tiers.is_sure(first.score, gap, t)
    done = kb.step(first.entry.step)
    after = pg.next_step(kb, done.id, done.stage)
    if stage is None and after and after.stage != done.stage:
        # Done, a stage's last step would take the welder past that stage: with nothing
        # else saying they got there, only a surely read clause does ("返回重新选了" is no
        # handing in).
        sure = first.score >= t.sure_at
    return first if sure and first.evidence else None
