"""WeChat / WeCom message XML: safe parsing of callbacks and building passive replies."""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

REPLY_LIMIT_BYTES = 2048
ELLIPSIS = "…"
CHOICE_HINT = "回复数字即可"
# Above a fresh list after a text that may be numbered steps itself, so the two read apart.
CHOICES_HEADING = "您还可以问："

# Characters XML 1.0 cannot carry even inside CDATA; one of them makes WeChat reject the
# whole reply, so they are dropped rather than escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# WeChat and WeCom always send UTF-8; a body declaring another encoding is not theirs, and
# some names (rot13, zlib, base64) are codecs the XML parser fails on with a LookupError.
_DECLARED = re.compile(rb"\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
_UTF8 = (b"utf-8", b"utf8")
_NUMBERED_LINE = re.compile(r"\s*(\d+)\s*[.．、)）:：]\s*(.*?)\s*")


class XmlError(ValueError):
    """An incoming body that is not a safe, well-formed ``<xml>`` message."""


def parse_message(body: bytes) -> dict[str, str]:
    """Map the root's direct children to their text; the first of a repeated tag wins."""
    declared = _DECLARED.match(body)
    if declared and declared.group(1).strip().lower() not in _UTF8:
        raise XmlError("unreadable XML body: its encoding is not UTF-8")
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:  # DTD, entity declaration or external reference
        raise XmlError(f"forbidden XML construct: {type(exc).__name__}") from None
    except ParseError:
        raise XmlError("malformed XML") from None
    except (ValueError, TypeError, LookupError):  # e.g. an unknown encoding, non-bytes body
        raise XmlError("unreadable XML body") from None
    if root.tag != "xml":
        raise XmlError("root element is not <xml>")
    fields: dict[str, str] = {}
    for child in root:  # comments and processing instructions are not kept in the tree
        fields.setdefault(child.tag, child.text or "")
    return fields


def cdata(text: str) -> str:
    # "]]>" would close the section early; end it after "]]" and reopen for ">".
    safe = _XML_ILLEGAL.sub("", text).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{safe}]]>"


def text_reply(
    to_user: str, from_user: str, content: str, create_time: int, agent_id: str = ""
) -> str:
    """A passive text reply; WeCom's also names the app (`agent_id`) it answers for."""
    agent = f"<AgentID>{cdata(agent_id)}</AgentID>" if agent_id else ""
    return (
        f"<xml><ToUserName>{cdata(to_user)}</ToUserName>"
        f"<FromUserName>{cdata(from_user)}</FromUserName>"
        f"<CreateTime>{int(create_time)}</CreateTime>"
        f"<MsgType>{cdata('text')}</MsgType>"
        f"<Content>{cdata(content)}</Content>{agent}</xml>"
    )


def fit_wechat_text(text: str, limit_bytes: int = REPLY_LIMIT_BYTES) -> str:
    """Trim to ``limit_bytes`` UTF-8 bytes on a character boundary, marking a cut with "…"."""
    budget = limit_bytes - len(ELLIPSIS.encode())
    if budget < 0:
        raise ValueError("limit_bytes must leave room for the ellipsis")
    data = text.encode()
    if len(data) <= limit_bytes:
        return text
    # "ignore" only drops the partial character at the cut: the rest came from a valid str.
    return data[:budget].decode("utf-8", "ignore").rstrip() + ELLIPSIS


def _listed(text: str, choices: list[str]) -> int:
    """How many leading choices the text already lists, numbered exactly like ours."""
    # Only our own numbering counts: a digit the user sends back must mean the same choice
    # the caller will map it to.
    numbered = {
        (int(m.group(1)), m.group(2))
        for line in text.splitlines()
        if (m := _NUMBERED_LINE.fullmatch(line))
    }

    def lists(number: int, choice: str) -> bool:
        # "1. 学历要选初中吗？（网上申请：…）": the choice, and where it belongs.
        return any(
            n == number and (line == choice or line.startswith(f"{choice}（"))
            for n, line in numbered
        )

    count = 0
    while count < len(choices) and lists(count + 1, choices[count]):
        count += 1
    return count


def _listing(choices: list[str], start: int, heading: bool = True) -> str:
    lines = "\n".join(f"{i}. {choice}" for i, choice in enumerate(choices, 1) if i > start)
    head = f"{CHOICES_HEADING}\n" if heading and start == 0 else ""
    return f"{head}{lines}\n{CHOICE_HINT}"


def render_text_with_choices(
    text: str, quick_replies: list[str], limit_bytes: int = REPLY_LIMIT_BYTES
) -> str:
    """Append quick replies as a numbered list (WeChat text has no buttons), within the limit.

    Choices the text already lists as 1., 2., ... are not listed twice; the rest continue
    the numbering.
    """
    # Newlines inside a choice would break the numbering; indices stay aligned with the input.
    choices = [" ".join(q.split()) for q in quick_replies]
    listed = _listed(text, choices)
    if listed == len(choices):
        return fit_wechat_text(text, limit_bytes)
    body = text.strip()
    if not body:
        return fit_wechat_text(_listing(choices, 0, heading=False), limit_bytes)
    tail = _listing(choices, listed)
    budget = limit_bytes - len(f"\n\n{tail}".encode())
    if listed and len(body.encode()) > budget:
        # Trimming the text could cut the choices it lists itself: list them all again.
        tail = _listing(choices, 0)
        budget = limit_bytes - len(f"\n\n{tail}".encode())
    if budget < 16:  # the choices alone nearly fill the message: cut the whole thing instead
        return fit_wechat_text(f"{body}\n\n{tail}", limit_bytes)
    return f"{fit_wechat_text(body, budget)}\n\n{tail}"
