"""What the guide says to do when a page misbehaves, said after an answer that does not.

"受理通知书那里点了半天不动": the answer on the notice says where it is, not what to do when the
page does not respond. At a stage done on the website, the stage's remedy (procedure.yaml:
close the browser and log in again, clear the cache, change the browser) follows it.
"""

from __future__ import annotations

import dataclasses

from . import events
from .knowledge import KnowledgeBase
from .replies import MAX_TWO_ANSWERS, Reply

# An answer with this word already says what to try ("换浏览器重新传").
_TRIED = "浏览器"


def remedied(kb: KnowledgeBase, reply: Reply, text: str) -> Reply:
    """The reply, with the remedy of its answer's stage after it when the message tells of
    a page that misbehaves and the answer says nothing of what to try."""
    entry = kb.entry(reply.answer_id) if reply.answer_id else None
    if entry is None or _TRIED in entry.answer or not events.BROKEN.search(text):
        return reply
    remedy_id = kb.stage(entry.stage).remedy
    remedy = kb.entry(remedy_id) if remedy_id else None
    if remedy is None or _TRIED in reply.text:
        return reply
    joined = f"{reply.text}\n\n{remedy.reply}"
    return reply if len(joined) > MAX_TWO_ANSWERS else dataclasses.replace(reply, text=joined)
