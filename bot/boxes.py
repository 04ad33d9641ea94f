"""The numbered boxes of the guide's figures ("红框3", "框8"). Pure.

Steps 5, 6 and 7 each number their boxes from 1, so a box number alone may mean up to
three things; the step the welder names, is on, or just talked about says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import commands
from .knowledge import Box, KnowledgeBase, Step

# "框3", "框2点哪个", "第三个框"; not "四个上传框三个文件" or "下拉框一大堆"; a 下拉框 is
# a drop-down list, never a box of a figure ("下拉框一长串").
_BOX = re.compile(
    f"(?<!拉)框({commands.DIGIT})(?![0-9个张份样大堆些般直共半])|第({commands.DIGIT})个红?框"
)
_STEP = re.compile(r"第[1-9]步")
# "页面上有四个红框": the page described by how many red boxes its figure has; not the
# upload page's four boxes ("上传页有四个框").
_COUNTED = re.compile(f"(?<!第)({commands.DIGIT})个红框")


@dataclass(frozen=True)
class Boxed:
    step: str  # the step's id
    name: str  # the box as the welder would call it: "第5步框3"
    box: Box


def named(kb: KnowledgeBase, clean: str, near: tuple[str | None, ...]) -> list[Boxed]:
    """The boxes a box number in a normalized message may mean: that box of the first step
    in `near` that has one, or else that box of every step; [] when no box is named."""
    m = _BOX.search(clean)
    if m is None:
        return []
    digit = m.group(1) or m.group(2)
    number = commands.number(digit)
    found = [
        Boxed(s.id, f"{where.group(0) if where else ''}框{number}", s.boxes[number - 1])
        for s in kb.steps
        if len(s.boxes) >= number
        for where in [_STEP.search(s.source)]
    ]
    for step in near:
        if here := [b for b in found if b.step == step]:
            return here
    return found


def counted(kb: KnowledgeBase, clean: str) -> Step | None:
    """The one step whose figure has as many boxes as a message counts on the page ("页面上
    有四个红框": step 5's), if any."""
    if (m := _COUNTED.search(clean)) is None or "传" in clean:
        return None
    steps = [s for s in kb.steps if len(s.boxes) == commands.number(m.group(1))]
    return steps[0] if len(steps) == 1 else None


def figure(kb: KnowledgeBase, step_id: str | None) -> tuple[str, ...]:
    """The entries of a step's numbered boxes, box 1 first: after one of them is answered,
    a bare number ("3") is that box of the same figure."""
    step = kb.step(step_id)
    return tuple(box.entry for box in step.boxes) if step else ()
