"""The guide's outline (parts, their sections and steps), to check what the answers cite."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FILE = "guide.txt"

_NUMERAL = "[一二三四五六七八九十]+"
_PART_HEADING = re.compile(rf"^第({_NUMERAL})部分\s", re.MULTILINE)
# "(一) 报名表" in the guide; the knowledge base cites it as 第一部分（一）.
_SECTION_HEADING = re.compile(rf"^[(（]({_NUMERAL})[)）]", re.MULTILINE)
_STEP_HEADING = re.compile(r"^(\d+) ", re.MULTILINE)
# A source is references to the guide, and words that say where in them: 第一部分（三）之后,
# 第二部分开头, 第一部分至第三部分, 第二部分第9步、第三部分.
_TOKEN = re.compile(
    rf"第(?P<part>{_NUMERAL})部分(?:（(?P<section>{_NUMERAL})）|第(?P<step>\d+)步)?|开头|之后|至|、"
)


@dataclass(frozen=True)
class Part:
    sections: frozenset[str] = field(default_factory=frozenset)
    steps: frozenset[str] = field(default_factory=frozenset)


def outline(text: str) -> dict[str, Part]:
    """Part numeral -> the sections and numbered steps under that part's heading."""
    headings = list(_PART_HEADING.finditer(text))
    parts = {}
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : following.start() if following else len(text)]
        parts[heading[1]] = Part(
            frozenset(_SECTION_HEADING.findall(body)), frozenset(_STEP_HEADING.findall(body))
        )
    return parts


def unfound(parts: dict[str, Part], source: str) -> str | None:
    """Why `source` does not name a place in the guide, or None when it does."""
    tokens = list(_TOKEN.finditer(source))
    if "".join(t[0] for t in tokens) != source or not any(t["part"] for t in tokens):
        return f"出处「{source}」看不懂，应写成 第二部分第7步、第一部分（一） 这样"
    for t in tokens:
        if not t["part"]:
            continue
        part = parts.get(t["part"])
        if part is None:
            return f"出处「{source}」：指南里没有第{t['part']}部分"
        if t["section"] and t["section"] not in part.sections:
            return f"出处「{source}」：指南第{t['part']}部分没有（{t['section']}）"
        if t["step"] and t["step"] not in part.steps:
            return f"出处「{source}」：指南第{t['part']}部分没有第{t['step']}步"
    return None
