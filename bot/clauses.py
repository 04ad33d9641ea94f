"""A message cut into clauses ("批了，传好了" -> "批了", "传好了"), and what a clause is:
a question, a negation, a denial of what was said, or how something was done. Pure; no I/O.
"""

from __future__ import annotations

import re

from .news import WHEN

# A clause is about the past or present ("提交了"); these mark a question or a plan instead.
# A clause that starts "还是补正" says the status is still that; "通过还是补正" asks. After
# 以后, something that came ("网上交了之后今天来了补正短信了") is told, not asked.
_QUESTION = re.compile(
    r"[?？]|吗|么$|怎么(?!又)|怎样|咋(?!又)|如何|干嘛|什么(?!的|都)|啥(?!的|都)|哪|多大|(?<!没)(?<!没过)(多久|多少|多长|(?<![好十前这那])(?<!^[过隔]了)几天(?!前))|(?<![这那得没十好])几[寸张个份页步样种条次](?!月?前)|(以后|之后)(?![又就]|[啊呀][^，,。？?\s]{2}|一直|(我|他)?(发现|换了|收到了)|[^，,。？?\s]{0,16}(收到|来|出来)[^，,。？?\s]{0,10}了$)|后来(?![^，,。]{0,8}了)|的话"
    r"|如果|要是|万一|假如|假设|能不能"
    r"|可不可以|是不是|有没有|算不算|行不行|对不对|可以了?不|会不会|要不要|用不用|需不需要"
    r"|(对|是)(吧|伐)$|还是(?!已|没|不|一样|在|一直|老样子|那样|这样|(?<=^还是)补正|(?<![过成批准了]还是)(红字|红色的?)?补正$)"
    # "体检看眼睛不", "能叫别人帮我弄不": a closing 不 asks, unless it is 也不, 都不, 我不...
    r"|(?<![也都就并绝从我他她])不[啊呀嘛]?$"
    # "提交了还能改", without a 吗: whether something may still be done.
    r"|还(能|可以)[^，,。了]{1,6}$"
    # "审批通过了没有": whether it has happened.
    r"|了(没|没有|伐)[啊呀呢]?$"
)

_NEGATION = re.compile(
    r"(还没|没有|没|未|不|别|还差|忘了|忘记)(有|能|会|要|曾|去|再|予|是|说|讲)?$"
)

_DENIAL = re.compile(r"^(不是|并不是|也不是|没有|不对)")

# Clause ends. In a message that asks something, only a 了 ends a statement ("我提交了，要等
# 多久"); "提交了以后…", "通过了吗" stay one question. An emoji is punctuation ("批了🎉").
_ENDS = "[,，。!！~～…;；\\s\u2600-\u27bf\U0001f300-\U0001faff]"

_CLAUSE = re.compile(rf"(了){_ENDS}*|{_ENDS}+")

# "提交两个礼拜了，怎么一点动静都没有": how long since is a report, too.
_REPORTER = re.compile(r"我|已经|刚|今天|昨天|前天|上周|终于|都|也|现在|" + WHEN)

# What the welder means to do next ("已完成了我要下载决定书"): the 了 before it ends a report.
_INTENT = re.compile(
    r"(我|现在)?(要|想|准备|打算)(去)?(下载|下|打印|打|寄|传|上传|提交|交|补正|填|登)"
)

# "网站打开了先点哪里": the next thing to do, asked after what was done.
_NEXT_ASKED = re.compile(r"(先|第一步|然后|接下来|下面|下一步)(要|该|得|我)?(点|干|做|弄|选|按)")

_TIED = re.compile(r"(以后|之后|后|的话|吗|么|没|没有|呢|吧|嘛|啊|呀)")

# A voice-typed message has no commas: a new clause starts at 然后 ("…交的申请然后今天收到
# 短信说要补正") and at the welder's own question ("…我不知道怎么弄").
_VOICE_BREAK = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<!我)"
    r"(?=然后[\u4e00-\u9fff]{3}|然后(呢|啊)?$|我?(不知道|不晓得|伐晓得|不懂)[\u4e00-\u9fff]{2}|但是|可是)"
    r"|(?<=了)(?=(也|又)[\u4e00-\u9fff]{1,5}了)"  # "下载下来了也打印了": two things done
)

# News received, then what it means ("收到一个补正的短信什么意思"): two clauses.
_NEWS_ASKED = re.compile(
    r"(我|今天|刚|昨天|已经)[^，,。?？]{0,3}(收到|接到)(?!的)[^，,。?？]{2,12}?(?=(是)?(什么|啥)意思$|(该)?(怎么办|咋办|怎么弄|咋弄)$)"
)

# "下好了写着单位名称不对": what came, then what it says.
_SAYS = re.compile(r"(上面|里面|上头|里头)?(说|讲|写着|写的|显示)")

# "审批通过了受理通知书去哪下载", "审批通过了下一步干啥": the approval named in full, which has no
# object after its 了, then a question about what it brings or what comes next. Not
# "审批通过了要干啥" or "审批通过了在哪看", which may be asked ahead.
_PASSED = re.compile(r"(审批|审核|申请)(已经)?(通过|批准)$|(审批|审核)(已经)?过$")

_APPROVAL_BRINGS = re.compile(
    r"决定书|受理|通知书|pdf|照片|打印|下载|寄|快递|下一步|然后|接下来|下面|(在|去)?哪(里|儿)?下|怎么下|咋下"
)

# "点了提交了": a click, what was clicked, then the 了 that ends the clause.
_CLICK_OF = re.compile(r"(?<=[点按])了(?=[\u4e00-\u9fff]{1,6}了)")

# "来了两条短信": what came follows the 了, counted.
_COUNTED = re.compile(r"[一两二三四五六七八九十\d]+(条|个|份|封)")

# Nobody's message has more clauses than this; a crafted one is read this far.
MAX_CLAUSES = 16


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def clauses(text: str) -> list[str]:
    """The message's clauses: cut at punctuation, and after 了 ('批了传好了')."""
    text = _NEWS_ASKED.sub(r"\g<0>，", _VOICE_BREAK.sub("，", text))
    asks = is_question(text)
    parts, start = [], 0
    for m in _CLAUSE.finditer(text):
        if len(parts) >= MAX_CLAUSES - 1:
            break
        if asks and not m.group(1) and _TIED.match(text, m.end()):
            continue
        bare = m.group(0) == "了"
        # A bare 了 ends a statement only before a question ("我提交了要等多久"), and not
        # before 以后/吗/没有..., which tie the two into one question ("提交了以后呢").
        intent = bool(_INTENT.match(text, m.end()) or _SAYS.match(text, m.end()))
        if bare and (not (asks or intent) or _TIED.match(text, m.end())):
            continue
        # "提交了还能改吗" asks about the step; "我提交了要等多久" reports it first, and so
        # does an approval, which takes no object ("审批通过了受理通知书去哪下载").
        reported = (
            _REPORTER.search(text, start, m.start()) or _NEXT_ASKED.match(text, m.end())
        ) or (_PASSED.search(text, start, m.start()) and _APPROVAL_BRINGS.match(text, m.end()))
        if bare and not intent and not reported:
            continue
        if bare and _COUNTED.match(text, m.end()):
            continue  # "今天来了两条短信": one clause
        if bare and _CLICK_OF.match(text, m.start()):
            continue  # "也点了提交了": the first 了 is the click's, and what was clicked follows
        end = m.start() + bool(m.group(1))
        if end > start:
            parts.append(text[start:end])
        start = m.end()
    if start < len(text):
        parts.append(text[start:])
    return parts


def reported(clause: str) -> bool:
    """A statement of something done ("手机上也确认了"): more of a report, no question."""
    return clause.endswith("了") and not is_question(clause)


_HOW = re.compile(r"(用|通过|拿|在|关联)[^，]{1,10}的$")


def told_how(clause: str) -> bool:
    """How something was done, told as its background ("我是支付宝关联注册的"): no question.
    Not what something is ("名字是我的")."""
    return bool(_HOW.search(clause)) and not is_question(clause)


def contradicts(clause: str) -> bool:
    """A clause that says something is not so ("不是已完成"): no question to answer. (Not
    `denies`, which says a stage has not come yet.)"""
    return bool(_DENIAL.match(clause)) and not is_question(clause)


def negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 3) : start]))


def negated_inside(span: str) -> bool:
    return any(neg in span for neg in ("没", "不", "未", "忘"))


# "社区医院做的": where or when something was done, told beside a question, is not what is
# asked ("体检报告要敲章吗 社区医院开的").
_TOLD_DONE = re.compile(r"(做|弄|开|拍|办|打)的$")

_SPACES = re.compile(r"\s+")


def asked_part(text: str) -> str:
    """The message without the clauses that only tell what was done, when another asks."""
    pieces = [p for c in clauses(text) for p in _SPACES.split(c) if p]
    told = [p for p in pieces if _TOLD_DONE.search(p) and not is_question(p)]
    if not told or len(told) == len(pieces):
        return text
    return "，".join(p for p in pieces if p not in told)
