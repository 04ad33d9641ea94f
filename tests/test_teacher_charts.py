"""The charts page: 30 days of messages, the funnel by stage and step, median days a stage."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.store import Move as Change
from bot.teacher import clock, trends
from tests.teacher_support import logged_in, run_sql, welder_says

ORDER = ["preparation", "submission", "review", "correction", "download", "done"]


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


def test_median_days_counts_only_stays_that_ended():
    changes = [
        Change(1, "preparation", "2026-11-01T10:00:00.000+08:00"),
        Change(2, "preparation", "2026-11-01T10:00:00.000+08:00"),
        Change(1, "review", "2026-11-03T10:00:00.000+08:00"),  # 2 days in preparation
        Change(2, "review", "2026-11-07T10:00:00.000+08:00"),  # 6 days
        Change(3, "preparation", "2026-11-07T10:00:00.000+08:00"),  # still there
        Change(1, "download", "2026-11-04T22:00:00.000+08:00"),  # 1.5 days in review
    ]
    assert trends.median_days(changes) == {"preparation": 4.0, "review": 1.5}


@pytest.mark.parametrize(
    ("stage", "expected"),
    [("preparation", 10), ("review", 7), ("correction", 2), ("download", 3), ("done", 1)],
)
def test_the_funnel_counts_welders_at_or_past_a_stage(stage, expected):
    at = {"preparation": 2, "submission": 1, "review": 2, "correction": 2, "download": 2, "done": 1}
    assert trends.funnel_count(ORDER, stage, at) == expected


async def test_the_charts_page_shows_thirty_days_the_funnel_and_steps(client, teacher):
    await welder_says(client, "我已经提交了", uid="a")
    await welder_says(client, "qwpoeiruty", uid="b")
    # a message 10 days ago, counted on its own day
    then = clock.stamp(clock.now() - timedelta(days=10))
    await run_sql(client, "UPDATE messages SET time = $1 WHERE welder_id = 2", then)
    html = await (await client.get("/teacher/charts")).text()
    assert html.count("<g><title>") == 30
    tips = re.findall(r"<g><title>[^<]*提问 (\d+)，没答上 (\d+)</title>", html)
    assert tips[-1] == ("1", "0")  # today: one question, answered
    assert tips[-11] == ("1", "1")  # ten days ago: one question, not answered
    assert "到过各阶段的焊工" in html and "等待审批和短信" in html


async def test_a_welder_who_read_ahead_is_counted_at_the_step_they_reported(client, teacher):
    await welder_says(client, "扫码登录弄好了", "传完东西最后按哪个钮", uid="a")  # at step 5
    await welder_says(client, "传完东西最后按哪个钮", uid="b")  # no step reported yet
    html = await (await client.get("/teacher/charts")).text()
    chart = html.split("现在停在各步骤的焊工")[1].split("</svg>")[0]
    bars = dict(re.findall(r">([^<>]+)</text>\s*<rect[^>]*></rect>\s*<text[^>]*>(\d+)<", chart))
    assert (bars["还没到具体步骤"], bars["确认信息并选新办或增项"], bars["上传申请材料"]) == (
        "1",
        "1",
        "0",
    )


async def test_finished_days_are_read_once_and_today_every_time(client, teacher):
    await client.get("/teacher/charts")
    assert len(client.app[trends.PAST_DAYS]) == trends.DAYS - 1
    # Written afterwards (only a test can write into the past): the kept count stands.
    await welder_says(client, "电脑上用什么浏览器", uid="a")
    await welder_says(client, "电脑上用什么浏览器", uid="b")
    then = clock.stamp(clock.now() - timedelta(days=3))
    await run_sql(client, "UPDATE messages SET time = $1 WHERE welder_id = 2", then)
    html = await (await client.get("/teacher/charts")).text()
    tips = re.findall(r"<g><title>[^<]*提问 (\d+)，没答上 (\d+)</title>", html)
    assert tips[-4] == ("0", "0")
    assert tips[-1] == ("1", "0")
