"""The knowledge base: YAML files -> validated dataclasses. Pure; no I/O beyond reading files.

The procedure and the lexicon are read here; the entries, the uncovered topics and the
thresholds by their own modules, all through the strict reader of kb_yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .entries import Entry, Overlay, load_entries, question_key
from .kb_yaml import KnowledgeError, Problem, read_yaml, strings
from .senses import SENSES_FILE, Word, parse
from .thresholds import THRESHOLDS_FILE, Thresholds, load_thresholds
from .uncovered import UNCOVERED_FILE, load_uncovered

STAGE_IDS = ("preparation", "submission", "review", "correction", "download", "done")
MAX_ANSWER = 300
MAX_TITLE = 14
MAX_GIST = 24
MIN_QUESTIONS = 6
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Box:
    entry: str  # the entry about the box
    label: str  # what the guide says it is for


@dataclass(frozen=True)
class Step:
    id: str
    stage: str
    title: str
    source: str
    entry: str  # the step's main answer
    # The numbered boxes of the step's figure ("红框3"), box 1 first.
    boxes: tuple[Box, ...] = ()
    # The button the guide says ends the step ("下一步"), if one does.
    button: str | None = None
    # Verbs that name the step done on their own ("登好了": the login).
    verbs: tuple[str, ...] = ()
    # What must happen before the step can be done ("收到短信后"), said when 下一步 reaches it.
    when: str | None = None
    # What is done within the step one after another, each part a group of entries (which
    # form, filling it in, what to do once it is printed).
    parts: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    steps: tuple[Step, ...]
    # What the guide says about changing what was filled in, at this stage ("能改吗").
    changes: str | None = None
    # What the guide says to do when a page misbehaves, at a stage done on the website.
    remedy: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    name: str
    words: tuple[str, ...]
    # The application's step it is needed at (随申办, at the login), if not needed to start.
    needed_at: str | None = None
    # Made from these items (the word files hold photos of the papers): done means they are.
    needs: tuple[str, ...] = ()
    # The step of the preparation that makes it ready.
    step: str | None = None
    # Printed is not ready yet: a photo, a stamp and a signature follow (the form).
    after_printing: bool = False


@dataclass(frozen=True)
class Lexicon:
    replace: dict[str, str] = field(default_factory=dict)  # variant -> canonical
    fillers: tuple[str, ...] = ()
    # How the welder feels and what presses them ("急死了"): never read, not even by statements.
    moods: tuple[str, ...] = ()
    off_topic: tuple[str, ...] = ()
    # The procedure's own words, across which no off-topic word is read ("焊工资格").
    own_words: tuple[str, ...] = ()
    # Question words and particles: they count, but far less than the words that name things.
    generic: tuple[str, ...] = ()
    # Words of the procedure a welder may type in pinyin ("xinban", "zx").
    pinyin: tuple[str, ...] = ()
    # Everyday words typed in full pinyin that win over the questions' commonest word of the
    # same sound ("ye": 也, not 页).
    pinyin_common: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    stages: tuple[Stage, ...]
    checklist: tuple[ChecklistItem, ...]
    entries: tuple[Entry, ...]
    lexicon: Lexicon
    root: Path
    uncovered: tuple[Entry, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
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

    def part_after(self, entry: Entry, *, parts: bool = False) -> Entry | None:
        """The entry on the next box of the step `entry` is a box of ("选好新办" is box 3 of
        the fifth step; box 4 is 立即办理), if it is not the step's last; with `parts`, on
        the next of the step's parts instead ("用哪张表", then filling it in)."""
        step = self.step(entry.step)
        if step is None:
            return None
        groups = step.parts if parts else tuple((b.entry,) for b in step.boxes)
        at = next((i for i, group in enumerate(groups) if entry.id in group), None)
        if at is None:
            return None
        later = [group[0] for group in groups[at + 1 :] if entry.id not in group]
        return self._by_id[later[0]] if later else None


def _boxes(raw: object, problems: list[Problem]) -> tuple[Box, ...]:
    """A step's boxes, each written as [entry, label]."""
    pairs = raw if isinstance(raw, list) else [] if raw is None else [raw]
    if not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        problems.append(Problem("procedure.yaml", "boxes", "每个框要写成 [条目, 说明]"))
        return ()
    return tuple(Box(entry, label) for entry, label in pairs)


def _parts(raw: object, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    """A step's parts, each written as a list of entries."""
    groups = raw if isinstance(raw, list) else [] if raw is None else [raw]
    if not all(isinstance(g, list) and g and all(isinstance(x, str) for x in g) for g in groups):
        problems.append(Problem("procedure.yaml", "parts", "每一部分要写成条目的列表"))
        return ()
    return tuple(tuple(g) for g in groups)


def _load_procedure(path: Path, problems: list[Problem]):
    data = read_yaml(path, problems)
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
                _boxes(s.get("boxes"), problems),
                str(s["button"]) if s.get("button") else None,
                tuple(map(str, s.get("verbs") or ())),
                str(s["when"]) if s.get("when") else None,
                _parts(s.get("parts"), problems),
            )
            for s in raw.get("steps") or []
            if isinstance(s, dict)
        )
        changes, remedy = (str(raw[k]) if raw.get(k) else None for k in ("changes", "remedy"))
        stages.append(Stage(str(raw.get("id")), str(raw.get("name", "")), steps, changes, remedy))
    if tuple(s.id for s in stages) != STAGE_IDS:
        problems.append(Problem(path.name, "stages", f"阶段必须依次是 {', '.join(STAGE_IDS)}"))
    for stage in stages:
        if not stage.steps:
            problems.append(Problem(path.name, stage.id, "阶段没有步骤"))
    steps = {s.id for stage in stages for s in stage.steps}
    for raw in data.get("checklist") or []:
        words = strings(raw.get("words")) or ()
        checklist.append(
            ChecklistItem(
                str(raw.get("id")),
                str(raw.get("name", "")),
                words,
                str(raw["needed_at"]) if raw.get("needed_at") else None,
                strings(raw.get("needs") or []) or (),
                str(raw["step"]) if raw.get("step") else None,
                raw.get("after_printing") is True,
            )
        )
        if not words:
            problems.append(Problem(path.name, str(raw.get("id")), "清单项缺少 words"))
        for key in ("step", "needed_at"):
            if raw.get(key) and str(raw[key]) not in steps:
                problems.append(
                    Problem(path.name, str(raw.get("id")), f"清单项的 {key} 不是已有的步骤")
                )
    return stages, checklist


def _load_lexicon(path: Path, problems: list[Problem]) -> Lexicon:
    data = read_yaml(path, problems) or {}
    replace: dict[str, str] = {}
    for canonical, variants in (data.get("replace") or {}).items():
        for variant in strings(variants) or ():
            replace[variant.lower()] = str(canonical).lower()
    return Lexicon(
        replace=replace,
        fillers=strings(data.get("fillers") or []) or (),
        moods=strings(data.get("moods") or []) or (),
        off_topic=strings(data.get("off_topic") or []) or (),
        own_words=strings(data.get("own_words") or []) or (),
        generic=strings(data.get("generic") or []) or (),
        pinyin=strings(data.get("pinyin") or []) or (),
        pinyin_common=strings(data.get("pinyin_common") or []) or (),
    )


def _load_senses(path: Path, problems: list[Problem]) -> tuple[Word, ...]:
    if not path.exists():
        return ()
    words, found = parse(read_yaml(path, problems))
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
        if e.stage and e.stage not in STAGE_IDS:
            problems.append(Problem(e.file, e.id, f"未知阶段 {e.stage}"))
        if len(e.answer) > MAX_ANSWER:
            problems.append(Problem(e.file, e.id, f"答案超过 {MAX_ANSWER} 字"))
        for q in e.questions:
            owner.setdefault(question_key(q), e.id)
    topics = set(seen)
    known = topics | {e.id for e in kb.entries}
    for word in kb.senses:
        for entry_id in {i for i, _ in word.senses + word.named} - known:
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
        if len(e.gist) > MAX_GIST:
            add(f"要点有 {len(e.gist)} 字，超过 {MAX_GIST} 字")
        if len(e.questions) < MIN_QUESTIONS:
            add(f"只有 {len(e.questions)} 个问法，至少要 {MIN_QUESTIONS} 个")
        for q in e.questions:
            key = question_key(q)
            if key in owner and owner[key] != e.id:
                add(f"问法「{q}」同时属于 {owner[key]}")
            owner.setdefault(key, e.id)
    for step in kb.steps:
        main = seen.get(step.entry)
        if main is None or main.step != step.id:
            problems.append(
                Problem("procedure.yaml", step.id, f"entry {step.entry} 不是这一步的条目")
            )
        for box in step.boxes:
            if seen.get(box.entry) is None or seen[box.entry].step != step.id:
                problems.append(
                    Problem("procedure.yaml", step.id, f"框的条目 {box.entry} 不是这一步的")
                )
        for entry_id in (e for part in step.parts for e in part):
            if seen.get(entry_id) is None or seen[entry_id].step != step.id:
                problems.append(
                    Problem("procedure.yaml", step.id, f"parts 的条目 {entry_id} 不是这一步的")
                )
    for stage in kb.stages:
        for key, entry_id in (("changes", stage.changes), ("remedy", stage.remedy)):
            if entry_id and seen.get(entry_id) is None:
                problems.append(
                    Problem("procedure.yaml", stage.id, f"{key} 指向不存在的条目 {entry_id}")
                )
    for e in kb.entries:
        for rel in e.related:
            if rel not in seen or rel in topics:
                problems.append(Problem(e.file, e.id, f"related 指向不存在的条目 {rel}"))
            elif rel == e.id:
                problems.append(Problem(e.file, e.id, "related 指向自己"))


def load(root: Path, overlay: Overlay | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base in `root` with the teachers' overlay on top;
    raises KnowledgeError with every problem."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), "-", "知识库目录不存在")])
    stages, checklist = _load_procedure(root / "procedure.yaml", problems)
    lexicon = _load_lexicon(root / "lexicon.yaml", problems)
    entries = load_entries(root, overlay or Overlay(), problems)
    uncovered = tuple(load_uncovered(root / UNCOVERED_FILE, problems))
    thresholds = load_thresholds(root / THRESHOLDS_FILE, problems)
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
