"""Notices by stage: stored in every chat at once, sent through WeChat in the background."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import urlencode

from aiohttp import web

from ..keys import OUTBOUND, STORE, OutboundError, Send
from ..store import Store
from . import clock
from .render import TEACHER, stage_names

log = logging.getLogger("bot.teacher")

MAX_NOTICE = 500
BATCH = 200
# WeChat accepts customer-service messages within 48 hours of the welder's last message.
WECHAT_WINDOW = timedelta(hours=48)
SENDING = web.AppKey("notice_sending", set)


async def _deliver(store: Store, channel: str, send: Send, stage: str, text: str) -> None:
    since = clock.stamp(clock.now() - WECHAT_WINDOW)
    after, sent, failed = 0, 0, 0
    while batch := await store.notice_recipients(channel, stage, since, after, BATCH):
        for recipient in batch:
            try:
                await send(recipient.external_id, text)
                sent += 1
            except OutboundError as exc:
                failed += 1
                log.warning("notice to welder %s not sent: %s", recipient.welder_id, exc)
            except Exception:
                failed += 1
                log.exception("notice to welder %s failed", recipient.welder_id)
        after = batch[-1].welder_id
    log.info("notice for stage %s over %s: %d sent, %d not sent", stage, channel, sent, failed)


async def send_notice(request: web.Request) -> web.Response:
    form = await request.post()
    stage, text = str(form.get("stage", "")), str(form.get("text", "")).strip()
    names = stage_names(request)
    if stage not in names or not text or len(text) > MAX_NOTICE:
        query = {"notice_error": "1", "stage": stage if stage in names else ""}
        raise web.HTTPSeeOther("/teacher/roster?" + urlencode(query))
    store = request.app[STORE]
    count = await store.add_notice(stage, text, request[TEACHER].username)
    for channel, send in request.app[OUTBOUND].items():
        task = asyncio.create_task(_deliver(store, channel, send, stage, text))
        request.app[SENDING].add(task)
        task.add_done_callback(request.app[SENDING].discard)
    raise web.HTTPSeeOther("/teacher/roster?" + urlencode({"stage": stage, "noticed": count}))


async def _sending(app: web.Application) -> AsyncIterator[None]:
    app[SENDING] = set()
    yield
    for task in list(app[SENDING]):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def setup(app: web.Application) -> None:
    app.cleanup_ctx.append(_sending)
    app.router.add_post("/teacher/notices", send_notice)
