"""Charts drawn on the server: the geometry of SVG bars, rendered by teacher/_macros.html."""

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
    value: float
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


def bar_chart(
    title: str, values: list[tuple[str, float]], label_width: int = LABEL_WIDTH
) -> BarChart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((v for _, v in values), default=0)
    room = WIDTH - label_width - VALUE_ROOM
    bars = tuple(
        Bar(label, value, PAD + i * (BAR_HEIGHT + GAP), round(room * value / top, 1) if top else 0)
        for i, (label, value) in enumerate(values)
    )
    return BarChart(title, bars, label_width=label_width)


# Columns, one pair a day: all messages, and those the bot could not answer.
COLUMN_WIDTH = 1000
COLUMN_HEIGHT = 200
AXIS = 22  # room under the columns for the dates
LEFT = 34  # room for the scale


@dataclass(frozen=True)
class Column:
    label: str  # shown under every fifth day
    x: float
    width: float
    total: int
    part: int
    total_y: float
    part_y: float


@dataclass(frozen=True)
class ColumnChart:
    title: str
    columns: tuple[Column, ...]
    top: int
    width: int = COLUMN_WIDTH
    height: int = COLUMN_HEIGHT + AXIS
    base: int = COLUMN_HEIGHT
    left: int = LEFT


def column_chart(title: str, days: list[tuple[str, int, int]]) -> ColumnChart:
    """(label, total, part) a day; the part is drawn inside its day's total."""
    top = max((t for _, t, _ in days), default=0) or 1
    step = (COLUMN_WIDTH - LEFT) / max(len(days), 1)

    def y(value: int) -> float:
        return round(COLUMN_HEIGHT - (COLUMN_HEIGHT - PAD) * value / top, 1)

    columns = tuple(
        Column(
            label if i % 5 == 0 or i == len(days) - 1 else "",
            round(LEFT + i * step + step * 0.15, 1),
            round(step * 0.7, 1),
            total,
            part,
            y(total),
            y(part),
        )
        for i, (label, total, part) in enumerate(days)
    )
    return ColumnChart(title, columns, top)
