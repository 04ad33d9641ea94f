"""What a welder's words say about where they are in the procedure. Pure; no I/O."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from . import clauses, commands, events, news
from .knowledge import ChecklistItem, KnowledgeBase, Step
from .store import Progress

_ITEM_DONE = re.compile(
    r"(都|也|已经|全)?((做|弄|搞|填|写|拍|办|装|下|准备|认证|开|打印|盖|签)?"
    + news.DONE
    + r"照?|做|写|拍|办|装|装上|弄|开|建|认证|注册|有|在(电脑|桌面)上?|在电脑里)了"
    r"|(都|也|已经)?(在|拿在)手(上|里|头上)"  # "三样都在手上"
)

# "word文档已制作完成", "学历证明已取回", "实名认证ok": said done at the clause's end, no 了.
_DONE_END = re.compile(
    r"([一二三四两\d]个)?(都|也|均|全部|全|已经|已)*(制作|做|弄|填写|准备|取|拿)?"
    r"(完成|完毕|就绪|回来|回|ok|okay|搞定)$"
)
# "报名表打好了": printed, which is not ready for an item with more to do after printing.
_PRINTED = re.compile(r"^(都|也|已经|已)?(填(好|完))?(打印|打|印)(好|完|出来)")
# "资料都拍好照了": the three papers are ready, photographed for the Word files.
_PHOTOGRAPHED = re.compile(
    r"((资料|材料|东西|三样|三份|纸).{0,3}|^(都|也|已经)?)(拍(好|完|了|过)|拍照.{0,3}了)"
)
# "章也盖了", "签字盖章都弄了": what is left after printing, said done.
_FINISHED = re.compile(r"(盖|签|章)[^，,]{0,6}了")
# "三个文件传好了", "随申办扫码好了": uploaded, or used to log in, is the application's
# step, not the paper made.
_USED = re.compile(r"(都|也|已经|全)*(上传|传|交|扫|登录|登入|登进|登上)")
# "随申办装了老闪退", "体检单只写了右眼": ready, but a problem with it is what the welder
# reports.
_PROBLEM = re.compile(
    r"闪退|打不开|用不了|不能用|不行|失败|出错|报错|登不上|进不去|只(写|有|填|盖|签|拍)|少了|缺"
)
# "随申办还没装": an item named, then denied.
_NOT_YET = re.compile(r"(那个|这个)?(我|俺)?(也|都|还|但|可)*(没|未|忘了|忘记)有?")
# "体检还没去做": denied with a verb that makes it, not one that hands it in ("还没传").
# "报名表单位没盖章", "体检报告上没有辨色力": it lacks what makes it, a few words on.
_NOT_MADE = re.compile(
    r"([^，没未]{0,4}(也|都|还|但|可)*(没|未|忘了|忘记)有?去?(盖|敲|贴|签|带)"
    r"|[^，没未]{0,4}(没|未)有?(章|红章|公章|照片|签字|签名|辨色力|色盲|视力))"
    r"|" + _NOT_YET.pattern + r"去?(做|弄|搞|整|办|拿|写|拍|建|准备|盖|签|装|安装|下载)"
)
# "就差装随申办", "还没建word文档": an item still to do, named after the words that say so.
# "得先去补个体检", "要重新拍照片": to be made again.
_LEFT_BEFORE = re.compile(
    r"((就|还|只)(差|剩下?)(一个|个|一样)?|(没|未)有?去?)(装|做|弄|搞|整|办|拿|写|拍|建|准备)?(好|完)?(一个|个)?$"
    r"|(先|得|要|再|我)*去?(补|重做|重新做|重新弄|重拍|重新拍|重盖|重新盖|重开|重新开)(一个|个|一份|份|一下)?$"
)
# "别的都好了，就差章": all but what finishes the printed form (the stamp, the signature).
_FINISHING_LEFT = re.compile(r"(就|还|只)(差|剩下?)(盖|敲|签|贴)?(个|一个)?(红章|公章|章|字|名)")
# "拍了照", "还要拍照?": the papers photographed, which is how the Word files are begun.
_PHOTOGRAPHING = re.compile(r"拍(了|完|好|过)?照|拍(了|完|好)")
# "已完成体检", "填写好了报名表": the verb before the item.
_DONE_BEFORE = re.compile(r"(完成|做好|弄好|搞好|填好|写好|办好|装好|做完|弄完|写完|填完)了?$")
# "都拍照做成word了": the item after the verb that made it.
_MADE_INTO = re.compile(r"((做|作|弄|转|存)成|存(进|到)?|(做|弄)好|(放|插)(进|到)?)$")
# "放word里了": what follows the item made.
_INTO_DONE = re.compile(r"(里面?|中)?了")


def checklist_done(kb: KnowledgeBase, text: str) -> set[str]:
    """Checklist items a statement says are ready ("体检报告弄好了")."""
    if clauses.is_question(text):
        return set()
    done = set()
    if (m := _PHOTOGRAPHED.search(text)) and not clauses.negated_inside(m.group(0)):
        done |= papers(kb)
    used = {item.id for item, _, end in _named(kb, text) if _USED.match(text, end)}
    for item, at, end in _named(kb, text):
        tail = text[end : end + 12]
        if only_printed(item, tail) or _PROBLEM.search(text, at) or item.id in used:
            continue
        m = _ITEM_DONE.search(tail)
        # "材料已拍照转成word文件": made already, the clause ending with the item.
        into = _INTO_DONE.match(tail) or (end == len(text) and "已" in text[:at])
        made = _MADE_INTO.search(text, max(0, at - 2), at) and into
        before = _DONE_BEFORE.search(text, max(0, at - 4), at)
        made = made or (before and not clauses.negated(text, before.start()))
        m = m and not clauses.negated_inside(tail[: m.end()])
        m = m or _DONE_END.match(text, end)  # its words leave no room for a negation
        if (m or made) and not clauses.negated(text, at):
            done.add(item.id)
            done.update(item.needs)
    return done


def papers(kb: KnowledgeBase) -> frozenset[str]:
    """The papers: what the Word files hold, photographed."""
    return frozenset(need for item in kb.checklist for need in item.needs)


def photographing(kb: KnowledgeBase, parts: list[str]) -> frozenset[str]:
    """The papers, when a message speaks of photographing them ("都弄好了 拍了照", "材料都好了
    还要拍照?") and says nothing made or needed after that is ready: what is all ready is the
    papers, and the Word files are being made from their photos."""
    if not any(map(_PHOTOGRAPHING.search, parts)):
        return frozenset()
    held = papers(kb)
    return frozenset() if any(checklist_done(kb, part) - held for part in parts) else held


def only_printed(item: ChecklistItem, text: str) -> bool:
    """ "打好了" of an item with more to do after printing (the form is stamped and signed)."""
    return item.after_printing and bool(_PRINTED.match(text))


def printed_of_files(item: ChecklistItem, text: str) -> bool:
    """ "打好了" said of what is made from the papers (the Word files): printing makes papers,
    so it is about one of those, not the files."""
    return bool(item.needs) and bool(_PRINTED.match(text))


def not_ready(kb: KnowledgeBase, text: str) -> set[str]:
    """The checklist items a statement names as not ready ("随申办还没装", "就差盖章")."""
    unfinished = {item.id for item in kb.checklist if item.after_printing}
    return _denied(kb, text, _NOT_YET) | (unfinished if _FINISHING_LEFT.search(text) else set())


def not_made(kb: KnowledgeBase, text: str) -> set[str]:
    """The checklist items a statement names as not made yet ("体检还没去做"), not as not
    uploaded ("体检报告还没传")."""
    return _denied(kb, text, _NOT_MADE)


def _denied(kb: KnowledgeBase, text: str, after: re.Pattern[str]) -> set[str]:
    """The items named with words that deny them: `after` the item, or before it."""
    return {
        item.id
        for item, at, end in _named(kb, text)
        if after.match(text, end) or _LEFT_BEFORE.search(text, max(0, at - 6), at)
    }


def _named(kb: KnowledgeBase, text: str) -> Iterator[tuple[ChecklistItem, int, int]]:
    """Each way the text names an item of the checklist: the item, where the word starts
    and where it ends."""
    for item in kb.checklist:
        for word in item.words:
            if (at := text.find(word.lower())) >= 0:
                yield item, at, at + len(word)


def papers_named(kb: KnowledgeBase, text: str) -> set[str]:
    """The steps that ready the papers the text names ("体检的章": the medical report's)."""
    held = papers(kb)
    return {item.step for item, _, _ in _named(kb, text) if item.id in held and item.step}


def only_named(kb: KnowledgeBase, part: str) -> set[str]:
    """The items a clause that only names them names ("学历安全", "三样材料")."""
    return {item.id for item in kb.checklist if part in item.words}


def listed_done(kb: KnowledgeBase, parts: list[str]) -> set[str]:
    """Items named one by one and then all said ready ("报名表，学历安全，体检报告，三张纸
    都填好了"), and an item printed, then said stamped or signed ("申请表打出来了，红章
    也敲好了")."""
    done: set[str] = set()
    listed: set[str] = set()
    printed: set[str] = set()
    for part in parts:
        if printed and (m := _FINISHED.search(part)) and not clauses.negated_inside(m.group(0)):
            done |= printed
        printed |= {item.id for item, _, end in _named(kb, part) if only_printed(item, part[end:])}
        if named := only_named(kb, part):
            listed |= named
            continue
        if listed and "都" in part and _ITEM_DONE.search(part) and not clauses.negated_inside(part):
            done |= listed
        listed = set()
    return done


def checklist_pointer(kb: KnowledgeBase, checklist: set[str], current: str | None) -> str | None:
    """Where the step pointer stands once these items are ready: just before the step of
    the first item still missing, so that 下一步 shows it; never behind where it was."""
    missing = next((i for i in kb.checklist if i.id not in checklist and i.step), None)
    at = step_index(kb, missing.step) if missing else -1
    return furthest(kb, current, kb.steps[at - 1].id if at > 0 else None)


def readied_by(kb: KnowledgeBase, step_id: str | None) -> ChecklistItem | None:
    """The checklist item that a step readies, if any."""
    return next((item for item in kb.checklist if item.step == step_id), None)


def last_readied(kb: KnowledgeBase, items: set[str]) -> str | None:
    """The latest step of the procedure that readies one of these items."""
    steps = [item.step for item in kb.checklist if item.id in items and item.step]
    return max(steps, key=lambda step: step_index(kb, step), default=None)


def later_items(kb: KnowledgeBase, at: str | None = None) -> frozenset[str]:
    """The items needed only later on (the app, at the login), not to start applying; with
    `at`, those not needed yet at that step."""
    return frozenset(
        item.id
        for item in kb.checklist
        if item.needed_at and step_index(kb, item.needed_at) > step_index(kb, at)
    )


def resumed(kb: KnowledgeBase, items: set[str]) -> Step | None:
    """The step where the first of these items needed only later is needed."""
    steps = [kb.step(item.needed_at) for item in kb.checklist if item.id in items]
    return min(filter(None, steps), key=lambda s: step_index(kb, s.id), default=None)


def made_from(kb: KnowledgeBase, items: set[str]) -> frozenset[str]:
    """The items and what is made from them (the Word files, from the papers)."""
    return frozenset(items) | {item.id for item in kb.checklist if items & set(item.needs)}


def to_start(kb: KnowledgeBase) -> frozenset[str]:
    """The items needed to start applying: all but those needed only later."""
    return all_items(kb) - later_items(kb)


def all_items(kb: KnowledgeBase) -> frozenset[str]:
    """Every checklist item: a welder who says all materials are ready has them all."""
    return frozenset(item.id for item in kb.checklist)


def next_step(kb: KnowledgeBase, step_id: str | None, stage: str) -> Step | None:
    """The step after `step_id`, or the first step of `stage` when none was discussed.
    After the last step of the review or of a correction comes waiting for the office's
    news, never the notice or the approval themselves."""
    steps = kb.steps
    if step_id is None or kb.step(step_id) is None:
        return kb.stage(stage).steps[0]
    at = [s.id for s in steps].index(step_id)
    after = steps[at + 1] if at + 1 < len(steps) else None
    if after and after.stage in events.BY_NEWS and after.stage != steps[at].stage:
        return kb.stage("review").steps[0]
    return after


def previous_step(kb: KnowledgeBase, step_id: str | None, stage: str) -> Step | None:
    steps = kb.steps
    if step_id is None or kb.step(step_id) is None:
        first = kb.stage(stage).steps[0]
        at = [s.id for s in steps].index(first.id)
    else:
        at = [s.id for s in steps].index(step_id)
    return steps[at - 1] if at > 0 else None


def numbered(kb: KnowledgeBase, digit: str) -> Step | None:
    """The application's step of a number as the guide's second part numbers them ("第5步"),
    the digit as a welder types it; None past the last."""
    return kb.step(f"sub_{commands.number(digit)}")


def step_index(kb: KnowledgeBase, step_id: str | None) -> int:
    """Where a step stands in the whole procedure; -1 for none."""
    return next((i for i, s in enumerate(kb.steps) if s.id == step_id), -1)


def furthest(kb: KnowledgeBase, current: str | None, reached: str | None) -> str | None:
    """The step pointer only moves forward: the later of the two steps."""
    return reached if step_index(kb, reached) > step_index(kb, current) else current


def position(kb: KnowledgeBase, state: Progress) -> str | None:
    """Where the welder is: the step they last reported ("": none yet, the stage's start),
    if the pointer has only read ahead of it within the stage; else the pointer."""
    if state.reported == "":
        return None
    reported = kb.step(state.reported)
    if reported and reported.stage == state.stage:
        return min(state.reported, state.step, key=lambda s: step_index(kb, s))
    return state.step


def settled(kb: KnowledgeBase, before: Progress, after: Progress) -> Progress:
    """The turn's progress with `reported` kept honest: an answer that read ahead leaves the
    welder where they were; any other move of the pointer is where they are now."""
    if after.stage == before.stage and after.step == before.step:
        return dataclasses.replace(after, reading=False)
    reading = after.reading and after.stage == before.stage
    reported = (position(kb, before) or "") if reading else None
    return dataclasses.replace(after, reported=reported, reading=False)
