"""The roster page and its Excel export: every welder, sorted and filtered, with date cells."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from bot.keys import STORE
from bot.store import Profile
from tests.teacher_support import logged_in, run_sql, welder_says

MARKUP = "<b>焊</b>"


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def three_welders(client) -> list[int]:
    store = client.app[STORE]
    first = await welder_says(client, "我已经提交了", uid="a")
    second = await welder_says(client, "电脑上用什么浏览器", uid="b")
    third = await welder_says(client, "找老师", uid="c")
    await store.set_profile(first, Profile("张师傅", "宝钢", "13800000001"))
    await store.set_profile(second, Profile("李师傅", MARKUP, "13800000002"))
    # The first welder entered review long ago.
    await run_sql(
        client,
        "UPDATE progress SET stage_since = '2026-01-05T10:00:00.000+08:00' WHERE welder_id = $1",
        first,
    )
    return [first, second, third]


async def roster_html(client, **params) -> str:
    resp = await client.get("/teacher/roster", params=params)
    assert resp.status == 200
    return await resp.text()


async def test_the_roster_lists_every_welder_with_phone_unit_stage_and_waiting(client, teacher):
    await three_welders(client)
    html = await roster_html(client)
    assert "<title>焊工名册 · 教师控制台</title>" in html
    for text in ("张师傅", "13800000001", "宝钢", "等待审批", "李师傅", "焊工 #3", "等回复"):
        assert text in html
    assert MARKUP not in html and "&lt;b&gt;焊&lt;/b&gt;" in html


async def test_the_roster_sorts_by_days_in_stage(client, teacher):
    await three_welders(client)
    html = await roster_html(client, sort="days")
    assert html.index("张师傅") < html.index("李师傅")
    html = await roster_html(client, sort="last")
    assert html.index("焊工 #3") < html.index("李师傅") < html.index("张师傅")


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"stage": "review"}, ["张师傅"], ["李师傅", "焊工 #3"]),
        ({"waiting": "1"}, ["焊工 #3"], ["张师傅", "李师傅"]),
        ({"q": "1380000000"}, ["张师傅", "李师傅"], ["焊工 #3"]),
        ({"q": "宝钢"}, ["张师傅"], ["李师傅"]),
        ({"stage": "nowhere", "sort": "drop table", "page": "-3"}, ["张师傅", "李师傅"], []),
    ],
)
async def test_the_roster_filters(client, teacher, params, shown, hidden):
    await three_welders(client)
    html = await roster_html(client, **params)
    for name in shown:
        assert name in html
    for name in hidden:
        assert name not in html


async def test_the_excel_export_has_the_roster_with_date_cells_and_the_messages(client, teacher):
    first, *_ = await three_welders(client)
    resp = await client.get("/teacher/export/welders.xlsx")
    assert resp.status == 200
    assert resp.content_type.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(await resp.read()))
    roster, messages = book.worksheets
    header, *rows = list(roster.values)
    assert header[:4] == ("焊工编号", "姓名", "手机", "单位")
    assert len(rows) == 3
    zhang = next(r for r in rows if r[0] == first)
    assert zhang[1:4] == ("张师傅", "13800000001", "宝钢")
    assert zhang[5] == "等待审批"
    assert zhang[6] == datetime(2026, 1, 5, 10, 0)  # a real date cell, not text
    assert isinstance(zhang[7], int) and zhang[7] > 30
    assert isinstance(zhang[8], datetime)
    header, *lines = list(messages.values)
    assert header[:3] == ("消息编号", "时间", "焊工编号")
    assert len(lines) == 6
    assert all(isinstance(line[1], datetime) for line in lines)
    assert lines[0][8] == "我已经提交了"


async def test_a_formula_typed_by_a_welder_stays_text_in_excel(client, teacher):
    await welder_says(client, '=HYPERLINK("http://evil.example","点我")')
    book = openpyxl.load_workbook(
        io.BytesIO(await (await client.get("/teacher/export/welders.xlsx")).read())
    )
    cell = list(book.worksheets[1].values)[1][8]
    assert cell.startswith("'=")


async def test_the_roster_and_export_need_a_login(client):
    for path in ("/teacher/roster", "/teacher/export/welders.xlsx"):
        resp = await client.get(path, allow_redirects=False)
        assert resp.status in (302, 303)
