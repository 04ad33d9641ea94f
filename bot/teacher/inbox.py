"""The live inbox: who is waiting for a teacher, polled by every console page."""

from __future__ import annotations

from aiohttp import web

from ..keys import STORE
from ..middlewares import dumps
from . import clock
from .render import stage_names

SHOWN = 50


async def inbox(request: web.Request) -> web.Response:
    store = request.app[STORE]
    handoffs = await store.open_handoffs(SHOWN)
    total = len(handoffs) if len(handoffs) < SHOWN else await store.open_handoff_total()
    names = stage_names(request)
    return web.json_response(
        {
            "waiting": total,
            "latest": await store.latest_handoff(),
            "items": [
                {
                    "id": h.id,
                    "welder_id": h.welder.id,
                    "welder": h.welder.label,
                    "company": h.welder.company,
                    "stage": names.get(h.stage, h.stage),
                    "question": h.question,
                    "waited": clock.waited(h.created_at),
                    "since": clock.local(h.created_at),
                }
                for h in handoffs
            ],
        },
        dumps=dumps,
    )
