"""`python -m bot kb export`: the teachers' edits from the store, written into the knowledge
folder's YAML for review (additions.yaml and entries/teacher.yaml), atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .entries import ADDITIONS_FILE, TEACHER_FILE, Entry, Overlay
from .kb_yaml import KnowledgeError, Problem

HEADERS = {
    ADDITIONS_FILE: "# 老师在控制台里给已有条目加的问法（条目 id -> 问法列表）。"
    "由 python -m bot kb export 写入，可以审阅修改。\n",
    TEACHER_FILE: "# 老师在控制台里新建的条目。由 python -m bot kb export 写入，可以审阅修改。\n",
}


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Answers keep their line breaks as a literal block, as in the hand-written files.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(name: str, current: str | None, data: Any) -> str:
    # Keep the comment block a person wrote at the top of the file.
    header = []
    for line in (current or "").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        header.append(line)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return ("".join(header) or HEADERS[name]) + body


def _read(root: Path, name: str, kind: type) -> tuple[str | None, Any]:
    """The file's text and data; an export never overwrites a file it cannot read."""
    path = root / name
    current = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        data = yaml.safe_load(current or "") or kind()
    except yaml.YAMLError:
        data = None
    if not isinstance(data, kind):
        raise KnowledgeError([Problem(name, "-", "文件格式不对，请先手工改好")])
    return current, data


def _raw(entry: Entry) -> dict[str, Any]:
    raw = {
        "id": entry.id,
        "stage": entry.stage,
        "step": entry.step,
        "title": entry.title,
        "questions": list(entry.questions),
        "answer": entry.answer,
        "source": entry.source,
    }
    if entry.gist:
        raw["gist"] = entry.gist
    if entry.related:
        raw["related"] = list(entry.related)
    return raw


def files(root: Path, overlay: Overlay) -> dict[str, str]:
    """The files' new contents: the overlay merged into what they hold already."""
    current, data = _read(root, ADDITIONS_FILE, dict)
    questions = data.get("questions") or {}
    if not isinstance(questions, dict):
        raise KnowledgeError([Problem(ADDITIONS_FILE, "questions", "应该是 条目 id -> 问法列表")])
    for entry_id, question in overlay.questions:
        listed = questions.setdefault(entry_id, [])
        if question not in listed:
            listed.append(question)
    data["questions"] = questions
    found = {ADDITIONS_FILE: _dump(ADDITIONS_FILE, current, data)}
    current, entries = _read(root, TEACHER_FILE, list)
    for entry in overlay.entries:
        # An entry exported before (and maybe reviewed since) is replaced, not repeated.
        entries = [e for e in entries if not (isinstance(e, dict) and e.get("id") == entry.id)]
        entries.append(_raw(entry))
    found[TEACHER_FILE] = _dump(TEACHER_FILE, current, entries)
    return found


def write(root: Path, contents: dict[str, str]) -> None:
    for name, content in contents.items():
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


async def export(db: Path, url: str, root: Path) -> Overlay:
    """Write the store's edits into the files; returns what was written."""
    from .store import create  # the store imports knowledge, as this module does

    store = await create(db, url).open()
    try:
        _, overlay = await store.knowledge_overlay()
    finally:
        await store.close()
    write(root, files(root, overlay))
    return overlay
