"""Changing what was handed in. After handing in, "写错了能改吗" is what the guide says of
changing then; during a correction, what the notice finds wrong ("告知书上讲体检报告没盖章")
is what the guide requires of that paper or field, then how to hand it in again. Pure."""

from __future__ import annotations

import re

from .entries import Entry
from .knowledge import KnowledgeBase
from .matcher import Matcher

# "写错了能改吗": changing what was filled in.
_CHANGE = re.compile(
    r"(能|可以|还能|好|咋|怎么|如何|哪能|要|想)(再|重新)?(改|修改|更改)"
    r"|(改|修改|更改)(得了|一下)?(吗|伐|么|嘛|不)|(写|填|打|传|弄|选)错|(写|填|选)(得|的)不对"
    # "地址在哪改": where it is changed.
    r"|哪(里|儿)?(能|可以|去)?(改|修改|更改)"
    # "体检那格传成学历的了": the wrong one handed in; not "传成功".
    r"|(传|填|选)成(?!功)"
)
# "重新拍好了怎么再交": handing in again, which is what a correction is for.
_AGAIN = re.compile(
    r"(怎么|哪能|咋)(再|重新)?(传|上传|交)|(传|交)(到)?(哪|哪里)|在哪(里)?(传|上传|交)"
)
_BOX = re.compile(r"框|栏|格")
# What a correction notice finds wrong with a paper or a field.
_FAULT = re.compile(
    r"不对|不清|看不清|模糊|没有?(盖|写|签|贴)|没(有|得)[^，]{0,5}(章|签名|签字|照片|名字)|不全|缺|不符|不一致|不一样|对不上|不合格|不规范|不是本人|错"
    r"|要.{0,4}(盖|签|贴|补(?!正))|要(照|按|跟)[^，]{1,8}(写|填)|(要|得)?重新(弄|做|开|拍|传)|(也|还|都)(要|得)改"
)
# The notice itself, and the words that report what it says.
_NOTICE = re.compile(
    r"补正告知书|补正材料通知书|补正通知书?|告知书|通知书|补正|pdf|上面|里面|讲|说|写着|写的|打开"
)
# Stages whose entries are papers and fields a notice can find wrong.
_MADE_IN = ("preparation", "submission")


def changing(kb: KnowledgeBase, stage: str, text: str) -> Entry | None:
    """The entry on changing things at this stage, if the message asks to change something."""
    changes = kb.stage(stage).changes
    # "传哪个框" asks which box, which the box's own entry says.
    again = stage == "correction" and _AGAIN.search(text) and not _BOX.search(text)
    asked = _CHANGE.search(text) or again
    return kb.entry(changes) if changes and asked else None


def fault(kb: KnowledgeBase, matcher: Matcher, stage: str, text: str) -> tuple[Entry, Entry] | None:
    """During a correction, the paper or field the notice finds wrong (the entry that says
    what the guide requires of it) and the entry on handing it in again; None otherwise."""
    again = kb.entry(kb.stage(stage).changes)
    if stage != "correction" or again is None or not _FAULT.search(text):
        return None
    decision = matcher.decide(_NOTICE.sub("", text))
    best = decision.best
    # Near neighbours ("申请表上没签字": the signature, or filling it in) are one paper's
    # requirements: the best of them says what to put right.
    if decision.tier not in ("answer", "clarify") or best is None:
        return None
    about_changing = {s.changes for s in kb.stages}  # "写错了能改吗" names no paper
    paper = best.entry.stage in _MADE_IN and best.entry.id not in about_changing
    return (best.entry, again) if paper else None
