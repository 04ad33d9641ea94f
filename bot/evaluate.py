"""Batch test: questions and dialogues with what they should get, run through the engine.

The file format is the one the project's outside evaluation reads (singles with `q`, `kind`,
`expect` word groups and `avoid`; dialogues whose turns `say` and may name a `stage`), plus
`id` or `ids`: the entry that should answer (for a clarify item: a topic the menu offers).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .engine import HANDOFF, NEXT, STATUS, Engine, Reply
from .knowledge import KnowledgeBase

KINDS = ("answer", "fallback", "clarify")
# The fixed buttons: offering them is not asking back.
COMMANDS = frozenset({HANDOFF, NEXT, STATUS, "上一步", "菜单"})
MAX_REPLY_CHARS = 600
# What an item may say besides its text. A restart changes nothing here: the engine keeps
# nothing but the progress, which the dialogue carries from turn to turn anyway.
FIELDS = ("kind", "expect", "avoid", "id", "ids", "stage", "restart")


class EvalFileError(Exception):
    """The file cannot be used; the message says where and why, in Chinese."""


@dataclass(frozen=True)
class Item:
    text: str
    kind: str | None  # None: a turn that checks only its stage
    expect: tuple[tuple[str, ...], ...] = ()
    avoid: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    stage: str | None = None


@dataclass(frozen=True)
class Dialogue:
    name: str
    turns: tuple[Item, ...]


@dataclass(frozen=True)
class Suite:
    singles: tuple[Item, ...]
    dialogues: tuple[Dialogue, ...]
    max_chars: int = MAX_REPLY_CHARS


@dataclass(frozen=True)
class Result:
    kind: str  # answer | fallback | clarify | turn
    q: str
    ok: bool
    why: str | None
    expected: str | None  # what the item asked for: a kind, or None for a stage-only turn
    ids: tuple[str, ...]
    answered: bool
    answer_id: str | None
    confidence: float | None
    stage: str
    reply: str
    offered: tuple[str, ...]  # quick replies
    dialogue: str | None = None


# -- reading the file ------------------------------------------------------------------------


def _texts(value: object, where: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        value = [value]
    # YAML reads [360] as a number; a word it is.
    value = [str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value]
    if not all(isinstance(v, str) and v for v in value):
        raise EvalFileError(f"{where}：{field} 要写成文字的列表")
    return tuple(value)


def _item(raw: object, where: str, text_key: str, default_kind: str | None) -> Item:
    if not isinstance(raw, dict):
        raise EvalFileError(f"{where}：要写成「{text_key}: ...」这样的几行")
    if unknown := sorted(map(str, raw.keys() - {text_key, *FIELDS})):
        raise EvalFileError(f"{where}：不认识 {', '.join(unknown)}（能写的有 {', '.join(FIELDS)}）")
    text = raw.get(text_key)
    if not isinstance(text, str) or not text.strip():
        raise EvalFileError(f"{where}：缺少 {text_key}（要问的话）")
    ids = _texts(raw.get("ids") or [], where, "ids") + _texts(raw.get("id") or [], where, "id")
    expect = raw.get("expect") or []
    if not isinstance(expect, list):
        raise EvalFileError(f"{where}：expect 要写成词组的列表，如 [[谷歌, chrome]]")
    checks = default_kind or raw.keys() & {"expect", "avoid"} or raw.get("kind") or ids
    kind = raw.get("kind") or ("answer" if checks else None)
    if kind is not None and kind not in KINDS:
        raise EvalFileError(f"{where}：kind 只能是 {' / '.join(KINDS)}，不是「{kind}」")
    stage = raw.get("stage")
    if stage is not None and not isinstance(stage, str):
        raise EvalFileError(f"{where}：stage 要写阶段编号")
    return Item(
        text,
        kind,
        tuple(_texts(group, where, "expect") for group in expect),
        _texts(raw.get("avoid") or [], where, "avoid"),
        ids,
        stage,
    )


def _list(spec: dict, key: str) -> list:
    value = spec.get(key) or []
    if not isinstance(value, list):
        raise EvalFileError(f"{key} 要写成列表（每项以「- 」开头）")
    return value


def parse(spec: object, entry_ids: set[str], stage_ids: set[str]) -> Suite:
    """Check the whole file first: a typo in an id would otherwise just look like a failure."""
    if not isinstance(spec, dict):
        raise EvalFileError("文件里要有 singles 或 dialogues")
    if unknown := sorted(map(str, spec.keys() - {"singles", "dialogues", "max_reply_chars"})):
        raise EvalFileError(
            f"不认识 {', '.join(unknown)}（能写的有 singles、dialogues、max_reply_chars）"
        )
    singles = tuple(
        _item(raw, f"singles 第 {n} 项", "q", "answer")
        for n, raw in enumerate(_list(spec, "singles"), start=1)
    )
    dialogues = []
    for n, raw in enumerate(_list(spec, "dialogues"), start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("turns"), list):
            raise EvalFileError(f"dialogues 第 {n} 项：要有 turns 列表")
        name = str(raw.get("name") or f"对话 {n}")
        turns = tuple(
            _item(turn, f"对话「{name}」第 {t} 句", "say", None)
            for t, turn in enumerate(raw["turns"], start=1)
        )
        dialogues.append(Dialogue(name, turns))
    items = [*singles, *(t for d in dialogues for t in d.turns)]
    if not items:
        raise EvalFileError("文件里没有要测的问题（singles 或 dialogues）")
    for item in items:
        if unknown := [i for i in item.ids if i not in entry_ids]:
            raise EvalFileError(f"「{item.text}」：知识库里没有条目 {', '.join(unknown)}")
        if item.stage is not None and item.stage not in stage_ids:
            raise EvalFileError(f"「{item.text}」：没有阶段 {item.stage}")
    max_chars = spec.get("max_reply_chars", MAX_REPLY_CHARS)
    if not isinstance(max_chars, int) or max_chars < 1:
        raise EvalFileError("max_reply_chars 要是正整数")
    return Suite(singles, tuple(dialogues), max_chars)


def load(path: Path, kb: KnowledgeBase) -> Suite:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalFileError(f"读不了文件 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise EvalFileError(f"{path} 不是 UTF-8 编码的文字文件") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        raise EvalFileError(f"{path} {line}不是正确的 YAML：{exc}") from None
    return parse(spec, {e.id for e in kb.entries}, {s.id for s in kb.stages})


# -- scoring -----------------------------------------------------------------------------------


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def missing(text: str, groups: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    seen = norm(text)
    return [g for g in groups if not any(norm(word) in seen for word in g)]


def _groups(groups: list[tuple[str, ...]]) -> str:
    return " 和 ".join("/".join(g) for g in groups)


def check(item: Item, reply: Reply, max_chars: int) -> str | None:
    """Why the reply fails the item, or None when it passes."""
    if len(reply.text) > max_chars:
        return f"回复有 {len(reply.text)} 字（最多 {max_chars}）"
    if item.kind == "fallback":
        return None if reply.answered is False else "应该答不上（answered: false）"
    if item.kind == "clarify":
        topics = [q for q in reply.quick_replies if norm(q) not in COMMANDS]
        if reply.answer_id is not None or len(topics) < 2:
            return "应该反问：不选条目，至少给出 2 个话题"
        if item.ids and not set(item.ids) & set(reply.progress.choices):
            return f"反问的话题里没有 {' / '.join(item.ids)}"
        miss = missing(reply.text + " " + " ".join(topics), item.expect)
        return f"反问的话题里缺 {_groups(miss)}" if miss else None
    if reply.answered is not True:
        return "没答上"
    if item.ids and reply.answer_id not in item.ids:
        return f"答的是 {reply.answer_id}，应该是 {' / '.join(item.ids)}"
    if miss := missing(reply.text, item.expect):
        return f"回复里缺 {_groups(miss)}"
    bad = [word for word in item.avoid if norm(word) in norm(reply.text)]
    return f"回复里不该有 {'、'.join(bad)}" if bad else None


def _result(kind: str, item: Item, reply: Reply, why: str | None, dialogue: str | None) -> Result:
    return Result(
        kind=kind,
        q=item.text,
        ok=why is None,
        why=why,
        expected=item.kind,
        ids=item.ids,
        answered=reply.answered,
        answer_id=reply.answer_id,
        confidence=reply.confidence,
        stage=reply.progress.stage,
        reply=reply.text,
        offered=reply.quick_replies,
        dialogue=dialogue,
    )


def _turn(item: Item, reply: Reply, max_chars: int) -> str | None:
    stage = reply.progress.stage
    if item.stage is not None and stage != item.stage:
        return f"阶段是 {stage}，应该是 {item.stage}"
    return check(item, reply, max_chars) if item.kind else None


def run(engine: Engine, suite: Suite) -> list[Result]:
    """Every single as a new welder; every dialogue as one welder, progress kept turn to turn."""
    start = engine.welcome(engine.first_stage).progress
    results = []
    for item in suite.singles:
        reply = engine.reply(start, item.text)
        why = check(item, reply, suite.max_chars)
        results.append(_result(item.kind or "answer", item, reply, why, None))
    for dialogue in suite.dialogues:
        state = start
        for item in dialogue.turns:
            reply = engine.reply(state, item.text)
            state = reply.progress
            why = _turn(item, reply, suite.max_chars)
            results.append(_result("turn", item, reply, why, dialogue.name))
    return results
