"""The entries: knowledge/entries/*.yaml, the teachers' added questions and their overlay."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .kb_yaml import Problem, read_yaml, strings

# Teachers' additions from the console: extra question variants of existing entries.
ADDITIONS_FILE = "additions.yaml"
# Where `kb export` writes the teachers' new entries, and what their problems name.
TEACHER_FILE = "entries/teacher.yaml"


@dataclass(frozen=True)
class Entry:
    id: str
    stage: str
    step: str
    title: str
    questions: tuple[str, ...]
    answer: str
    source: str
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    file: str = ""
    # False for a topic the guide does not cover: recognised only to fall back honestly.
    covered: bool = True
    # The answer's core fact in one short line, shown under the title in an ask-back menu.
    gist: str = ""

    @property
    def reply(self) -> str:
        return f"{self.answer.strip()}\n（指南{self.source}）"


@dataclass(frozen=True)
class Overlay:
    """The teachers' edits kept in the database, on top of the files.

    An overlay entry wins over a file's entry of the same id: `kb export` copies entries
    into the files for review, and the copy must not count as a second entry.
    """

    entries: tuple[Entry, ...] = ()
    questions: tuple[tuple[str, str], ...] = ()  # (entry id, question) added to entries


def question_key(question: str) -> str:
    return re.sub(r"[\s\W_]+", "", question.lower())


def _parse_entry(raw: Any, file: str, problems: list[Problem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, "-", "条目必须是一个映射"))
        return None
    entry_id = str(raw.get("id", "")) or "-"
    bad = []
    for name in ("id", "stage", "step", "title", "answer", "source"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            bad.append(f"缺少 {name}")
    questions = strings(raw.get("questions"))
    if questions is None:
        bad.append("questions 必须是非空字符串列表")
    gist = raw.get("gist", "")
    if not isinstance(gist, str) or "\n" in gist.strip():
        bad.append("gist 必须是一行字")
    keywords = strings(raw.get("keywords") or [])
    related = strings(raw.get("related") or [])
    if keywords is None or related is None:
        bad.append("keywords / related 必须是字符串列表")
    if bad:
        problems.extend(Problem(file, entry_id, reason) for reason in bad)
        return None
    return Entry(
        id=raw["id"].strip(),
        stage=raw["stage"].strip(),
        step=raw["step"].strip(),
        title=raw["title"].strip(),
        questions=questions,
        answer=raw["answer"].strip(),
        source=raw["source"].strip(),
        keywords=keywords,
        related=related,
        file=file,
        gist=gist.strip(),
    )


def _add_questions(
    by_id: dict[str, Entry], entry_id: str, questions: tuple[str, ...], file: str, problems
) -> None:
    e = by_id.get(entry_id)
    if e is None:
        problems.append(Problem(file, str(entry_id), "新增问法指向不存在的条目或格式不对"))
        return
    merged = e.questions + tuple(q for q in questions if q not in e.questions)
    by_id[entry_id] = Entry(**{**e.__dict__, "questions": merged})


def _apply_additions(entries: list[Entry], path: Path, problems: list[Problem]) -> list[Entry]:
    if not path.exists():
        return entries
    data = read_yaml(path, problems) or {}
    by_id = {e.id: e for e in entries}
    for entry_id, extra in (data.get("questions") or {}).items():
        questions = strings(extra)
        if questions is None:
            problems.append(Problem(path.name, str(entry_id), "新增问法指向不存在的条目或格式不对"))
            continue
        _add_questions(by_id, entry_id, questions, path.name, problems)
    return [by_id.get(e.id, e) for e in entries]


def _apply_overlay(entries: list[Entry], overlay: Overlay, problems: list[Problem]) -> list[Entry]:
    own = {e.id for e in overlay.entries}
    entries = [e for e in entries if e.id not in own] + list(overlay.entries)
    by_id = {e.id: e for e in entries}
    for entry_id, question in overlay.questions:
        _add_questions(by_id, entry_id, (question,), ADDITIONS_FILE, problems)
    return [by_id[e.id] for e in entries]


def load_entries(root: Path, overlay: Overlay, problems: list[Problem]) -> list[Entry]:
    """The entries of root/entries/*.yaml, with the additions and the overlay applied."""
    entries: list[Entry] = []
    files = sorted((root / "entries").glob("*.yaml"))
    if not files:
        problems.append(Problem("entries/", "-", "没有条目文件"))
    for path in files:
        data = read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(path.name, "-", "文件内容必须是条目列表"))
            continue
        for raw in data:
            entry = _parse_entry(raw, f"entries/{path.name}", problems)
            if entry:
                entries.append(entry)
    entries = _apply_additions(entries, root / ADDITIONS_FILE, problems)
    return _apply_overlay(entries, overlay, problems)
