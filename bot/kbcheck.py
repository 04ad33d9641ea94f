"""The whole knowledge-base check: the schema, plus what only the matcher can see."""

from __future__ import annotations

from pathlib import Path

from . import guide, knowledge
from .entries import Overlay
from .kb_yaml import KnowledgeError, Problem
from .knowledge import KnowledgeBase
from .matcher import Matcher


def misrouted(kb: KnowledgeBase) -> list[Problem]:
    """Question variants that another entry matches as well as (or better than) their own."""
    matcher = Matcher(kb)
    problems = []
    for entry in kb.entries:
        for question in entry.questions:
            ranked = matcher.rank(question)
            own = next((s.score for s in ranked if s.entry.id == entry.id), 0.0)
            rival = next((s for s in ranked if s.entry.id != entry.id), None)
            if rival and rival.score >= own:
                reason = f"问法「{question}」被匹配到 {rival.entry.id}"
                problems.append(Problem(entry.file, entry.id, reason))
    return problems


def unsourced(kb: KnowledgeBase) -> list[Problem]:
    """Entries and steps whose source names a part, section or step the guide does not have."""
    path = kb.root / guide.FILE
    try:
        parts = guide.outline(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(guide.FILE, "-", f"无法读取指南原文：{exc}")]
    cited = [(e.file, e.id, e.source) for e in kb.entries]
    cited += [("procedure.yaml", s.id, s.source) for s in kb.steps]
    return [
        Problem(file, item, reason)
        for file, item, source in cited
        if (reason := guide.unfound(parts, source))
    ]


def load_checked(root: Path, overlay: Overlay | None = None) -> KnowledgeBase:
    """Load the knowledge base; raises KnowledgeError with every problem found."""
    kb = knowledge.load(root, overlay)
    problems = unsourced(kb) + misrouted(kb)
    if problems:
        raise KnowledgeError(problems)
    return kb
