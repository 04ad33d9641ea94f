"""The knowledge base: YAML files -> validated dataclasses. Pure; no I/O beyond reading files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .senses import SENSES_FILE, Word, parse

STAGE_IDS = ("preparation", "submission", "review", "correction", "download", "done")
MAX_ANSWER = 300
MAX_TITLE = 14
MIN_QUESTIONS = 6
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# Teachers' additions from the console: extra question variants of existing entries.
ADDITIONS_FILE = "additions.yaml"
# Near-domain topics the guide is silent on (fees, exam content, the teacher's phone...).
UNCOVERED_FILE = "uncovered.yaml"
# Written by `python -m bot kb calibrate --write`.
THRESHOLDS_FILE = "thresholds.yaml"
MIN_TOPIC_QUESTIONS = 4
# Where `kb export` writes the teachers' new entries, and what their problems name.
TEACHER_FILE = "entries/teacher.yaml"


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.reason}"


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Step:
    id: str
    stage: str
    title: str
    source: str
    entry: str  # the step's main answer


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    name: str
    words: tuple[str, ...]
    # Needed only later in the application (随申办 at the login): not needed to start it.
    later: bool = False
    # Made from these items (the word files hold photos of the papers): done means they are.
    needs: tuple[str, ...] = ()


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

    @property
    def reply(self) -> str:
        return f"{self.answer.strip()}\n（指南{self.source}）"


@dataclass(frozen=True)
class Lexicon:
    replace: dict[str, str] = field(default_factory=dict)  # variant -> canonical
    fillers: tuple[str, ...] = ()
    off_topic: tuple[str, ...] = ()
    # Question words and particles: they count, but far less than the words that name things.
    generic: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """When the matcher answers, asks back or falls back; chosen by `kb calibrate`."""

    answer_at: float = 0.38  # the best entry's score needed to answer...
    close_gap: float = 0.05  # ...with this lead over the next
    sure_at: float = 0.72  # or this score, whatever the lead
    clarify_at: float = 0.28  # the least score of an option offered when asking back
    # Under this lead, the best entry must share a word of the message the next one lacks.
    wide_gap: float = 0.0


@dataclass(frozen=True)
class KnowledgeBase:
    stages: tuple[Stage, ...]
    checklist: tuple[ChecklistItem, ...]
    entries: tuple[Entry, ...]
    lexicon: Lexicon
    root: Path
    uncovered: tuple[Entry, ...] = ()
    thresholds: Thresholds = Thresholds()
    senses: tuple[Word, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})
        object.__setattr__(self, "_steps", {s.id: s for st in self.stages for s in st.steps})

    def entry(self, entry_id: str | None) -> Entry | None:
        return self._by_id.get(entry_id) if entry_id else None

    def step(self, step_id: str | None) -> Step | None:
        return self._steps.get(step_id) if step_id else None

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    @property
    def steps(self) -> list[Step]:
        return [s for st in self.stages for s in st.steps]

    def main_entry(self, step: Step) -> Entry:
        return self._by_id[step.entry]


class _UniqueKeys(yaml.SafeLoader):
    """A mapping that names a key twice is a mistake: YAML would keep only the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        for key in {k for k in keys if keys.count(k) > 1}:
            raise yaml.constructor.ConstructorError(None, None, f"键「{key}」重复", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(path.name, "-", f"无法读取：{exc}".replace("\n", " ")))
        return None


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def _load_procedure(path: Path, problems: list[Problem]):
    data = _read_yaml(path, problems)
    stages: list[Stage] = []
    checklist: list[ChecklistItem] = []
    if not isinstance(data, dict):
        problems.append(Problem(path.name, "-", "应有 stages 和 checklist"))
        return stages, checklist
    for raw in data.get("stages") or []:
        steps = tuple(
            Step(
                str(s.get("id")),
                str(raw.get("id")),
                str(s.get("title")),
                str(s.get("source")),
                str(s.get("entry")),
            )
            for s in raw.get("steps") or []
            if isinstance(s, dict)
        )
        stages.append(Stage(str(raw.get("id")), str(raw.get("name", "")), steps))
    if tuple(s.id for s in stages) != STAGE_IDS:
        problems.append(Problem(path.name, "stages", f"阶段必须依次是 {', '.join(STAGE_IDS)}"))
    for stage in stages:
        if not stage.steps:
            problems.append(Problem(path.name, stage.id, "阶段没有步骤"))
    for raw in data.get("checklist") or []:
        words = _strings(raw.get("words")) or ()
        checklist.append(
            ChecklistItem(
                str(raw.get("id")),
                str(raw.get("name", "")),
                words,
                raw.get("later") is True,
                _strings(raw.get("needs") or []) or (),
            )
        )
        if not words:
            problems.append(Problem(path.name, str(raw.get("id")), "清单项缺少 words"))
    return stages, checklist


def _load_lexicon(path: Path, problems: list[Problem]) -> Lexicon:
    data = _read_yaml(path, problems) or {}
    replace: dict[str, str] = {}
    for canonical, variants in (data.get("replace") or {}).items():
        for variant in _strings(variants) or ():
            replace[variant.lower()] = str(canonical).lower()
    return Lexicon(
        replace=replace,
        fillers=_strings(data.get("fillers") or []) or (),
        off_topic=_strings(data.get("off_topic") or []) or (),
        generic=_strings(data.get("generic") or []) or (),
    )


def _parse_entry(raw: Any, file: str, problems: list[Problem]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, "-", "条目必须是一个映射"))
        return None
    entry_id = str(raw.get("id", "")) or "-"
    bad = []
    for name in ("id", "stage", "step", "title", "answer", "source"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            bad.append(f"缺少 {name}")
    questions = _strings(raw.get("questions"))
    if questions is None:
        bad.append("questions 必须是非空字符串列表")
    keywords = _strings(raw.get("keywords") or [])
    related = _strings(raw.get("related") or [])
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
    )


def _load_uncovered(path: Path, problems: list[Problem]) -> list[Entry]:
    if not path.exists():
        return []
    data = _read_yaml(path, problems)
    if not isinstance(data, list):
        problems.append(Problem(path.name, "-", "文件内容必须是话题列表"))
        return []
    topics = []
    for raw in data:
        if not isinstance(raw, dict):
            problems.append(Problem(path.name, "-", "话题必须是一个映射"))
            continue
        topic_id = str(raw.get("id", "")) or "-"
        questions = _strings(raw.get("questions"))
        keywords = _strings(raw.get("keywords") or [])
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
                    "",
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


def _load_thresholds(path: Path, problems: list[Problem]) -> Thresholds:
    if not path.exists():
        return Thresholds()
    data = _read_yaml(path, problems)
    names = set(Thresholds.__dataclass_fields__)
    if not isinstance(data, dict) or not set(data) <= names:
        problems.append(Problem(path.name, "-", f"只能有这些键：{', '.join(sorted(names))}"))
        return Thresholds()
    if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in data.values()):
        problems.append(Problem(path.name, "-", "每个阈值都是 0 到 1 之间的数"))
        return Thresholds()
    return Thresholds(**{k: float(v) for k, v in data.items()})


def _load_senses(path: Path, problems: list[Problem]) -> tuple[Word, ...]:
    if not path.exists():
        return ()
    words, found = parse(_read_yaml(path, problems))
    problems.extend(Problem(path.name, "-", p) for p in found)
    return tuple(words)


def _validate(kb: KnowledgeBase, problems: list[Problem]) -> None:
    steps = {s.id: s for s in kb.steps}
    seen: dict[str, Entry] = {}
    owner: dict[str, str] = {}
    for e in kb.uncovered:
        if e.id in seen or not ID_PATTERN.match(e.id):
            problems.append(Problem(e.file, e.id, "id 重复或格式不对"))
        seen[e.id] = e
        if len(e.answer) > MAX_ANSWER:
            problems.append(Problem(e.file, e.id, f"答案超过 {MAX_ANSWER} 字"))
        for q in e.questions:
            owner.setdefault(_question_key(q), e.id)
    topics = set(seen)
    known = topics | {e.id for e in kb.entries}
    for word in kb.senses:
        for entry_id in {i for i, _ in word.senses} - known:
            problems.append(
                Problem(SENSES_FILE, entry_id, f"「{word.forms[0]}」的词义指向不存在的条目")
            )
    for e in kb.entries:

        def add(reason: str, e: Entry = e) -> None:
            problems.append(Problem(e.file, e.id, reason))

        if e.id in seen:
            add(f"id 重复（另见 {seen[e.id].file}）")
        seen[e.id] = e
        if not ID_PATTERN.match(e.id):
            add("id 只能用小写字母、数字和下划线")
        if e.stage not in STAGE_IDS:
            add(f"未知阶段 {e.stage}")
        step = steps.get(e.step)
        if step is None:
            add(f"未知步骤 {e.step}")
        elif step.stage != e.stage:
            add(f"步骤 {e.step} 不属于阶段 {e.stage}")
        if len(e.answer) > MAX_ANSWER:
            add(f"答案有 {len(e.answer)} 字，超过 {MAX_ANSWER} 字")
        if len(e.title) > MAX_TITLE:
            add(f"标题有 {len(e.title)} 字，超过 {MAX_TITLE} 字")
        if len(e.questions) < MIN_QUESTIONS:
            add(f"只有 {len(e.questions)} 个问法，至少要 {MIN_QUESTIONS} 个")
        for q in e.questions:
            key = _question_key(q)
            if key in owner and owner[key] != e.id:
                add(f"问法「{q}」同时属于 {owner[key]}")
            owner.setdefault(key, e.id)
    for step in kb.steps:
        main = seen.get(step.entry)
        if main is None or main.step != step.id:
            problems.append(
                Problem("procedure.yaml", step.id, f"entry {step.entry} 不是这一步的条目")
            )
    for e in kb.entries:
        for rel in e.related:
            if rel not in seen or rel in topics:
                problems.append(Problem(e.file, e.id, f"related 指向不存在的条目 {rel}"))
            elif rel == e.id:
                problems.append(Problem(e.file, e.id, "related 指向自己"))


@dataclass(frozen=True)
class Overlay:
    """The teachers' edits kept in the database, on top of the files.

    An overlay entry wins over a file's entry of the same id: `kb export` copies entries
    into the files for review, and the copy must not count as a second entry.
    """

    entries: tuple[Entry, ...] = ()
    questions: tuple[tuple[str, str], ...] = ()  # (entry id, question) added to entries


def _question_key(question: str) -> str:
    return re.sub(r"[\s\W_]+", "", question.lower())


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
    data = _read_yaml(path, problems) or {}
    by_id = {e.id: e for e in entries}
    for entry_id, extra in (data.get("questions") or {}).items():
        questions = _strings(extra)
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


def load(root: Path, overlay: Overlay | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in `root` with the teachers' overlay on top;
    raises KnowledgeError with every problem."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), "-", "知识库目录不存在")])
    stages, checklist = _load_procedure(root / "procedure.yaml", problems)
    lexicon = _load_lexicon(root / "lexicon.yaml", problems)
    entries: list[Entry] = []
    files = sorted((root / "entries").glob("*.yaml"))
    if not files:
        problems.append(Problem("entries/", "-", "没有条目文件"))
    for path in files:
        data = _read_yaml(path, problems)
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
    entries = _apply_overlay(entries, overlay or Overlay(), problems)
    uncovered = tuple(_load_uncovered(root / UNCOVERED_FILE, problems))
    thresholds = _load_thresholds(root / THRESHOLDS_FILE, problems)
    kb = KnowledgeBase(
        tuple(stages),
        tuple(checklist),
        tuple(entries),
        lexicon,
        root,
        uncovered,
        thresholds,
        _load_senses(root / SENSES_FILE, problems),
    )
    _validate(kb, problems)
    if problems:
        raise KnowledgeError(problems)
    return kb
