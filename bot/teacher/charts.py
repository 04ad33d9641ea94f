"""Charts drawn on the server: the geometry of SVG bars, rendered by teacher/_chart.html."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 560
LABEL_WIDTH = 104
VALUE_ROOM = 48
BAR_HEIGHT = 22
GAP = 10
PAD = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float

    @property
    def middle(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return PAD * 2 + len(self.bars) * (BAR_HEIGHT + GAP) - GAP

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def bar_chart(title: str, values: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((v for _, v in values), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = tuple(
        Bar(label, value, PAD + i * (BAR_HEIGHT + GAP), round(room * value / top, 1) if top else 0)
        for i, (label, value) in enumerate(values)
    )
    return BarChart(title, bars)
