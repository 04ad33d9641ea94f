"""What the guide says to do when a page misbehaves, said after an answer that does not.

"受理通知书那里点了半天不动": the answer on the notice says where it is, not what to do when the
page does not respond. At a stage done on the website, the stage's remedy (procedure.yaml:
close the browser and log in again, clear the cache, change the browser) follows it.
"""

from __future__ import annotations

import dataclasses
import re

from . import step_words
from .knowledge import Entry, KnowledgeBase
from .replies import MAX_TWO_ANSWERS, Reply

# An answer with this word already says what to try ("换浏览器重新传").
_TRIED = "浏览器"
# An answer with this word has said all the remedy says (close and log in again, clear the
# cache, change the browser).
_ALL_TRIED = "缓存"
# "换了还是不行", "试了 还是打不开": what the last answer said to try did not help.
STILL_FAILING = re.compile(
    r"^[^，]{0,8}?(还是|仍然|依然|照样|也还?是|还)"
    r"(不行|不好使|不管用|没用|没反应|老样子|一样|那样|打不开|进不去|登不上|传不上|失败|出错)"
    r"[的啊呀呢哦]*$"
)


def remedy_of(kb: KnowledgeBase, entry: Entry) -> Entry | None:
    """What to do when a page misbehaves at the entry's stage, if it is done on the website."""
    remedy_id = kb.stage(entry.stage).remedy
    return kb.entry(remedy_id) if remedy_id else None


def remedied(kb: KnowledgeBase, reply: Reply, text: str) -> Reply:
    """The reply, with the remedy of its answer's stage after it when the message tells of
    a page that misbehaves and the answer says nothing of what to try."""
    entry = kb.entry(reply.answer_id) if reply.answer_id else None
    if entry is None or _TRIED in entry.answer or not step_words.BROKEN.search(text):
        return reply
    remedy = remedy_of(kb, entry)
    if remedy is None or _TRIED in reply.text:
        return reply
    joined = f"{reply.text}\n\n{remedy.reply}"
    return reply if len(joined) > MAX_TWO_ANSWERS else dataclasses.replace(reply, text=joined)


def after_trying(kb: KnowledgeBase, last: Entry) -> Entry | None:
    """What is left to try when the last answer's advice did not help: the remedy of its
    stage, unless that answer already said all of it (None: only a teacher is left)."""
    remedy = remedy_of(kb, last)
    if remedy is None or last == remedy or _ALL_TRIED in last.answer:
        return None
    return remedy
