"""What a welder says has not happened yet ("还没点提交", "迟迟没批"), and a welder
putting right what they said before ("不对，我还没提交"). Pure; no I/O."""

from __future__ import annotations

import re

from .clauses import is_question

# The welder putting right what they said before ("不对，我还没提交").
CORRECTING = re.compile(
    r"不对|搞错|弄错|说错|讲错|问错|记错|打错|按错|其实|刚才.{0,3}错|^(等一下|等等|等下)$"
    r"|^(没有|没)(没有|没)+$"  # "没有没有，还没到那步"
    r"|(好像|原来|根本|压根)(就|还)?(没|未)"
    r"|^(哦|噢|啊|呃|额|嗯)?我(说|讲)的是|我的意思是"  # "我说的是报名表交了": what they meant
    r"|^(哦|噢|啊|呃|额|嗯)?(不是)+(的|啦|呀)?$"
)

# Where a welder is who says a stage has not come yet: not approved is still waiting, not
# the correction (a side loop) before it.
BEFORE = {
    "done": "download",
    "download": "review",
    "correction": "review",
    "review": "submission",
    "submission": "preparation",
}

# Not done, or forgotten ("没点", "忘了点"): how each denial below begins.
_UNDONE = r"(没|未|忘了|忘记了?)(有)?"

# What a welder says has not happened yet, latest first.
_DENIALS = tuple(
    (stage, re.compile(pattern))
    for stage, pattern in (
        ("done", _UNDONE + r"(寄|快递|下载|下(?!来)|打印)"),
        ("download", _UNDONE + r"(说|讲|显示)?(批|通过|审批通过|下来)"),
        ("correction", _UNDONE + r"(收到)?(补正|退回)"),
        (
            "review",
            _UNDONE
            + r"(点|按)?(提交|交|递交|申请)|提交(按钮|键)?(还|也|都)?"
            + _UNDONE
            + r"(点|按)",
        ),
        ("submission", _UNDONE + r"去?(准备|弄|做|拿|建|写|拍|整|搞)(好|齐|完|到)?"),
    )
)

_PAPERS = "(材料|资料|东西|体检|报名表|申请表|学历|word)"

# Where a welder who puts things right says they still are ("说错了，资料还在弄"): the
# stage after it is not reached. Not papers of a correction ("补正材料还在弄").
_STILL = (
    ("review", re.compile(r"还在(网上)?(填|上传|传|申请)")),
    (
        "submission",
        re.compile(
            rf"^(?!.*补正).*((还|正)?在(准备{_PAPERS}?|(弄|做|整|搞){_PAPERS})[报告证明文档表呢啊呀哦]*$"
            r"|(材料|资料|东西)(还|都)?在(准备|弄|做|整|搞))"
        ),
    ),
)

# What has not come yet that says what came before it, told rather than asked: "迟迟没批"
# and "也没来补正" are said while waiting, so the application was handed in; the decision
# "还没寄" was downloaded, so it was approved.
_AWAITED = (
    # Not "审批不通过", which is turned down.
    (
        "review",
        re.compile(
            r"(还|一直|都|也|仍然|迟迟)(没|未)(有)?(说|讲|显示)?(批|通过|审批通过)|(没|未)(有)?批下来"
            r"|(还|一直|都)?(没|未)(有)?收到(补正|退回)|(还|一直|都)(没|未)(有)?(补正|退回)"
        ),
    ),
    (
        "download",
        re.compile(
            r"(决定书|受理通知书).{0,30}(没|未)(有)?(寄|快递)|(没|未)(有)?(寄|快递).{0,30}(决定书|受理通知书)"
        ),
    ),
)

# An exam or the medical not passed or not out yet ("理论还没考过", "体检结果还没出") is no
# wait for the approval.
_NOT_THE_APPLICATION = re.compile(r"考|体检|报告|结果")

# Words around the thing still to do ("但word文档还没有做"): not part of it.
_ASIDE = re.compile(r"^(但是?|可是|不过|就是|只是|只)|(还|都|也|我|俺|却)+$")


def denies(part: str) -> bool:
    """The clause says a stage has not come yet ("还没点提交")."""
    return any(pattern.search(part) for _, pattern in _DENIALS)


def pending(part: str) -> str | None:
    """What the first clause that says something is still to do names ("还没点提交" ->
    "点提交", "word文档还没有做" -> "做word文档"), or None."""
    for clause in re.split(r"[,，]", part):
        for _, pattern in _DENIALS:
            if m := pattern.search(clause):
                verb = re.sub("^" + _UNDONE, "", clause[m.start() :])
                thing = _ASIDE.sub("", clause[: m.start()])
                return f"{verb}{thing}" or None
    return None


# "现在点了", "刚弄好了": done now, with no words of what.
_NOW_DONE = re.compile(r"^(现在|刚才|刚刚|刚|这会儿?|已经|也)+(点|按|弄|搞|做|交)?(好|完)?了$")


def made_good(parts: list[str]) -> list[str]:
    """ "还没点提交，这会儿点了": what a clause says is not done, done in a later clause that
    names nothing, is done; the clauses become one that says so ("点提交了")."""
    if not any(_NOW_DONE.match(p) for p in parts[1:]):
        return parts  # most messages: nothing done now, so no denial to look for
    for i, part in enumerate(parts):
        todo = None if is_question(part) else pending(part)
        later = next((j for j in range(i + 1, len(parts)) if _NOW_DONE.match(parts[j])), None)
        if todo and later is not None:
            return [*parts[:i], f"{todo}了", *parts[later + 1 :]]
    return parts


def awaited(parts: list[str]) -> str | None:
    """The stage a welder is at who says, not asking, that the approval or a notice has
    not come yet, or that the decision has not been mailed: the latest such stage."""
    told = [p for p in parts if not is_question(p) and not _NOT_THE_APPLICATION.search(p)]
    text = "，".join(told)
    return next((stage for stage, pattern in reversed(_AWAITED) if pattern.search(text)), None)


def correcting(parts: list[str]) -> int | None:
    """The first clause in which the welder puts right what they said ("不对", "说错了")."""
    return next((i for i, p in enumerate(parts) if CORRECTING.search(p)), None)


def denied(parts: list[str]) -> str | None:
    """The stage a welder who puts things right says they have not reached ('不对，还没提交')."""
    if correcting(parts) is None:
        return None
    # "还没提交 资料还在弄": where they say they still are comes first.
    for table in (_STILL, _DENIALS):
        for part in parts:
            for stage, pattern in table:
                if pattern.search(part):
                    return stage
    return None
