"""Words of several senses in the guide (knowledge/senses.yaml), and which a message leaves open.

"地址填哪个" uses 地址 with no cue of its senses (单位地址, 户籍地址): the bot should ask which
is meant. "身份证上的地址填哪个" has a cue of one sense and is answered as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .kb_yaml import strings

SENSES_FILE = "senses.yaml"
# "word咋弄", "这张表怎么填": a pointer or a how that asks nothing more of the word than
# the word alone.
_BARE = re.compile(r"^(这|那)(个|张|份)?|(要|该)?(怎么|如何)(弄|搞|办|做|整)?$")


@dataclass(frozen=True)
class Word:
    forms: tuple[str, ...]
    # entry or uncovered topic id -> the cues that pick that sense
    senses: tuple[tuple[str, tuple[str, ...]], ...]
    # Senses the word has only with a cue ("单位的名字": the unit's name): never offered for
    # the word alone.
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()


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
        named = raw.get("named") or {}
        cues = _cues(senses)
        with_cue = _cues(named) if isinstance(named, dict) else None
        if cues is None or with_cue is None:
            problems.append(f"第 {i} 项的 senses 和 named 要写成 条目 id: [提示词, …]")
            continue
        words.append(Word(forms, cues, with_cue))
    return words, problems


def _cues(senses: dict) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """entry id -> its cues, or None when one is malformed."""
    cues = {k: strings(v) for k, v in senses.items() if isinstance(k, str)}
    if len(cues) < len(senses) or not all(cues.values()):
        return None
    return tuple(cues.items())


def _ids(senses: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    return tuple(entry_id for entry_id, _ in senses)


class Senses:
    """Finds, in a normalized message, a word of several senses that none of its cues settles."""

    def __init__(self, words: tuple[Word, ...], normalize: Callable[[str], str]) -> None:
        def norm(texts: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(t for t in map(normalize, texts) if t)

        def cued(senses: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple:
            return tuple((entry_id, norm(cues)) for entry_id, cues in senses)

        # (forms, the senses offered, those only with a cue, every sense with its cues)
        self.words = [
            (norm(w.forms), _ids(w.senses), _ids(w.named), cued(w.senses + w.named)) for w in words
        ]
        # The ranking and the signals read the same message: each reading is kept.
        self.open = lru_cache(maxsize=4096)(self._open)
        self.cued = lru_cache(maxsize=4096)(self._cued)

    def _open(self, query: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The senses (ids) of the first such word the message uses without any cue: those
        offered, and those the word has only with a cue."""
        for forms, offered, named, senses in self.words:
            if any(f in query for f in forms) and not any(
                c in query for _, cues in senses for c in cues
            ):
                return offered, named
        return (), ()

    def alone(self, query: str, *, first: bool) -> bool:
        """The message is a word of several senses and nothing else ("怎么改"), or, as a
        first question, that word with a pointer or a bare how ("word咋弄"; after the answer
        about the photos, it is the next thing to do)."""
        if first:
            query = _BARE.sub("", query) or query
        return any(query in forms for forms, *_ in self.words)

    def _cued(self, query: str) -> tuple[frozenset[str], frozenset[str]]:
        """The senses the message's cues pick ("蓝底照片": the photo that is mailed), and
        the senses of the same words that those cues rule out."""
        picked: set[str] = set()
        out: set[str] = set()
        for forms, *_, senses in self.words:
            if any(f in query for f in forms):
                cued = {entry_id for entry_id, cues in senses if any(c in query for c in cues)}
                if cued:
                    out.update(entry_id for entry_id, _ in senses if entry_id not in cued)
                    picked |= (len(cued) > 1 and _followed(query, forms, senses)) or cued
        return frozenset(picked), frozenset(out)


# Cues that say when, not what: right after a word they join it to what follows
# ("老师收到以后会通知我吗" asks about the 通知), so they settle nothing by coming next.
_WHEN = frozenset({"以后", "之后", "然后", "后"})


def _followed(query: str, forms: tuple[str, ...], senses: tuple) -> set[str]:
    """The one sense whose cue comes right after the word ("多久批": the approval's wait,
    whatever else the message says), or nothing when none or several do."""
    ends = {m.end() for f in forms for m in re.finditer(re.escape(f), query)}
    after = {
        entry_id
        for entry_id, cues in senses
        if any(query.startswith(c, end) for c in cues if c not in _WHEN for end in ends)
    }
    return after if len(after) == 1 else set()
