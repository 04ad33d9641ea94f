"""The console's reading pages and replies: dashboard, conversations, one welder's transcript."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from aiohttp import web

from ..entries import Entry
from ..inputs import FIRST_DAY, LAST_DAY, day, is_blank, row_id, search_words
from ..keys import CHAT, OUTBOUND, STORE, OutboundError
from ..store import ChangedBy, Conflict, Conversation, Filters, Message, Position, Store, Welder
from ..workdays import REVIEW_WORKING_DAYS
from . import charts, clock, insights
from .render import CHANNELS, TEACHER, page_number, page_window, render, stage_names

log = logging.getLogger("bot.teacher")

PAGE_SIZE = 50
MAX_QUERY = 100
MAX_NOTE = 500
MAX_REPLY = 1000
MAX_REASON = 200
TRANSCRIPT_LIMIT = 1000
UNANSWERED_DAYS = 30
GROUPS_SHOWN = 10
DECIDED_CHARS = 200


async def dashboard(request: web.Request) -> web.Response:
    store = request.app[STORE]
    moment = clock.now()
    today = moment.date()
    names = stage_names(request)
    counts = await store.stage_counts()
    waiting = await store.waiting_welders(insights.WATCHED_STAGES)
    since = clock.day_start(today - timedelta(days=UNANSWERED_DAYS))
    matcher = request.app[CHAT].engine.matcher
    # With what the bot answers each question now, so fixed ones show as fixed; a question
    # is judged by its start, so that ten long ones cannot make the page slow.
    groups = [(g, matcher.decide(g.text[:DECIDED_CHARS])) for g in await _groups(store, since)]
    return render(
        request,
        "teacher/dashboard.html",
        {
            "chart": charts.bar_chart(
                "各阶段焊工人数", [(name, counts.get(stage, 0)) for stage, name in names.items()]
            ),
            "today": await store.activity_since(clock.day_start(today)),
            "week": await store.activity_since(clock.day_start(clock.week_start(today))),
            "handoffs": await store.open_handoffs(),
            "stuck": insights.stuck(waiting, moment),
            "groups": groups,
            "unsure": await store.unsure_answers(since),
            "unhelpful": await store.unhelpful_answers(since),
            "kb": request.app[CHAT].engine.kb,
            "unanswered_days": UNANSWERED_DAYS,
            "review_days": REVIEW_WORKING_DAYS,
            "correction_days": insights.CORRECTION_DAYS,
        },
    )


async def _groups(store: Store, since: str) -> list[insights.Group]:
    """The most frequent unanswered questions since `since`, as the grouper stored them."""
    found = []
    for counted in await store.top_groups(since, GROUPS_SHOWN):
        wordings = await store.group_wordings(counted.group_id, since, 4)
        latest = await store.group_latest(counted.group_id)
        found.append(
            insights.Group(wordings[0], counted.count, counted.welders, tuple(wordings[1:]), latest)
        )
    return found


def _date(raw: str, problems: list[str]) -> date | None:
    if not raw:
        return None
    found = day(raw)
    if found is None:
        years = f"{FIRST_DAY.year}—{LAST_DAY.year} 年"
        problems.append(f"日期「{raw[:20]}」看不懂，请用 2024-05-01 这样的格式（{years}）。")
    return found


def _filters(request: web.Request, problems: list[str]) -> Filters:
    query = request.query
    stage = query.get("stage", "")
    handoff = query.get("handoff", "")
    return Filters(
        stage=stage if stage in stage_names(request) else "",
        fell_back=query.get("fell_back") == "1",
        handoff=handoff if handoff in ("open", "any") else "",
        start=_date(query.get("start", ""), problems),
        end=_date(query.get("end", ""), problems),
        q=search_words(query.get("q", ""), MAX_QUERY),
        bot_text=query.get("bot_text") == "1",
    )


def _position(raw: str) -> Position | None:
    """A page position as written in a link: "<last seen>~<welder id>"; None when odd."""
    stamp, _, welder = raw.rpartition("~")
    welder_id = row_id(welder)
    if welder_id is None or not stamp or len(stamp) > 40 or not stamp.isascii():
        return None
    return stamp, welder_id


async def conversations(request: web.Request) -> web.Response:
    problems: list[str] = []
    filters = _filters(request, problems)
    page = page_number(request)
    after = _position(request.query.get("after", ""))
    before = None if after else _position(request.query.get("before", ""))
    rows = await request.app[STORE].conversations(
        filters, PAGE_SIZE + 1, after=after, before=before
    )
    rows, has_previous, has_next = page_window(rows, PAGE_SIZE, bool(after), bool(before))
    has_previous = has_previous and page > 1
    kept = {k: v for k, v in request.query.items() if k not in ("page", "after", "before") and v}

    def link(direction: str, row: Conversation, number: int) -> str:
        mark = f"{row.welder.last_seen}~{row.welder.id}"
        return "?" + urlencode({**kept, direction: mark, "page": number})

    return render(
        request,
        "teacher/conversations.html",
        {
            "filters": filters,
            "rows": rows,
            "problems": problems,
            "page": page,
            "previous_url": link("before", rows[0], page - 1) if has_previous and rows else "",
            "next_url": link("after", rows[-1], page + 1) if has_next and rows else "",
            "short_query": 0 < len(filters.q) < 3,
        },
    )


@dataclass(frozen=True)
class Bubble:
    message: Message
    entry: Entry | None  # the knowledge entry a bot reply used
    asked_id: int | None  # for a reply a teacher may improve: the welder message it answered


def _bubbles(messages: list[Message], request: web.Request) -> list[Bubble]:
    kb = request.app[CHAT].engine.kb
    bubbles, asked = [], None
    for m in messages:
        if m.role == "welder":
            asked = m.id
        # Answers, clarifying questions and fallbacks; not greetings or the handoff notice.
        improvable = m.role == "bot" and (
            m.answer_id or m.answered is False or m.confidence is not None
        )
        bubbles.append(Bubble(m, kb.entry(m.answer_id), asked if improvable else None))
    return bubbles


async def _welder(request: web.Request) -> Welder:
    welder_id = row_id(request.match_info["welder_id"])
    found = await request.app[STORE].welder(welder_id) if welder_id else None
    if found is None:
        raise web.HTTPNotFound()
    return found


async def _transcript_page(
    request: web.Request,
    welder: Welder,
    *,
    error: str = "",
    draft: str = "",
    note: str | None = None,
    status: int = 200,
) -> web.Response:
    store = request.app[STORE]
    messages = await store.history(welder.id, 0, TRANSCRIPT_LIMIT)
    return render(
        request,
        "teacher/transcript.html",
        {
            "welder": welder,
            "stage": await store.current_stage(welder.id) or "",
            "history": await store.stage_history(welder.id),
            "open_handoffs": await store.open_handoff_count(welder.id),
            "bubbles": _bubbles(messages, request),
            "limited": len(messages) >= TRANSCRIPT_LIMIT,
            "error": error,
            "draft": draft,
            "note": welder.note if note is None else note,
            "sent": request.query.get("sent") == "1",
            "saved": request.query.get("saved") == "1",
            "staged": request.query.get("staged") == "1",
            "outbound": welder.channel in request.app[OUTBOUND],
        },
        status,
    )


async def transcript(request: web.Request) -> web.Response:
    return await _transcript_page(request, await _welder(request))


async def note(request: web.Request) -> web.Response:
    welder = await _welder(request)
    text = str((await request.post()).get("note", "")).strip()
    if len(text) > MAX_NOTE:
        error = f"备注太长了，最多 {MAX_NOTE} 字。"
        return await _transcript_page(request, welder, error=error, note=text, status=413)
    await request.app[STORE].set_note(welder.id, text)
    raise web.HTTPSeeOther(f"/teacher/welders/{welder.id}?saved=1")


async def set_stage(request: web.Request) -> web.Response:
    welder = await _welder(request)
    form = await request.post()
    stage, reason = str(form.get("stage", "")), str(form.get("reason", "")).strip()
    if stage not in stage_names(request):
        return await _transcript_page(request, welder, error="请选择一个阶段。", status=400)
    if not reason or len(reason) > MAX_REASON:
        error = f"请写明改动的原因（{MAX_REASON} 字以内）。"
        return await _transcript_page(request, welder, error=error, status=400)
    change = ChangedBy("teacher", request[TEACHER].username, reason)
    try:
        await request.app[CHAT].set_stage(welder.id, welder.channel, stage, change)
    except Conflict:  # the welder kept writing from several places through every try
        error = "这位焊工正在发消息，阶段没改成，请再试一次。"
        return await _transcript_page(request, welder, error=error, status=503)
    raise web.HTTPSeeOther(f"/teacher/welders/{welder.id}?staged=1")


async def reply(request: web.Request) -> web.Response:
    welder = await _welder(request)
    text = str((await request.post()).get("text", "")).strip()
    if is_blank(text):
        return await _transcript_page(request, welder, error="回复是空的，请写好再发。", status=400)
    if len(text) > MAX_REPLY:
        error = f"回复太长了，最多 {MAX_REPLY} 字。"
        return await _transcript_page(request, welder, error=error, draft=text, status=413)
    store, chat = request.app[STORE], request.app[CHAT]
    stage = await store.current_stage(welder.id) or chat.engine.first_stage
    username = request[TEACHER].username
    message_id = await store.add_teacher_reply(welder, text, username, stage)
    send = request.app[OUTBOUND].get(welder.channel)
    if send is not None:
        where = CHANNELS.get(welder.channel, welder.channel)
        try:
            await send(welder.external_id, text)
        except OutboundError as exc:
            error = f"回复已保存，但没能发到{where}：{exc}"
            return await _transcript_page(request, welder, error=error)
        except Exception:
            log.exception("sending a teacher's reply over %s failed", welder.channel)
            error = f"回复已保存，但发到{where}时系统出错了，请稍后再试或换个方式联系焊工。"
            return await _transcript_page(request, welder, error=error)
    raise web.HTTPSeeOther(f"/teacher/welders/{welder.id}?sent=1#m{message_id}")
