"""Teachers' knowledge fixes as reviewable YAML: checked on a copy, written atomically, reloaded."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from .. import knowledge
from ..kbcheck import load_checked
from ..keys import CHAT, SETTINGS, STORE
from ..knowledge import ADDITIONS_FILE, Entry, KnowledgeError, Problem

TEACHER_FILE = "entries/teacher.yaml"
HEADERS = {
    ADDITIONS_FILE: "# 老师在控制台里给已有条目加的问法（条目 id -> 问法列表）。"
    "由控制台写入，可以审阅修改。\n",
    TEACHER_FILE: "# 老师在控制台里新建的条目。由控制台写入，可以审阅修改。\n",
}
# One edit at a time: each reads the files the previous one wrote.
EDIT_LOCK = web.AppKey("knowledge_edit_lock", asyncio.Lock)

Files = dict[str, str]  # path relative to the knowledge dir -> new content


class EditRefused(KnowledgeError):
    """A teacher's change that would leave the knowledge base invalid; nothing was written."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Answers keep their line breaks as a literal block, as in the hand-written files.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(name: str, current: str | None, data: Any) -> str:
    # Keep the comment block a person wrote at the top of the file.
    lines = (current or "").splitlines(keepends=True)
    header = "".join(_leading_comments(lines)) or HEADERS[name]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def _leading_comments(lines: list[str]) -> list[str]:
    taken = []
    for line in lines:
        if not line.startswith("#"):
            break
        taken.append(line)
    return taken


def _read(root: Path, name: str, kind: type) -> tuple[str | None, Any]:
    """The file's text and data; an edit never overwrites a file it cannot read."""
    path = root / name
    current = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        data = yaml.safe_load(current or "") or kind()
    except yaml.YAMLError:
        data = None
    if not isinstance(data, kind):
        raise EditRefused([Problem(name, "-", "文件格式不对，请先请管理员手工改好")])
    return current, data


def variant_files(root: Path, entry_id: str, text: str) -> Files:
    current, data = _read(root, ADDITIONS_FILE, dict)
    questions = data.get("questions") or {}
    if not isinstance(questions, dict):
        raise EditRefused([Problem(ADDITIONS_FILE, "questions", "应该是 条目 id -> 问法列表")])
    questions.setdefault(entry_id, []).append(text)
    data["questions"] = questions
    return {ADDITIONS_FILE: _dump(ADDITIONS_FILE, current, data)}


def entry_files(root: Path, entry: Entry) -> Files:
    current, data = _read(root, TEACHER_FILE, list)
    raw = {
        "id": entry.id,
        "stage": entry.stage,
        "step": entry.step,
        "title": entry.title,
        "questions": list(entry.questions),
        "answer": entry.answer,
        "source": entry.source,
    }
    if entry.related:
        raw["related"] = list(entry.related)
    data.append(raw)
    return {TEACHER_FILE: _dump(TEACHER_FILE, current, data)}


def _check(root: Path, files: Files) -> None:
    """Load the knowledge base as it would be after the edit, in a scratch copy."""
    with tempfile.TemporaryDirectory(prefix="kb-check-") as scratch:
        copy = Path(scratch) / "knowledge"
        shutil.copytree(root, copy)
        for name, content in files.items():
            (copy / name).write_text(content, encoding="utf-8")
        try:
            load_checked(copy)
        except KnowledgeError as exc:
            raise EditRefused(exc.problems) from None


def _write(root: Path, files: Files) -> None:
    for name, content in files.items():
        target = root / name
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


async def apply(
    app: web.Application,
    teacher: str,
    entry_id: str,
    action: str,
    text: str,
    build: Callable[[Path], Files],
) -> int:
    """Check, write and start answering from the edited knowledge; returns the change's id."""
    root = app[SETTINGS].knowledge
    async with app[EDIT_LOCK]:
        files = build(root)
        # Loading and checking the whole knowledge base takes a while: off the event loop.
        await asyncio.to_thread(_check, root, files)
        await asyncio.to_thread(_write, root, files)
        kb = await asyncio.to_thread(knowledge.load, root)
        # The matcher is built in the thread too; the swap itself is one assignment.
        await asyncio.to_thread(app[CHAT].use_knowledge, kb)
    return await app[STORE].record_change(teacher, entry_id, action, text)


def setup(app: web.Application) -> None:
    app[EDIT_LOCK] = asyncio.Lock()
