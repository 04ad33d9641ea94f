"""The teacher console: routes under /teacher/, guarded by a login."""

from __future__ import annotations

from aiohttp import web

from . import (
    auth,
    export,
    grouping,
    improve,
    inbox,
    notices,
    roster,
    trends,
    unanswered,
    views,
)
from .render import setup_filters


async def _no_store(request: web.Request, response: web.StreamResponse) -> None:
    # Welders' words and phone numbers: never kept in a shared computer's cache.
    if auth.in_console(request.path):
        response.headers["Cache-Control"] = "no-store"


async def _home(request: web.Request) -> web.Response:
    raise web.HTTPPermanentRedirect(auth.HOME)


def setup(app: web.Application) -> None:
    app.middlewares.append(auth.guard)
    app.on_response_prepare.append(_no_store)
    app.cleanup_ctx.append(grouping.grouper_ctx)
    setup_filters(app)
    trends.setup(app)
    notices.setup(app)
    router = app.router
    router.add_get("/teacher", _home)
    router.add_get("/teacher/login", auth.login_page)
    router.add_post("/teacher/login", auth.login)
    router.add_post("/teacher/logout", auth.logout)
    router.add_get("/teacher/", views.dashboard)
    router.add_get("/teacher/conversations", views.conversations)
    router.add_get("/teacher/inbox.json", inbox.inbox)
    router.add_get("/teacher/welders/{welder_id}", views.transcript)
    router.add_post("/teacher/welders/{welder_id}/reply", views.reply)
    router.add_post("/teacher/welders/{welder_id}/note", views.note)
    router.add_post("/teacher/welders/{welder_id}/stage", views.set_stage)
    router.add_get("/teacher/unanswered.yaml", unanswered.eval_yaml)
    router.add_get("/teacher/improve", improve.page)
    router.add_post("/teacher/improve/variant", improve.add_variant)
    router.add_post("/teacher/improve/entry", improve.add_entry)
    router.add_get("/teacher/improve/changes/{change_id}", improve.change)
    router.add_get("/teacher/export", export.page)
    router.add_get("/teacher/export/transcripts.csv", export.transcripts_csv)
    router.add_get("/teacher/export/transcripts.jsonl", export.transcripts_jsonl)
    router.add_get("/teacher/roster", roster.page)
    router.add_get("/teacher/export/welders.xlsx", roster.welders_xlsx)
