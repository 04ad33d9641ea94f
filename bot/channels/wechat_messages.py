"""What a WeChat / WeCom message asks of the chat: text for the engine, or a fixed reply."""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass

from ..chat import Responder
from ..engine import HANDOFF, STATUS, Engine, Reply
from ..store import Progress

# Longer messages are cut, as on the web page: the matcher only needs the question.
MAX_TEXT = 1000
_TYPED_NUMBER = re.compile(r"(\d{1,2})[.。]?")


@dataclass(frozen=True)
class MenuItem:
    key: str
    name: str
    ask: str  # what the engine is asked when the button is clicked


# The account's custom menu. WeChat allows at most three top-level buttons of four
# characters, so the three guide topics share one parent; 我的进度 and 找老师 stay one tap away.
GUIDE = "办证指南"
GUIDE_TOPICS = 3
MENU = (
    MenuItem("GUIDE_PREPARATION", "准备材料", "要准备哪些材料"),
    MenuItem("GUIDE_SUBMISSION", "网上申请", "网上申请怎么操作"),
    MenuItem("GUIDE_CORRECTION", "补正与下载", "会收到哪几条短信"),
    MenuItem("PROGRESS", "我的进度", STATUS),
    MenuItem("HANDOFF", "找老师", HANDOFF),
)
_MENU_ASKS = {item.key: item.ask for item in MENU}


def menu_json() -> str:
    """The body of WeChat's menu/create call, for the account's admin to paste."""

    def button(item: MenuItem) -> dict[str, str]:
        return {"type": "click", "name": item.name, "key": item.key}

    guide = {"name": GUIDE, "sub_button": [button(i) for i in MENU[:GUIDE_TOPICS]]}
    buttons = [guide, *(button(i) for i in MENU[GUIDE_TOPICS:])]
    return json.dumps({"button": buttons}, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Incoming:
    """A message to hand to ChatService.handle."""

    text: str  # stored as the welder's message; the engine's question unless `respond` is set
    kind: str = "text"
    respond: Responder | None = None
    # Nothing to say back (an unsubscribe): WeChat gets "success", the turn is still stored.
    silent: bool = False


def _fixed(text: str, quick_replies: tuple[str, ...] = (HANDOFF,)) -> Responder:
    def respond(progress: Progress, _text: str) -> Reply:
        after = dataclasses.replace(progress, known=True)
        return Reply(text, after, answered=False, quick_replies=quick_replies)

    return respond


def _unreadable(what: str) -> Responder:
    return _fixed(
        f"收到您发的{what}了。我只能看懂文字，请把问题打字发给我；"
        "需要老师帮忙看，请回复下面的数字找老师。"
    )


def _welcome(engine: Engine) -> Responder:
    def respond(progress: Progress, _text: str) -> Reply:
        # A welder who comes back keeps their progress.
        welcome = engine.welcome(progress.stage)
        return dataclasses.replace(welcome, progress=dataclasses.replace(progress, known=True))

    return respond


def read_message(fields: dict[str, str], engine: Engine) -> Incoming | None:
    """The message to handle, or None when it only needs WeChat's "success"."""
    get = fields.get
    match get("MsgType"), get("Event"):
        case "text", _:
            text = get("Content", "").strip()[:MAX_TEXT]
            return Incoming(text) if text else None
        case "voice", _:
            heard = get("Recognition", "").strip()[:MAX_TEXT]
            if heard:
                return Incoming(heard, "voice")
            unheard = _fixed("收到语音了，但我没听清。请打字发给我，谢谢！")
            return Incoming("[语音]", "voice", unheard)
        case "image", _:
            return Incoming(f"[图片] {get('PicUrl', '')}", "image", _unreadable("图片"))
        case "video" | "shortvideo", _:
            return Incoming(f"[视频] {get('MediaId', '')}", "video", _unreadable("视频"))
        case "location", _:
            where = f"[位置] {get('Label', '')}（{get('Location_X', '')}, {get('Location_Y', '')}）"
            return Incoming(where, "location", _unreadable("位置"))
        case "link", _:
            link = f"[链接] {get('Title', '')} {get('Url', '')}"
            return Incoming(link, "link", _unreadable("链接"))
        case "event", "subscribe":
            return Incoming("[关注]", "event", _welcome(engine))
        case "event", "unsubscribe":
            note = "（已取消关注，老师的回复暂时发不过去。）"
            return Incoming("[取消关注]", "event", _fixed(note, ()), silent=True)
        case "event", "CLICK" if get("EventKey") in _MENU_ASKS:
            return Incoming(_MENU_ASKS[get("EventKey", "")], "menu")
    return None


def dedup_key(fields: dict[str, str]) -> str | None:
    """What identifies a message across WeChat's retries, together with its sender."""
    if fields.get("MsgType") == "event":
        # EventKey too: two different menu clicks within one second are two questions.
        parts = (fields.get("CreateTime"), fields.get("Event"), fields.get("EventKey", ""))
        return None if None in parts else ":".join(parts)
    return fields.get("MsgId") or None


def typed_number(text: str) -> int | None:
    """The number a welder typed to pick a listed quick reply ("2", "２", "2。")."""
    m = _TYPED_NUMBER.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return int(m.group(1)) if m else None


def pick_quick_reply(engine: Engine, pick: int, quick_replies: list[str]) -> Responder | None:
    """Ask the engine the quick reply numbered `pick`, unless its own clarification takes it."""
    if not 1 <= pick <= len(quick_replies):
        return None

    def respond(progress: Progress, text: str) -> Reply:
        # After "您是想问" the engine maps the number itself, to the entry and not its title.
        if pick <= len(progress.choices):
            return engine.reply(progress, text)
        return engine.reply(progress, quick_replies[pick - 1])

    return respond
