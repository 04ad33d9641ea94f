"""The matcher's thresholds, as `kb calibrate --write` leaves them in thresholds.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .kb_yaml import Problem, read_yaml

# Written by `python -m bot kb calibrate --write`.
THRESHOLDS_FILE = "thresholds.yaml"


@dataclass(frozen=True)
class Thresholds:
    """When the matcher answers, asks back or falls back; chosen by `kb calibrate`."""

    answer_at: float = 0.38  # the best entry's score needed to answer...
    close_gap: float = 0.05  # ...with this lead over the next
    sure_at: float = 0.72  # or this score, whatever the lead
    # Under this lead, the best entry must share a word of the message the next one lacks.
    wide_gap: float = 0.0


def load_thresholds(path: Path, problems: list[Problem]) -> Thresholds:
    if not path.exists():
        return Thresholds()
    data = read_yaml(path, problems)
    names = set(Thresholds.__dataclass_fields__)
    if not isinstance(data, dict) or not set(data) <= names:
        problems.append(Problem(path.name, "-", f"只能有这些键：{', '.join(sorted(names))}"))
        return Thresholds()
    if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in data.values()):
        problems.append(Problem(path.name, "-", "每个阈值都是 0 到 1 之间的数"))
        return Thresholds()
    return Thresholds(**{k: float(v) for k, v in data.items()})
