"""What a welder's words say about where they are in the procedure. Pure; no I/O."""

from __future__ import annotations

import re

from .knowledge import KnowledgeBase, Step

# A statement is about the past or present ("提交了"); these mark a question or a plan instead.
_QUESTION = re.compile(
    r"[?？]|吗|么$|怎么|怎样|咋|如何|什么|啥|哪|多久|几天|以后|之后|后来|的话|如果|要是|能不能|可不可以|是不是|有没有"
)
_NEGATION = re.compile(r"(还没|没有|没|未|不|别|还差)(有|能|会|要|曾|去|再)?$")
_DONE = r"(好|完|齐|完成|做好|弄好|搞好|准备好|办好|拿到|交|过)"

# Target stage -> patterns of statements that put a welder there. Order matters: the first
# stage whose pattern matches wins, so the later stages of the procedure come first.
STATEMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "done",
        (
            r"(寄|快递|邮寄|发)(出去|出|走|给(陈)?老师|给了(陈)?老师|掉)了?",
            r"(发|寄)了?快递",
            r"(已经|都)(寄|快递|邮寄)了",
            r"(寄|快递|邮寄)(过去|好)了",
            r"老师(已经)?收到了?",
        ),
    ),
    (
        "download",
        (
            r"(审批|审核|申请|区局|补正)(已经|也)?(通过|过了|批准|下来了|批下来了|成功)",
            r"(批下来|批准|批了|审批好)了",
            r"^(已经)?通过了",
            r"状态.{0,4}已完成",
            r"已完成了?",
            r"(收到|来了).{0,6}(通过|批准|第二条).{0,3}(短信|消息|通知)",
            r"第二条(短信|消息)",
            r"决定书.{0,4}(下载|打印|打)(好|完|出来)了",
        ),
    ),
    (
        "correction",
        (
            r"(收到|来了|接到|有).{0,8}补正",
            r"补正.{0,6}(收到|来了|到了)",
            r"(要|让我|需要|叫我|又要|又得|再次|又)补正",
            r"状态.{0,4}补正",
            r"(被|给)?(退回|打回)(来)?了?",
            r"补正(短信|通知|通知书|告知书)(来了|到了)",
            # Getting the correction ready is still the correction, not the first application.
            r"补正.{0,6}(材料|资料|文件).{0,6}(准备|弄|做|搞|改)(好|齐|完)了",
        ),
    ),
    (
        "review",
        (
            r"(补正|材料|资料|申请)?.{0,6}(已经|重新|都|也)?(提交|交上去|递交|申请)(好|完|上去|成功)?了",
            r"(在|正在)等(审批|审核|结果|消息)",
            r"(已经|刚|刚刚)(提交|递交|交)(完|好|上去)?",
            r"状态.{0,4}已提交",
            r"补正.{0,8}(重新|已经|都)?(交|传|上传)(好|完|上去)?了",
            # "我已提交了"; not "还是已提交" / "显示已提交", which read the page's status out.
            r"(?<!是)(?<!显示)已提交了?$",
        ),
    ),
    (
        "submission",
        (
            r"(材料|资料|文件|文档|三份|东西).{0,8}(都|也|全|已经)?" + _DONE + r"了",
            r"(word|文档).{0,6}(都|也|已经)?(做|弄|建)(好|完)了",
            r"准备(好|齐)了",
        ),
    ),
)
_COMPILED = tuple((stage, tuple(map(re.compile, pats))) for stage, pats in STATEMENTS)
_ITEM_DONE = re.compile(
    r"(都|也|已经|全)?(做|弄|搞|填|写|拍|办|装|下|准备|认证|开|打印|盖|签)?" + _DONE + r"了"
)


# "我提交了，要等多久": a statement, then a question. What follows 了 here keeps them apart;
# "提交了以后…", "通过了吗", "补正了没有" are one question instead.
_CLAUSE = re.compile(r"(了)[,，。!！~～…;；\s]*|[,，。!！~～…;；\s]+")
_TIED = re.compile(r"(以后|之后|后|的话|吗|么|没|没有|呢|吧|嘛|啊|呀)")


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[max(0, start - 3) : start]))


def statement_cuts(text: str) -> list[tuple[str, str]]:
    """Where a message may be cut into a leading statement and the rest.

    '收到补正短信了，怎么办' -> [('收到补正短信了', '怎么办')]; one clause -> []. A message
    that asks something is cut only after a 了 ('我提交了，要等多久'): its other clauses
    are read together, as one question. One that asks nothing is cut at every clause end
    ('收到通过短信，查询里看不到申请').
    """
    asks = is_question(text)
    cuts = []
    for m in _CLAUSE.finditer(text):
        if asks and not m.group(1):
            continue
        # A bare 了 before 以后/吗/没有... ties the two into one question; a comma does not.
        tied = m.group(0) == "了" and _TIED.match(text, m.end())
        if m.end() < len(text) and not tied:
            cuts.append((text[: m.start() + bool(m.group(1))], text[m.end() :]))
    return cuts


def stage_statement(text: str) -> str | None:
    """The stage a statement puts the welder in, or None for questions and negations."""
    text = text.replace("啦", "了")
    if is_question(text):
        return None
    for stage, patterns in _COMPILED:
        for pattern in patterns:
            for m in pattern.finditer(text):
                if not _negated(text, m.start()) and not _negated_inside(m.group(0)):
                    return stage
    return None


def _negated_inside(span: str) -> bool:
    return any(neg in span for neg in ("没", "不", "未"))


def checklist_done(kb: KnowledgeBase, text: str) -> set[str]:
    """Checklist items a statement says are ready ("体检报告弄好了")."""
    if is_question(text):
        return set()
    done = set()
    for item in kb.checklist:
        for word in item.words:
            at = text.find(word.lower())
            if at < 0:
                continue
            tail = text[at + len(word) : at + len(word) + 12]
            m = _ITEM_DONE.search(tail)
            if m and not _negated_inside(tail[: m.end()]) and not _negated(text, at):
                done.add(item.id)
    return done


def all_items(kb: KnowledgeBase) -> frozenset[str]:
    """Every checklist item: a welder who says all materials are ready has them all."""
    return frozenset(item.id for item in kb.checklist)


def next_step(kb: KnowledgeBase, step_id: str | None, stage: str) -> Step | None:
    """The step after `step_id`, or the first step of `stage` when none was discussed."""
    steps = kb.steps
    if step_id is None or kb.step(step_id) is None:
        return kb.stage(stage).steps[0]
    at = [s.id for s in steps].index(step_id)
    return steps[at + 1] if at + 1 < len(steps) else None


def previous_step(kb: KnowledgeBase, step_id: str | None, stage: str) -> Step | None:
    steps = kb.steps
    if step_id is None or kb.step(step_id) is None:
        first = kb.stage(stage).steps[0]
        at = [s.id for s in steps].index(first.id)
    else:
        at = [s.id for s in steps].index(step_id)
    return steps[at - 1] if at > 0 else None
