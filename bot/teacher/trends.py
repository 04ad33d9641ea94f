"""The charts page: messages a day over 30 days, the funnel by stage and step, stage durations."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from aiohttp import web

from ..keys import CHAT, STORE
from ..store import Day, Move
from . import charts, clock
from .render import render, stage_names

DAYS = 30
CORRECTION = "correction"
STEP_LABEL_WIDTH = 190
# The durations chart reads this many of the newest stage changes, not the whole history.
RECENT_MOVES = 5000
# Finished days never change: their counts are kept, so a request reads only today's messages.
PAST_DAYS = web.AppKey("past_days", dict)


async def _days(request: web.Request, today: date) -> list[Day]:
    store, past = request.app[STORE], request.app[PAST_DAYS]
    first = today - timedelta(days=DAYS - 1)
    earlier = [first + timedelta(days=n) for n in range(DAYS - 1)]
    missing = [day for day in earlier if day.isoformat() not in past]
    if missing:
        found = await store.days_between(clock.day_start(missing[0]), clock.day_start(today))
        counted = {d.day: d for d in found}
        for day in missing:
            key = day.isoformat()
            past[key] = counted.get(key, Day(key, 0, 0))
    now = await store.days_between(
        clock.day_start(today), clock.day_start(today + timedelta(days=1))
    )
    days = [past[day.isoformat()] for day in earlier]
    return [*days, now[0] if now else Day(today.isoformat(), 0, 0)]


def funnel_count(order: list[str], stage: str, at_stage: dict[str, int]) -> int:
    """Welders at the stage now or past it. A correction is a detour from review: those in
    it have passed review, and only those in it now are counted as having had one."""
    if stage == CORRECTION:
        return at_stage.get(stage, 0)
    at = order.index(stage)
    return sum(
        n
        for s, n in at_stage.items()
        if s in order[at:] and (s != CORRECTION or at <= order.index(CORRECTION))
    )


def median_days(changes: list[Move]) -> dict[str, float]:
    """Median days a welder stayed in each stage, over the stays that ended."""
    stays: dict[str, list[float]] = {}
    last: dict[int, Move] = {}
    for change in changes:
        before = last.get(change.welder_id)
        if before is not None:
            seconds = (clock.parse(change.at) - clock.parse(before.at)).total_seconds()
            stays.setdefault(before.stage, []).append(seconds / 86400)
        last[change.welder_id] = change
    return {stage: round(statistics.median(days), 1) for stage, days in stays.items()}


async def page(request: web.Request) -> web.Response:
    store = request.app[STORE]
    kb = request.app[CHAT].engine.kb
    names = stage_names(request)
    today = clock.now().date()
    days = await _days(request, today)
    at_stage = await store.stage_counts()
    at_step = await store.step_counts()
    reached = [(name, funnel_count(list(names), stage, at_stage)) for stage, name in names.items()]
    medians = median_days(await store.recent_moves(RECENT_MOVES))
    return render(
        request,
        "teacher/charts.html",
        {
            "daily": charts.column_chart(
                f"最近 {DAYS} 天每天的提问和没答上",
                [(f"{int(d.day[5:7])}/{int(d.day[8:])}", d.asked, d.unanswered) for d in days],
            ),
            "funnel": charts.bar_chart("到过各阶段的焊工", reached),
            "steps": charts.bar_chart(
                "停在各步骤的焊工",
                [("还没到具体步骤", at_step.get(None, 0))]
                + [(step.title, at_step.get(step.id, 0)) for step in kb.steps],
                label_width=STEP_LABEL_WIDTH,
            ),
            "medians": charts.bar_chart(
                "各阶段停留天数（中位数）",
                [(name, medians[stage]) for stage, name in names.items() if stage in medians],
            ),
            "recent_changes": RECENT_MOVES,
        },
    )


def setup(app: web.Application) -> None:
    app[PAST_DAYS] = {}
    app.router.add_get("/teacher/charts", page)
