"""Near-domain topics the guide is silent on: recognised only to fall back honestly."""

from __future__ import annotations

from pathlib import Path

from .entries import Entry
from .kb_yaml import Problem, read_yaml, strings

# Fees, exam content, the teacher's phone...
UNCOVERED_FILE = "uncovered.yaml"
MIN_TOPIC_QUESTIONS = 4


def load_uncovered(path: Path, problems: list[Problem]) -> list[Entry]:
    if not path.exists():
        return []
    data = read_yaml(path, problems)
    if not isinstance(data, list):
        problems.append(Problem(path.name, "-", "文件内容必须是话题列表"))
        return []
    topics = []
    for raw in data:
        if not isinstance(raw, dict):
            problems.append(Problem(path.name, "-", "话题必须是一个映射"))
            continue
        topic_id = str(raw.get("id", "")) or "-"
        questions = strings(raw.get("questions"))
        keywords = strings(raw.get("keywords") or [])
        answer, title = raw.get("answer"), raw.get("title")
        if not (isinstance(answer, str) and answer.strip() and isinstance(title, str)):
            problems.append(Problem(path.name, topic_id, "缺少 title 或 answer"))
        elif questions is None or len(questions) < MIN_TOPIC_QUESTIONS or keywords is None:
            problems.append(
                Problem(path.name, topic_id, f"questions 至少 {MIN_TOPIC_QUESTIONS} 个字符串")
            )
        else:
            topics.append(
                Entry(
                    topic_id,
                    str(raw.get("stage") or ""),  # where it is asked, if at one stage
                    "",
                    title.strip(),
                    questions,
                    answer.strip(),
                    "",
                    keywords,
                    file=path.name,
                    covered=False,
                )
            )
    return topics
