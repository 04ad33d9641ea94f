"""Unanswered questions are grouped in the background; the dashboard only reads the groups."""

from __future__ import annotations

import asyncio

from bot.keys import CHAT, STORE
from bot.teacher import grouping
from tests.teacher_support import database_of, group_now, logged_in, welder_says


async def page(client) -> str:
    resp = await client.get("/teacher/")
    assert resp.status == 200
    return await resp.text()


def unanswered_rows(html: str) -> list[str]:
    table = html[html.index('id="unanswered"') :]
    return (
        table.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
        if "<tbody>" in table
        else []
    )


def distinct(n: int) -> str:
    """A question sharing no character with distinct(m) for any other m."""
    return "".join(chr(0x4E00 + n * 500 + k * 13) for k in range(10))


async def test_the_dashboard_does_no_grouping_of_its_own(client):
    await logged_in(client)
    await welder_says(client, "学费可以分期吗", uid="a")
    assert unanswered_rows(await page(client)) == []
    await group_now(client)
    assert "学费可以分期吗" in unanswered_rows(await page(client))[0]


async def test_similar_questions_from_many_welders_make_one_group(client):
    await logged_in(client)
    for uid, text in (("a", "学费可以分期吗"), ("b", "学费可以分期吗？"), ("c", "学费能分期付吗")):
        await welder_says(client, text, uid=uid)
    await group_now(client)
    [row] = unanswered_rows(await page(client))
    assert '<td class="num">3</td>' in row


async def test_the_dashboard_shows_a_bounded_number_of_groups(client):
    await logged_in(client)
    for n in range(12):
        await welder_says(client, distinct(n), uid=f"w{n}")
    await group_now(client)
    assert len(unanswered_rows(await page(client))) == 10


async def test_a_grouper_step_stops_at_its_time_budget(client, monkeypatch):
    for n in range(3):
        await welder_says(client, f"完全不同的问题编号{n}号之{'甲乙丙'[n]}", uid=f"w{n}")
    monkeypatch.setattr(grouping, "BUDGET", 0.0)
    store, normalize = client.app[STORE], client.app[CHAT].engine.matcher.normalize
    await grouping.step(store, normalize, "9999")
    grouped = "SELECT message_id FROM grouped_questions"
    assert len(await database_of(client).fetchall(grouped)) == 1  # then the budget was spent
    await group_now(client)
    assert len(await database_of(client).fetchall(grouped)) == 3


async def test_two_processes_grouping_at_once_store_each_question_once(client):
    for n in range(20):
        await welder_says(client, f"第{n}个没答上的问题：食堂几点开门", uid=f"w{n}")
    other = await database_of(client).store().open()  # a second process on the same database
    try:
        normalize = client.app[CHAT].engine.matcher.normalize
        for _ in range(10):
            await asyncio.gather(
                grouping.step(client.app[STORE], normalize, "9999"),
                grouping.step(other, normalize, "9999"),
            )
        rows = await database_of(client).fetchall("SELECT message_id FROM grouped_questions")
        assert len(rows) == len({r["message_id"] for r in rows}) == 20
        assert await other.grouping_cursor() > 0
    finally:
        await other.close()


async def test_a_question_newer_than_the_settling_time_waits(client):
    await welder_says(client, "学费可以分期吗", uid="a")
    store, normalize = client.app[STORE], client.app[CHAT].engine.matcher.normalize
    assert await grouping.step(store, normalize, "2000-01-01") == 0
    assert await database_of(client).fetchall("SELECT * FROM grouped_questions") == []
