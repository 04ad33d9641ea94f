"""Text normalization for welders' typing: width, case, traditional characters, typos, fillers."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TypeVar

import opencc
from pypinyin import Style, lazy_pinyin

from .knowledge import Lexicon

# Anything that is not a letter, digit or CJK character is punctuation, space or an emoji.
_NOISE = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_UNITS = re.compile(r"[0-9a-z]+|[\u3400-\u4dbf\u4e00-\u9fff]")
# Lone surrogates cannot be encoded for OpenCC; no keyboard types them.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# A message typed a character at a time has at least this many of them.
SPACED_WORDS = 4
# A space between Chinese characters, or after a sentence's final particle whatever follows
# ("批了 yyds"), separates clauses.
_CJK_BREAK = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])\s+(?=[\u3400-\u4dbf\u4e00-\u9fff])|(?<=[了吧啊呢吗])\s+(?=\S)"
)
# A latin word typed straight after Chinese ends a clause at the space after it ("我在做word
# 问下…"); one spaced on both sides ("做成 word 文档") is part of its clause.
_LATIN_BREAK = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])([a-z]+)\s+(?=[\u3400-\u4dbf\u4e00-\u9fff])"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# The longest everyday word read from full pinyin.
EVERYDAY_CHARS = 2
# What ends a clause once the phone's spaces are commas; spaces between latin words do not.
_CLAUSE_END = re.compile(r"[，,。.！!？?；;：:、~～\n]+")
# 下 and 登 short for 下载 and 登录 after a question word, where a message or clause ends
# ("点哪个下", "咋下不了", "咋登", "怎么登进去").
_SHORT = re.compile(r"(哪|哪个|哪里|哪儿|怎么|咋|如何)(下|登)(?=$|了|不|呢|啊|吗|进|上|[，,])")
_SHORT_FOR = {"下": "下载", "登": "登录"}
# A measure word inside a verb and its object ("签个名", "盖个章", "拍个照"): the words
# the guide uses ("签名", "盖章", "拍照").
_SPLIT_VERB = re.compile(r"(?<=[签盖敲拍照扫填])(个|一个|一下)(?=[名字章照码表])")
# 也 between what was done and its verb ("章也盖完了", "字也签好了") says only that more was
# done; matched without it, it is the report it would be alone.
_ALSO_DONE = re.compile(r"(?<=[\u4e00-\u9fff])也(?=[点选填传装登扫打下写签盖贴拍交弄做][了好完过])")
# A result between a verb and its object ("签好名", "盖完章"): the object first, as the
# guide words it, and the result after it, which says the thing was done ("扫码好了").
_SPLIT_RESULT = re.compile(r"([签盖敲拍扫填])(好|完)([名字章码表]|照(?!片))(?=[了啦后就进然]|$)")
# Quotation marks around what a page or a message says ("页面写着“已提交”"): the words inside
# are read as if typed bare.
_QUOTES = re.compile(r"[“”‘’「」『』《》〈〉\"']")
K = TypeVar("K")
# Bound the work done for one message; nothing a welder asks is longer.
MAX_CHARS = 400

_t2s = opencc.OpenCC("t2s")


def _alternation(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


_LATIN_RUN = re.compile(r"[a-z]+")
# A latin run next to a character: perhaps a word typed half in pinyin ("补zheng").
_HALF_TYPED = re.compile(r"[\u4e00-\u9fff][a-z]|[a-z][\u4e00-\u9fff]")
# A message's units for that: a character, a latin run, or anything else.
_SYLLABLES = re.compile(r"[a-z]+|.", re.S)
# Latin words of the procedure itself, and English ones welders mix in ("ready了"): never
# read as pinyin initials.
_LATIN_WORDS = frozenset(
    {"word", "pdf", "jpg", "png", "app", "ie", "ok", "id", "pc", "a", "wps", "ready", "done"}
)
# The longest latin run read as pinyin; longer runs are left as they are.
_MAX_RUN = 80


def _plain(text: str) -> str:
    """Width, case and script: simplified characters, half-width, lower case."""
    return _t2s.convert(_SURROGATES.sub("", unicodedata.normalize("NFKC", text).lower()))


def _full(w: str) -> str:
    return "".join(lazy_pinyin(w, style=Style.NORMAL))


def _unshared(keyed: Iterable[tuple[K, str]]) -> dict[K, str]:
    """Key -> word, for the keys only one word has."""
    words: dict[K, set[str]] = {}
    for key, word in keyed:
        words.setdefault(key, set()).add(word)
    return {k: next(iter(v)) for k, v in words.items() if len(v) == 1}


def pinyin_words(words: tuple[str, ...], common: tuple[str, ...] = ()) -> dict[str, str]:
    """Each word's full pinyin and its initials -> the word; initials two words share are
    left out. Everyday words give their full pinyin only, and never stand for a word."""
    full = {_full(w): w for w in common} | {_full(w): w for w in words}
    initials = _unshared(("".join(lazy_pinyin(w, style=Style.FIRST_LETTER)), w) for w in words)
    short = {k: v for k, v in initials.items() if len(k) > 1}
    return {k: v for k, v in (short | full).items() if k not in _LATIN_WORDS}


def everyday_words(texts: Iterable[str]) -> dict[str, int]:
    """The words of the knowledge's own questions a welder may type in full pinyin ("xian zuo
    sha": 先, 做, 啥), and how often the questions say them: every run of up to
    EVERYDAY_CHARS characters said at least twice."""
    counts: Counter[str] = Counter()
    for text in texts:
        for run in _CJK_RUN.findall(_plain(text)):
            for n in range(1, EVERYDAY_CHARS + 1):
                counts.update(run[i : i + n] for i in range(len(run) - n + 1))
    return {w: c for w, c in counts.items() if c >= 2}


def _segment(
    run: str, words: dict[str, str], longest: int, cost: dict[str, float]
) -> tuple[list[str], int]:
    """A latin run as words ("tijianbaogaoyoushenmeyaoqiu": 体检报告, 有, 什么, yaoqiu), with
    the stretches no word covers left in latin: fewest letters left, then the likeliest words,
    each costing what `cost` says ("laoshile": 老师, 了, not 老, 事了).
    Returns the pieces and how many letters are left."""
    # best[i] for run[:i]: (letters left, the words' cost, where its last piece starts, that
    # piece's word or None for a letter left in latin)
    best: list[tuple[int, float, int, str | None]] = [(0, 0.0, 0, "")]
    for end in range(1, len(run) + 1):
        left, spent = best[end - 1][:2]
        option = (left + 1, spent, end - 1, None)
        for start in range(max(0, end - longest), end):
            if (found := words.get(run[start:end])) is not None:
                left, spent = best[start][:2]
                if (left, spent + cost[found]) < option[:2]:
                    option = (left, spent + cost[found], start, found)
        best.append(option)
    pieces: list[str] = []
    end = len(run)
    while end > 0:
        start, word = best[end][2:]
        pieces.append(run[start:end] if word is None else word)
        end = start
    # Letters left next to each other are one piece.
    merged: list[str] = []
    for piece in reversed(pieces):
        if merged and piece.isascii() and merged[-1].isascii() and len(piece) == 1:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged, best[-1][0]


def sound_alike(words: tuple[str, ...], shortest: int = 3) -> dict[tuple[str, ...], str]:
    """The syllables of each word of `shortest` or more characters -> the word; syllables two
    words share are left out. Of three or more, for homophone typos ("浏揽器", "十名人正");
    of any length, for a word typed half in pinyin ("补zheng", "学历an全")."""
    return _unshared(
        (tuple(map(syllable, w)), w)
        for w in words
        if len(w) >= shortest and all(_CJK.match(c) for c in w)
    )


def _spaced_out(text: str) -> bool:
    """A space after every character ("都 好 了 随 申 办"): one typist's habit, not the
    commas of a phone."""
    words = text.split()
    return len(words) >= SPACED_WORDS and all(len(w) == 1 for w in words)


class Normalizer:
    def __init__(self, lexicon: Lexicon, everyday: dict[str, int] | None = None) -> None:
        self._replace = {_NOISE.sub("", k): v for k, v in lexicon.replace.items()}
        self._replace_re = _alternation(list(self._replace))
        everyday = everyday or {}
        # Of the words that sound alike, the commonest stands for them; the lexicon's own
        # everyday words win over it.
        common = (*sorted(everyday, key=lambda w: (everyday[w], w)), *lexicon.pinyin_common)
        # The latin words of the procedure stand for themselves among pinyin ("san ge word").
        self._pinyin = {w: w for w in _LATIN_WORDS} | pinyin_words(lexicon.pinyin, common)
        self._procedure = frozenset(lexicon.pinyin)
        # What reading each word costs: the less the questions say it, the more; the words
        # the lexicon names cost what the commonest does.
        named = (*lexicon.pinyin_common, *lexicon.pinyin, *_LATIN_WORDS)
        counts = everyday | dict.fromkeys(named, max(everyday.values(), default=1))
        total = sum(counts.values())
        self._cost = {w: math.log(total / counts.get(w, 1)) for w in self._pinyin.values()}
        self._pinyin_longest = max(map(len, self._pinyin), default=0)
        self._sounds = sound_alike(lexicon.pinyin)
        self._half_typed = sound_alike(lexicon.pinyin, shortest=1)
        self._half_longest = max(map(len, self._half_typed), default=0)
        # Each word's first syllable -> the lengths of the words it starts, longest first.
        self._sound_starts: dict[str, list[int]] = {}
        for sounds in sorted(self._sounds, key=len, reverse=True):
            self._sound_starts.setdefault(sounds[0], []).append(len(sounds))
        self._fillers_re = _alternation([_NOISE.sub("", f.lower()) for f in lexicon.fillers])
        self._moods_re = _alternation([_plain(m) for m in lexicon.moods])
        self.cached = lru_cache(maxsize=4096)(self._normalize)
        self._light = lru_cache(maxsize=4096)(self._light_uncached)
        self._clauses = lru_cache(maxsize=4096)(self._clauses_uncached)

    def __call__(self, text: str) -> str:
        return self.cached(text[:MAX_CHARS])

    def light(self, text: str, breaks: bool = False) -> str:
        """Width, case, script and typos, keeping punctuation: for commands and statements.

        With `breaks`, a space between two Chinese characters (a phone's comma:
        '收到短信 怎么办') becomes a comma; other spaces go either way.
        """
        return self._light(text[:MAX_CHARS], breaks)

    def clauses(self, text: str) -> str:
        """Each clause normalized, joined by "|": a keyword is only named when one clause
        holds it ("理论也要考 点哪个" names no 考点)."""
        return self._clauses(text[:MAX_CHARS])

    def _clauses_uncached(self, text: str) -> str:
        pieces = _CLAUSE_END.split(self._breaks(_plain(text)))
        return "|".join(filter(None, map(self, pieces)))

    @staticmethod
    def _breaks(text: str) -> str:
        return text if _spaced_out(text) else _CJK_BREAK.sub("，", _LATIN_BREAK.sub(r"\1，", text))

    def _calm(self, text: str) -> str:
        """What the welder feels ("急死了") as a mere pause, unless that is all they say."""
        calm = self._moods_re.sub("，", text) if self._moods_re else text
        return calm if _NOISE.sub("", calm) else text

    def _light_uncached(self, text: str, breaks: bool) -> str:
        text = self._calm(_QUOTES.sub("", _plain(text)))
        if breaks:
            text = self._breaks(text)
        return self._fix_typos("".join(text.split()))

    def is_typo(self, word: str) -> bool:
        """Whether a word is a known misspelling of a word of the procedure ("曾项")."""
        plain = _plain(word)
        return self._fix_typos(plain) != plain

    def _fix_typos(self, text: str) -> str:
        text = self._from_half_typed(text)
        text = _LATIN_RUN.sub(self._from_latin, text)
        text = _SPLIT_RESULT.sub(r"\1\3\2", _SPLIT_VERB.sub("", text))
        if self._replace_re:
            text = self._replace_re.sub(lambda m: self._replace[m.group(0)], text)
        text = _SHORT.sub(lambda m: m.group(1) + _SHORT_FOR[m.group(2)], text)
        return self._from_sounds(text)

    def _from_sounds(self, text: str) -> str:
        """Rewrite runs of characters that sound like a word of the procedure as the word."""
        if not self._sounds:
            return text
        sounds = tuple(map(syllable, text))
        return _rewrite(
            text,
            lambda i: self._sound_starts.get(sounds[i], ()),
            lambda i, n: self._sounds.get(sounds[i : i + n]),
        )

    def _from_half_typed(self, text: str) -> str:
        """Rewrite a word of the procedure typed partly in pinyin syllables ("收到补zheng短信")
        as the word: at least one of its syllables in latin, at least one a character."""
        if not _HALF_TYPED.search(text):
            return text  # most messages: no latin letters next to a character
        units = _SYLLABLES.findall(text)
        longest = self._half_longest
        # Only a run that reaches a latin syllable may be such a word: the starts just before
        # each, so that a crafted message costs what its latin runs do.
        latin = [j for j, u in enumerate(units) if u.isascii() and u.isalpha()]
        starts = {i for j in latin for i in range(max(0, j - longest + 1), j + 1)}

        def lengths(i: int) -> range:
            return range(min(longest, len(units) - i), 1, -1) if i in starts else range(0)

        def word(i: int, n: int) -> str | None:
            run = units[i : i + n]
            if len({u.isascii() for u in run}) != 2:
                return None
            return self._half_typed.get(tuple(map(syllable, run)))

        return _rewrite(units, lengths, word)

    def _from_latin(self, m: re.Match[str]) -> str:
        """A latin run the lexicon names as a whole ("scan", "ywtb") is its word; any other
        may be pinyin."""
        return self._replace.get(m.group(0)) or self._from_pinyin(m)

    def _from_pinyin(self, m: re.Match[str]) -> str:
        run = m.group(0)
        if len(run) > _MAX_RUN or not self._pinyin:
            return run
        words, left = _segment(run, self._pinyin, self._pinyin_longest, self._cost)
        # Read as words when it names the procedure and words make up most of it, or when
        # it is all words ("laoshi wo xian zuo sha").
        named = self._procedure.intersection(words) and left * 2 < len(run)
        if named or (not left and sum(map(len, words)) >= 2):
            return "".join(words)
        return run

    def _normalize(self, text: str) -> str:
        text = self._fix_typos(_NOISE.sub("", self._calm(_plain(text))))
        if self._fillers_re:
            stripped = self._fillers_re.sub("", text)
            # A message made only of fillers ("你好") keeps its words.
            text = stripped or text
        return _ALSO_DONE.sub("", text)


def _rewrite(
    units: Sequence[str],
    lengths: Callable[[int], Iterable[int]],
    word: Callable[[int, int], str | None],
) -> str:
    """The units joined, each run that makes a word rewritten as it: at each unit, the run
    lengths to try in order, and the word a run of that length makes, if any."""
    out: list[str] = []
    i = 0
    while i < len(units):
        for n in lengths(i):
            if found := word(i, n):
                out.append(found)
                i += n
                break
        else:
            out.append(units[i])
            i += 1
    return "".join(out)


def unit_spans(text: str) -> list[tuple[int, int]]:
    """A normalized text's matching units: one per CJK character, one per latin/digit run."""
    return [m.span() for m in _UNITS.finditer(text)]


@lru_cache(maxsize=8192)
def syllable(unit: str) -> str:
    if _CJK.match(unit):
        return lazy_pinyin(unit, style=Style.NORMAL)[0]
    return unit
