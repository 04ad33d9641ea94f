"""Talking to the engine in tests, as one welder."""

from __future__ import annotations

from bot.engine import Engine
from bot.replies import Reply
from bot.store import Progress


def talk(engine: Engine, *lines: str, state: Progress | None = None) -> Reply | None:
    """The reply to the last line, each line said after the one before; a new welder unless
    `state` says where they are."""
    state = state or Progress("preparation", known=False)
    reply = None
    for line in lines:
        reply = engine.reply(state, line)
        state = reply.progress
    return reply
