"""Words the guide never uses. Pure.

"坡口是啥意思" asks what a word means that neither the guide nor the knowledge ever says: the
honest answer is that the guide does not explain it, not the nearest entry that is also
asked "…是啥意思". A word counts as said when any two characters of it next to each other
(or any latin word of it) occur in the guide or the knowledge, so that a word the guide
uses in other words ("第二个短信", "搿个状态") is still read as the guide's.
"""

from __future__ import annotations

import re
from itertools import pairwise

from . import guide
from .knowledge import KnowledgeBase
from .normalize import Normalizer, unit_spans

# "坡口是啥意思", "什么叫熔深": a word of at most six characters, and only what it means.
_MEANING = re.compile(
    r"^(?:什么是|啥是|什么叫|啥叫)?(?P<term>[\u4e00-\u9fffa-z0-9]{1,6}?)"
    r"(?:是|指的是|指)?个?(?:什么|啥)意思[?？]*$"
)


def _pieces(text: str) -> set[str]:
    """Latin words, and pairs of Chinese characters next to each other."""
    units = [text[a:b] for a, b in unit_spans(text)]
    pairs = {a + b for a, b in pairwise(units) if not (a.isascii() or b.isascii())}
    return pairs | {u for u in units if u.isascii()}


class Terms:
    def __init__(self, kb: KnowledgeBase, normalize: Normalizer) -> None:
        self.normalize = normalize
        texts: list[str] = []
        path = kb.root / guide.FILE
        if path.exists():
            texts += path.read_text(encoding="utf-8").splitlines()
        for e in (*kb.entries, *kb.uncovered):
            texts += [e.title, *e.questions, *e.keywords, *e.answer.splitlines()]
        self.said = set().union(*map(self._read, texts))

    def _read(self, text: str) -> set[str]:
        return _pieces(self.normalize.light(text))

    def unknown(self, clean: str) -> str | None:
        """The word a normalized question asks the meaning of, if the guide never says it."""
        m = _MEANING.match(clean)
        if not m:
            return None
        term = m.group("term")
        pieces = self._read(term)
        # One character alone ("它是啥意思") is no word to look for.
        if not pieces or pieces & self.said:
            return None
        # Latin words were lower-cased; they are written as initials ("TIG") again.
        return term.upper() if term.isascii() else term
