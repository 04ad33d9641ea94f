"""The frame of every console page: who is logged in, the shared context, display filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from ..inputs import row_id
from ..keys import CHAT, STATIC_VERSION
from . import clock

CHANNELS = {"web": "网页", "wechat": "微信公众号", "wecom": "企业微信"}
ROLES = {"welder": "焊工", "bot": "助手", "teacher": "老师"}


@dataclass(frozen=True)
class Teacher:
    id: int
    username: str
    csrf: str


TEACHER = web.RequestKey("teacher", Teacher)


def stage_names(request: web.Request) -> dict[str, str]:
    return {stage.id: stage.name for stage in request.app[CHAT].engine.kb.stages}


def render(
    request: web.Request, template: str, context: dict[str, Any], status: int = 200
) -> web.Response:
    teacher = request.get(TEACHER)
    base = {
        "teacher": teacher,
        "csrf": teacher.csrf if teacher else "",
        "static_version": request.app[STATIC_VERSION],
        "stage_names": stage_names(request),
        "path": request.path,
    }
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def setup_filters(app: web.Application) -> None:
    env = aiohttp_jinja2.get_env(app)
    env.filters["local"] = clock.local
    env.filters["waited"] = clock.waited
    env.filters["percent"] = _percent
    env.filters["confidence"] = _confidence
    env.filters["channel"] = lambda name: CHANNELS.get(name, name)
    env.filters["role"] = lambda name: ROLES.get(name, name)


def page_number(request: web.Request) -> int:
    # Only shown to the teacher; the rows come from the position in the link, not from this.
    return min(max(row_id(request.query.get("page", "1")) or 1, 1), 10_000)


def page_window(rows: list, size: int, after: bool, before: bool) -> tuple[list, bool, bool]:
    """A page of rows read one past `size` from a position (after it, or before it and put
    back in order): the page, whether a page comes before it, and whether one comes after."""
    more = len(rows) > size
    if before:
        return rows[-size:], more, bool(rows)
    return rows[:size], after, more
