"""The dashboard's pure parts: working days, stuck welders, grouped questions, the bar chart."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.knowledge import Lexicon
from bot.normalize import Normalizer
from bot.store import SHANGHAI, Waiting, Welder
from bot.teacher import charts, clock, insights
from bot.workdays import working_days_between


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2026-11-02", "2026-11-02", 0),  # Monday, same day
        ("2026-11-02", "2026-11-03", 1),
        ("2026-11-06", "2026-11-09", 1),  # Friday -> Monday: the weekend does not count
        ("2026-11-07", "2026-11-08", 0),  # Saturday -> Sunday
        ("2026-11-02", "2026-11-16", 10),  # two weeks later
        ("2026-11-02", "2026-11-17", 11),
        ("2026-11-17", "2026-11-02", 0),
    ],
)
def test_working_days_count_weekdays_only(start, end, days):
    assert working_days_between(at(start), at(end)) == days


def waiting(stage: str, since: datetime) -> Waiting:
    return Waiting(Welder(1, "web"), stage, since.isoformat())


@pytest.mark.parametrize(
    ("stage", "since", "stuck"),
    [
        ("review", "2026-11-02", False),  # 10 working days: not yet
        ("review", "2026-11-01", True),  # Sunday: 11 working days
        ("correction", "2026-11-09", False),  # 7 days
        ("correction", "2026-11-08", True),  # 8 days
    ],
)
def test_a_welder_is_stuck_after_ten_working_days_of_review_or_a_week_of_correction(
    stage, since, stuck
):
    now = at("2026-11-16", 9)
    found = insights.stuck([waiting(stage, at(since))], now)
    assert bool(found) is stuck


def test_stuck_welders_say_how_long_in_the_right_unit():
    now = at("2026-11-16", 11)
    review, correction = insights.stuck(
        [waiting("review", at("2026-10-26")), waiting("correction", at("2026-11-06"))], now
    )
    assert (review.days, review.unit) == (15, "个工作日")
    assert (correction.days, correction.unit) == (10, "天")


def groups_of(texts: list[str]) -> list[int]:
    normalize = Normalizer(Lexicon())
    keys: list[str] = []
    return [insights.place(keys, insights.key_of(text, normalize)) for text in texts]


def test_similar_unanswered_questions_join_one_group():
    assert groups_of(
        [
            "考试项目在哪里选",
            "考试项目在哪里选？",
            "考试项目在哪选",
            "证书丢了怎么补办",
            "考试项目在哪里选啊",
        ]
    ) == [0, 0, 0, 1, 0]


def test_different_questions_stay_apart():
    assert groups_of(["怎么登录", "体检报告去哪里做", "照片要几寸"]) == [0, 1, 2]


def test_a_long_question_is_compared_by_its_start():
    normalize = Normalizer(Lexicon())
    assert len(insights.key_of("焊" * 1000, normalize)) <= insights.KEY_CHARS


def test_bars_are_scaled_to_the_largest_value():
    chart = charts.bar_chart("人数", [("准备材料", 4), ("网上申请", 2), ("补正", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert chart.total == 6
    assert chart.height > 3 * charts.BAR_HEIGHT


def test_an_empty_chart_has_no_bar_width():
    chart = charts.bar_chart("人数", [("准备材料", 0)])
    assert chart.bars[0].width == 0


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("2026-11-16T09:05:00.000+08:00", "今天 09:05"),
        ("2026-11-15T23:59:00.000+08:00", "昨天 23:59"),
        ("2026-03-02T08:00:00.000+08:00", "3月2日 08:00"),
        ("2025-12-31T08:00:00.000+08:00", "2025年12月31日 08:00"),
        ("2026-11-16T01:00:00.000+00:00", "今天 09:00"),
    ],
)
def test_times_show_in_shanghai_as_a_teacher_reads_them(stamp, shown):
    assert clock.local(stamp, today=date(2026, 11, 16)) == shown
