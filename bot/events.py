"""Progress events in a welder's words ("批了", "补正交上去了"). Pure; no I/O.

A message is cut into clauses (bot/clauses.py); each clause that states something (not a
question) may report events of the procedure. The engine applies the latest of them in
procedure order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from . import whose
from .clauses import is_question, negated, negated_inside
from .commands import WHAT_TO_DO
from .news import AGO, BACKGROUND, DURING, PATTERNS, TWO_MESSAGES
from .step_words import step_done

# Where a welder can be in the procedure, in order. A resubmitted correction is the review
# stage again, but later in the procedure than the notice that asked for it.
ORDER = {
    "preparation": 0,
    "submission": 1,
    "review": 2,
    "correction": 3,
    "resubmitted": 4,
    "download": 5,
    "done": 6,
}

# Stages a welder enters by doing a step of theirs ("区选好了"); the later ones come with
# news of their own (handed in, a notice, the approval, mailed), never from a step done.
_BY_DOING = frozenset({"preparation", "submission"})

# Stages that begin with news from the district office (a correction notice, the approval):
# no step of the welder's leads into them. What comes after handing in is waiting for it.
BY_NEWS = frozenset({"correction", "download"})

# Handing in, a correction notice and handing in again can go round more than once.
_LOOP = {"review", "correction", "resubmitted"}


def goes_back(here: str, there: str) -> bool:
    """Whether moving from stage `here` to `there` goes back: handing a correction in is
    waiting again, and that is forward."""
    return ORDER[there] < ORDER[here] and (here, there) != ("correction", "review")


# Waiting for the result says the application was handed in ("还没收到短信").
_WAITING = re.compile(
    r"(还|一直|都)?没(有)?(收到|等到|来)(任何)?(短信|消息|通知|结果)"
    r"|(?<!半)(天|周|星期|礼拜|月)了?(还|都)?没(有)?(短信|消息|通知|动静)"  # not 半天: a while
    r"|(短信|消息|通知|结果)(还|一直|都)?没(有)?(来|收到|到|动静)"
    # "交了没动静", "第二条还没来": handed in, and nothing (more) came since.
    r"|(?P<handed>(交|提交|递交)(上去)?(了|以后|之后|后)).{0,4}?(还|一直|都)?没(有)?(动静|消息|回音|音讯|下文)"
    r"|第二(条|个)(短信|消息)?(还|一直|都)?没(有)?(来|收到|到)"
    # "剩下的就等区里审批了": waiting for it, not the approval.
    r"|(?<!不)等(?!了|到|过|着了)[^，]{0,6}(审批|批|结果|短信|消息|通知)"
)

# Doing the application now ("我在传材料了", "正在填"), which no later event says.
# "正传文件呢": 正 alone says it too, unless it ends a word (补正, 改正).
_DOING = re.compile(
    r"(正在|(?<![补改纠更真公])正(?=[填传])|我在|开始|(?<![现实存所])在)(网上)?(填|传|上传|申请|报)"
    # "一网通办那边开始填了", "在搞一网通办": the online application begun, in other words.
    r"|(网上|一网通办|线上)[^，没不未]{0,8}开始(弄|搞|整|填|报)?了|(在|开始)(弄|搞|整)(网上|一网通办)"
    r"|(正在|我在)网上(选|弄|搞|整|登)(?![不了])"  # "正在网上选区"
)

# Filling in a paper ("报名表还在填") is preparing, not the online application.
_PAPER = re.compile(r"报名表|申请表|表格|体检|学历|证明|word|文档|照片|复印")

# Told to do something ("单位叫我在网上报").
TOLD_TO = re.compile(r"(叫|让|喊)(我|俺|他)")

# Meaning to do it ("想帮工人在网上报"), or told to, is not doing it.
_MEANING_TO = re.compile(r"想|打算|准备|要|帮|" + TOLD_TO.pattern)

_FINISHED = re.compile(r"已经(?!在|开始)|都|完|好了|成功|交|提交")  # not 已经在填: at it

# Waiting for the result of the medical or an exam ("体检还在等结果", "考试结果没出来"):
# not for the approval. Not what a report lacks ("体检报告没有辨色力结果").
_OTHER_RESULT = re.compile(
    r"(考|体检|报告)[^，]{0,6}(等|没|未)[^，]?结果|(考|体检|报告)[^，]{0,3}结果[^，]{0,2}(没|未|在等)"
)

# Asked ahead of time ("以后网上申请要用什么浏览器"); not "登入以后", since then.
ASKED_AHEAD = re.compile(
    r"(?<![入去了])以后|到时候|(?<=[传填登扫交下打])(的?时候|时(?!间))|等.{0,8}(了|再)|万一|如果|要是|的话|准备|打算|将来"
)

# Asking how far one's own application has got ("审到哪一步了", "审批咋样了") says it was
# handed in; asking ahead does not, nor does a yes-or-no question about a step
# ("审批通过了吗"), which any welder may ask.
_STATUS_ASKED = re.compile(
    r"(审|批|办|申请|材料|资料)[^，]{0,3}(到哪|(怎么样|咋样|如何|啥情况|什么情况)了)"
    r"|有(结果|消息|动静)了?(没|没有|吗|伐)$"
)

# Not where the application is: how long it takes, whether it will, what comes after it,
# or the exam and the medical ("提交后多久批", "体检报告有结果了没").
_NOT_WHERE = re.compile(r"后|会不会|多久|几天|考|体检|报告")

_COMPILED = tuple((event, tuple(map(re.compile, pats))) for event, pats in PATTERNS.items())

# "点了提交没反应", "按提交键不动": a click that did nothing; the step is not done. Said
# in a clause of its own after the click ("点了提交 不动"), it is all that clause says.
_NOTHING = r"(没(有)?(反应|动静|用|效果)|不动|没跳|不跳|无反应|点不动)"
_NO_EFFECT = re.compile(r"(点|按)(了|完|过)?[^，]{0,6}" + _NOTHING)
_CLICK = re.compile(r"点|按")
_NO_EFFECT_ALONE = re.compile(r"^(还是|也|就是|都|但是?)?" + _NOTHING + r"(啊|呀|呢)?$")

# "等批下来再去打印": what the welder will do once something comes.
_UNTIL = re.compile(r"^等(到)?[^，了]{1,10}(来|到|批|下来|通过|出来)了?(就|再|才|以后|之后)")

# "东西齐了再来找你", "等材料弄好了再找你", "我先去弄": coming back once something is done,
# which is not yet.
_BACK_WHEN = re.compile(
    r"^等(到)?[^，]{1,12}再(来|回来|过来|找|联系|问)|了再(来|回来|过来|找|联系|问你|问老师)"
    r"|^(那|好)?(我)?先去(弄|准备|办|做|搞)(一下)?$"
    # Almost done ("材料快弄好了", "马上就准备好了") is not done yet either.
    r"|(快|快要|马上|就要)(就)?(弄|做|搞|准备|整|写|填)?(好|完|齐)了$"
)

# "好像是交了吧", "应该批了", "也不知道交没交成": what the welder guesses, not news.
_GUESS = r"好像|估计|也许|说不定|不确定|不知道(算不算|是不是)"

_UNSURE = re.compile(rf"{_GUESS}|应该(是|已经)?[^，]{{0,6}}(了|吧)$")

_GUESSING = re.compile(rf"{_GUESS}|应该(是)?|吧$")

# "计划下周把网上申请提交": a plan, not news.
_PLAN = re.compile(r"(打算|计划|预计)[^，]{0,10}(交|提交|寄|申请|下载)")

# "补正的时候…": a question set in the correction. Not 审批的时候, which may be before it.
_DURING_CORRECTION = re.compile(rf"补正{DURING}|^补正(的话)?(要|得|需要|该)")


@dataclass(frozen=True)
class Event:
    name: str  # a key of ORDER
    clause: int  # which clause said it
    end: int = 0  # where in that clause the words that said it end
    when: int = 0  # how long ago the clause says it happened, by news.AGO's rank; 0 is now
    background: bool = False  # told as the background of the news ("上周二提交的")
    theirs: bool = False  # someone else's news, told by the welder ("我师弟收到补正了")
    waiting: bool = False  # no news yet ("还没收到短信"): handed in once, not again

    @property
    def stage(self) -> str:
        return stage_of(self.name)


def stage_of(event: str) -> str:
    """The stage an event puts the welder in: a resubmission is waiting for review again."""
    return "review" if event == "resubmitted" else event


def guessed(clause: str) -> str | None:
    """The event a clause only guesses at ("好像是交了吧": 'review'), or None."""
    return clause_event(_GUESSING.sub("", clause)) if _UNSURE.search(clause) else None


def clause_event(clause: str) -> str | None:
    """The event a clause reports: 'review' for '提交了'; None for questions and negations."""
    found = _clause_event(clause)
    return found and found[0]


def _clause_event(clause: str) -> tuple[str, int, bool] | None:
    """The event, where its words end, and whether it is a wait for news ("还没收到短信"),
    which says the application was handed in, not that it was handed in again."""
    clause = clause.replace("啦", "了")
    if is_question(clause) or whose.hearsay(clause) or _PLAN.search(clause):
        return None  # "听工友说还会要补正": what may come, not what came
    if _UNSURE.search(clause):
        return None  # "好像批了吧": the welder does not know; the status page will say
    if _OTHER_RESULT.search(clause):
        return None  # "体检还在等结果"
    if _UNTIL.search(clause):
        return None  # "等批下来了再打印": when it comes, not that it came
    if _NO_EFFECT.search(clause):
        return None  # "点了提交没反应": a problem with the step, which is not done
    if m := _WAITING.search(clause):
        # "补正交了还没收到短信": what was done before the wait is the news.
        done = _said(clause[: m.start()])
        return (*done, False) if done else ("review", m.end(), not m.group("handed"))
    doing = (m := _DOING.search(clause)) and not negated(clause, m.start())
    doing = doing and not _PAPER.search(clause)
    if doing and not _FINISHED.search(clause) and not _MEANING_TO.search(clause):
        return "submission", len(clause), False  # "我在网上填申请了": not handed in
    done = _said(clause)
    return (*done, False) if done else None


# "The one mailed to the teacher": a thing named by what is done with it; no report.
_WHICH_ONE = re.compile(r"的(那|这)?一?(张|个|份|页|种|条)[吧呀啊呢]?$")


def _said(clause: str) -> tuple[str, int] | None:
    """The first event whose words the clause says, not negated, and where they end; of a
    correction and a hand-in, the one said last ("补正那个改完又交了" hands it in again,
    "补正交了后来又来补正" is a new notice)."""
    found = None
    for event, patterns in _COMPILED:
        if found and event not in _LOOP:
            break
        for pattern in patterns:
            for m in pattern.finditer(clause):
                if negated(clause, m.start()) or negated_inside(m.group(0)):
                    continue
                if _WHICH_ONE.match(clause, m.end()):
                    continue
                if found is None or (event != found[0] and m.end() > found[1]):
                    found = event, m.end()
    return found


def during(text: str) -> str | None:
    """The stage a question is set in ("补正的时候…"), if it names one."""
    return "correction" if _DURING_CORRECTION.search(text) else None


# What only a welder in a stage that begins with news has at hand: the notice's own page
# ("进了材料补正那页"), the decision ("决定书下载不了").
_NEWS_AT_HAND = {
    "correction": re.compile(r"补正|告知书"),
    "download": re.compile(r"决定书|受理通知书"),
}


# Asking to learn ahead, or of a maybe ("听说会补正", "补正是啥意思", "先问问", "还没开始"),
# or what must be done ("决定书需要打印"), or when ("补正的时候…"): nothing at hand.
_LEARNING = re.compile(
    r"听说|听人说|先问|提前|了解|还没|还在|会不会|意思|怎么回事|咋回事|哪能回事|是啥|是什么|长啥样"
    r"|还是|需要|时候"
)


def held(stage: str, text: str) -> bool:
    """Whether a question names what only a welder in a stage that begins with news has at
    hand, asked as having it ("决定书两页都要写名字吗", "补正咋弄啊 急"), not ahead or to
    learn."""
    at_hand = _NEWS_AT_HAND.get(stage)
    asked_ahead = ASKED_AHEAD.search(text) or _LEARNING.search(text)
    return bool(at_hand and at_hand.search(text)) and not asked_ahead


def step_may_enter(stage: str, here: str, text: str = "") -> bool:
    """Whether a step done in `stage` may put a welder who is in `here` there: one of the
    welder's own stages, or one that begins with news, if the text names what only it has
    at hand."""
    at_hand = _NEWS_AT_HAND.get(stage)
    return stage == here or stage in _BY_DOING or bool(at_hand and at_hand.search(text))


# "来短信了 第二条", "是第二条那种": which of the two messages, said on its own after the
# message came; or that both came.
_SECOND_ALONE = re.compile(
    r"^(是|就是)?第二(条|个|种)(短信|消息)?(的?那(种|条|个))?(了|啊|呀|吧)?$"
    r"|^(两|2)条(都)?(来了|到了|收到了|了)?$"  # "短信来了 两条": both of them
)

_TEXTED = re.compile(r"短信|消息")


def _second(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """The approval, when a clause names the second message alone (or both) right after
    one that says a message came (the guide: the second says the application is approved)."""
    if i and _SECOND_ALONE.match(parts[i]) and _TEXTED.search(parts[i - 1]):
        return "download", len(parts[i]), False
    return None


# "查了，已经完成了": what a look at the query page found, said after the look.
_LOOKED = re.compile(r"查|看")

_COMPLETE = re.compile(r"^(已经|已|都)?完成(了|啦)?$")


def _looked(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """The approval, when a clause says only that it is complete right after one that says
    the welder looked (the status 已完成)."""
    if i and _COMPLETE.match(parts[i]) and _LOOKED.search(parts[i - 1]):
        return "download", len(parts[i]), False
    return None


# "传好了 提交": a bare 提交 right after the upload is done is the button clicked.
_BARE_SUBMIT = re.compile(r"^(点|按)?提交(了|啦)?$")

_UPLOADED = re.compile(r"传")


def _then_submitted(parts: list[str], i: int) -> tuple[str, int, bool] | None:
    """Handed in, when a clause is only 提交 right after one that says the upload is done."""
    if i and _BARE_SUBMIT.match(parts[i]) and _UPLOADED.search(parts[i - 1]):
        return ("review", len(parts[i]), False) if step_done(parts[i - 1]) else None
    return None


def read(parts: list[str]) -> list[Event]:
    """Every event the clauses report, in the order said; a clause after a correction
    notice that says it was handed in again is a resubmission."""
    said = [next((n for n, pattern in enumerate(AGO) if pattern.search(p)), None) for p in parts]
    # Each clause is when it says, or when the last one that says so was, or the first.
    when = next((n for n in said if n is not None), 0)
    events: list[Event] = []
    for i, part in enumerate(parts):
        when = when if said[i] is None else said[i]
        found = (
            _looked(parts, i)
            or _clause_event(part)
            or _second(parts, i)
            or _then_submitted(parts, i)
        )
        if not found or (
            _CLICK.search(part) and i + 1 < len(parts) and _NO_EFFECT_ALONE.match(parts[i + 1])
        ):
            continue
        name, end, waiting = found
        if (
            name == "review"
            and not waiting
            and any(e.name == "correction" and e.when >= when for e in events)
        ):
            name = "resubmitted"
        if not (owner := whose.owner(parts, i)):
            continue
        background = bool(BACKGROUND.search(part))
        events.append(Event(name, i, end, when, background, owner == "theirs", waiting))
    if whose.mine_not_yet(parts):
        events = [e for e in events if not e.theirs]
    if any(e.name == "correction" for e in events):
        # "收到两条短信 后面那条说要补正": the second was a notice, not the approval.
        events = [
            e for e in events if not (e.name == "download" and TWO_MESSAGES.search(parts[e.clause]))
        ]
    return events


def planned(clause: str) -> bool:
    """The clause says the welder will come back once something is done ("齐了再来找你"):
    neither that thing nor any event is done."""
    return bool(_BACK_WHEN.search(clause)) and not is_question(clause)


# A notice named with nothing said of it ("补正短信"), or a text said to have come with
# nothing of what it says ("刚来短信"); then what to do, or what it says ("补正").
_NOTICE_NAMED = re.compile(r"^(这个|这|我这)?补正(的)?(短信|消息|通知|通知书|告知书)?(呢|啊)?$")

# What a text says, in a word: the notice or the approval.
_TEXT_SAYS = re.compile(r"^(?:是|说)?(补正|通过|批准|通过了|批了|批准了|已完成)(?:的)?$")

_TEXT_CAME = re.compile(
    r"^(我)?(刚|刚刚|刚才|今天|昨天)?"
    r"((来了?|收到了?)(一?条|个)?(短信|消息|通知)(了)?|(短信|消息|通知)(来|到|收到)了)$"
)


def notice_named(parts: list[str]) -> list[str]:
    """ "补正短信，咋整": a notice named and then what to do about it came; so did what
    a text that came says in the next clause ("刚来短信，补正")."""
    out = list(parts)
    for i, (part, after) in enumerate(itertools.pairwise(parts)):
        if _NOTICE_NAMED.match(part) and WHAT_TO_DO.match(after):
            out[i] = "收到补正了"
        elif _TEXT_CAME.match(part) and (m := _TEXT_SAYS.match(after)):
            out[i + 1] = f"短信说{m.group(1)}"
    return out


def status_asked(parts: list[str]) -> bool:
    """Whether the welder asks where their own application is, which says it was handed in."""
    return any(
        _STATUS_ASKED.search(p)
        and not (ASKED_AHEAD.search(p) or _NOT_WHERE.search(p) or whose.someone_elses(p))
        for p in parts
    )


def latest(events: list[Event]) -> Event | None:
    """The event furthest along the procedure. Review and correction can repeat, so among
    them the one that happened last wins ("补正弄好又交了，今天又收到补正" is a second
    notice), the one said last if the message does not say otherwise; a wait for news
    only when nothing else of them is said."""
    best = max(events, key=lambda e: (ORDER[e.name], e.clause), default=None)
    if best is not None and best.name in _LOOP:
        # No news yet ("可我没收到短信") says only that it was handed in, which a notice
        # or a hand-in told in the same message says as well.
        loop = [e for e in events if e.name in _LOOP]
        loop = [e for e in loop if not e.waiting] or loop
        best = max(loop, key=lambda e: (-e.when, not e.background, e.clause))
    return best
