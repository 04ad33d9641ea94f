"""Words of several senses in the guide (knowledge/senses.yaml), and which a message leaves open.

"地址填哪个" uses 地址 with no cue of its senses (单位地址, 户籍地址): the bot should ask which
is meant. "身份证上的地址填哪个" has a cue of one sense and is answered as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .kb_yaml import strings

SENSES_FILE = "senses.yaml"


@dataclass(frozen=True)
class Word:
    forms: tuple[str, ...]
    # entry or uncovered topic id -> the cues that pick that sense
    senses: tuple[tuple[str, tuple[str, ...]], ...]


def parse(data: object) -> tuple[list[Word], list[str]]:
    """The file's words, and a problem (in Chinese) for each malformed one."""
    if not isinstance(data, list):
        return [], ["文件内容必须是列表"]
    words, problems = [], []
    for i, raw in enumerate(data, start=1):
        forms = strings(raw.get("words")) if isinstance(raw, dict) else None
        senses = raw.get("senses") if isinstance(raw, dict) else None
        if not forms or not isinstance(senses, dict) or len(senses) < 2:
            problems.append(f"第 {i} 项要有 words（词的写法）和至少两个 senses（条目 → 提示词）")
            continue
        cues = {k: strings(v) for k, v in senses.items() if isinstance(k, str)}
        if len(cues) < len(senses) or not all(cues.values()):
            problems.append(f"第 {i} 项的 senses 要写成 条目 id: [提示词, …]")
            continue
        words.append(Word(forms, tuple(cues.items())))
    return words, problems


class Senses:
    """Finds, in a normalized message, a word of several senses that none of its cues settles."""

    def __init__(self, words: tuple[Word, ...], normalize: Callable[[str], str]) -> None:
        def norm(texts: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(t for t in map(normalize, texts) if t)

        self.words = [
            (norm(w.forms), tuple((entry_id, norm(cues)) for entry_id, cues in w.senses))
            for w in words
        ]

    def open(self, query: str) -> tuple[str, ...]:
        """The senses (ids) of the first such word the message uses without any cue."""
        for forms, senses in self.words:
            if any(f in query for f in forms) and not any(
                c in query for _, cues in senses for c in cues
            ):
                return tuple(entry_id for entry_id, _ in senses)
        return ()

    def alone(self, query: str) -> bool:
        """The message is a word of several senses and nothing else ("怎么改")."""
        return any(query in forms for forms, _ in self.words)

    def cued(self, query: str) -> tuple[frozenset[str], frozenset[str]]:
        """The senses the message's cues pick ("蓝底照片": the photo that is mailed), and
        the senses of the same words that those cues rule out."""
        picked: set[str] = set()
        out: set[str] = set()
        for forms, senses in self.words:
            if any(f in query for f in forms):
                cued = {entry_id for entry_id, cues in senses if any(c in query for c in cues)}
                if cued:
                    picked |= cued
                    out.update(entry_id for entry_id, _ in senses if entry_id not in cued)
        return frozenset(picked), frozenset(out)
