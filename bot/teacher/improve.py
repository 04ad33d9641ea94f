"""Turning a welder's words into knowledge: a new question variant, or a new entry."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from aiohttp import web

from ..entries import Entry
from ..inputs import row_id
from ..kb_yaml import Problem
from ..keys import CHAT, STORE
from ..knowledge import KnowledgeBase
from ..store import KnowledgeEdit, Said
from . import knowledge_edit
from .knowledge_edit import EditRefused
from .render import TEACHER, render

# Below this score an entry shares little more than common words with the question
# (unrelated chatter scores under 0.1): it is not suggested. One is chosen beforehand only
# from the score at which the bot would answer with it (the knowledge base's answer_at).
SUGGEST_AT = 0.15
MAX_QUESTION = 100
MAX_FIND = 50
_SPLIT_IDS = re.compile(r"[\s,，、;；]+")


def _one_line(text: object, limit: int) -> str:
    return " ".join(str(text or "").split())[:limit]


def _matches(entry: Entry, find: str) -> bool:
    find = find.lower()
    return any(find in s.lower() for s in (entry.id, entry.title, *entry.questions))


def _entries(kb: KnowledgeBase, find: str) -> list[Entry]:
    """Entries in the order of the procedure's steps, as teachers know it."""
    order = {step.id: i for i, step in enumerate(kb.steps)}
    chosen = [e for e in kb.entries if not find or _matches(e, find)]
    return sorted(chosen, key=lambda e: order.get(e.step, len(order)))


async def _asked(request: web.Request, source: Mapping) -> tuple[str, Said | None]:
    """The welder's words being improved on, and their message when they came from one."""
    message_id = row_id(str(source.get("message", "")))
    said = await request.app[STORE].welder_message(message_id) if message_id else None
    return (said.text if said else _one_line(source.get("asked", ""), MAX_QUESTION)), said


async def _page(
    request: web.Request, form: Mapping, problems: list[Problem] | None = None, status: int = 200
) -> web.Response:
    asked, said = await _asked(request, form)
    engine = request.app[CHAT].engine
    decision = engine.matcher.decide(asked) if asked else None
    # Likely homes for the words: the three closest entries above the floor, even when
    # the bot would not answer; one is chosen beforehand only when it is a strong match.
    ranked = engine.matcher.rank(asked)[:3] if asked else []
    closest = [s for s in ranked if s.score >= SUGGEST_AT]
    sure = engine.kb.thresholds.answer_at
    strong = closest[0].entry.id if closest and closest[0].score >= sure else ""
    find = _one_line(form.get("find", ""), MAX_FIND)
    return render(
        request,
        "teacher/improve.html",
        {
            "asked": asked,
            "said": said,
            "decision": decision,
            "find": find,
            "entries": _entries(engine.kb, find),
            "closest": closest,
            "here": urlencode({"message": said.id} if said else {"asked": asked}),
            "chosen": str(form.get("entry_id", "")) or strong,
            "weak": bool(asked) and not closest,
            "form": form,
            "kb": engine.kb,
            "problems": problems or [],
        },
        status,
    )


async def page(request: web.Request) -> web.Response:
    return await _page(request, request.query)


async def _apply(request: web.Request, form: Mapping, edit: KnowledgeEdit) -> web.Response:
    try:
        change_id = await knowledge_edit.apply(request.app, edit)
    except EditRefused as exc:
        return await _page(request, form, exc.problems, 422)
    back = {"message": form["message"]} if str(form.get("message", "")).isdigit() else {}
    raise web.HTTPSeeOther(f"/teacher/improve/changes/{change_id}?{urlencode(back)}")


async def add_variant(request: web.Request) -> web.Response:
    form = await request.post()
    text = _one_line(form.get("text", ""), MAX_QUESTION + 1)
    entry_id = str(form.get("entry_id", ""))
    problems = []
    if not text:
        problems.append(Problem("-", entry_id or "-", "问法是空的"))
    elif len(text) > MAX_QUESTION:
        problems.append(Problem("-", entry_id or "-", f"问法太长了，最多 {MAX_QUESTION} 字"))
    entry = request.app[CHAT].engine.kb.entry(entry_id)
    if entry is None:
        problems.append(Problem("-", entry_id or "-", "请先选一个条目"))
    elif text in entry.questions:
        problems.append(Problem(entry.file, entry.id, f"问法「{text}」已经有了"))
    if problems:
        return await _page(request, form, problems, 422)
    teacher = request[TEACHER].username
    edit = KnowledgeEdit(teacher, "add_question", entry_id, text, question=text)
    return await _apply(request, form, edit)


def _new_entry(form: Mapping, kb: KnowledgeBase, problems: list[Problem]) -> Entry:
    entry_id = _one_line(form.get("id", ""), 40)
    step = kb.step(str(form.get("step", "")))
    if step is None:
        problems.append(Problem("-", entry_id or "-", "请选一个步骤"))
    lines = (_one_line(q, MAX_QUESTION) for q in str(form.get("questions", "")).splitlines())
    questions = tuple(dict.fromkeys(q for q in lines if q))
    return Entry(
        id=entry_id,
        stage=step.stage if step else "",
        step=step.id if step else "",
        title=_one_line(form.get("title", ""), 40),
        gist=_one_line(form.get("gist", ""), 40),
        questions=questions,
        answer=str(form.get("answer", "")).strip().replace("\r\n", "\n"),
        source=_one_line(form.get("source", ""), 40) or (step.source if step else ""),
        related=tuple(r for r in _SPLIT_IDS.split(str(form.get("related", ""))) if r),
    )


async def add_entry(request: web.Request) -> web.Response:
    form = await request.post()
    problems: list[Problem] = []
    entry = _new_entry(form, request.app[CHAT].engine.kb, problems)
    for name, label in (("id", "id"), ("title", "标题"), ("answer", "答案")):
        if not getattr(entry, name):
            problems.append(Problem("-", entry.id or "-", f"缺少{label}"))
    if not entry.questions:
        problems.append(Problem("-", entry.id or "-", "至少写一个问法"))
    if problems:
        return await _page(request, form, problems, 422)
    asked, _ = await _asked(request, form)
    teacher = request[TEACHER].username
    edit = KnowledgeEdit(teacher, "add_entry", entry.id, asked or entry.questions[0], entry=entry)
    return await _apply(request, form, edit)


async def change(request: web.Request) -> web.Response:
    change_id = row_id(request.match_info["change_id"])
    found = await request.app[STORE].change(change_id) if change_id else None
    if found is None:
        raise web.HTTPNotFound()
    engine = request.app[CHAT].engine
    _, said = await _asked(request, request.query)
    return render(
        request,
        "teacher/change.html",
        {
            "change": found,
            "entry": engine.kb.entry(found.entry_id),
            "decision": engine.matcher.decide(found.text),
            "said": said,
        },
    )
