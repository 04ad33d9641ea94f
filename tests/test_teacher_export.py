"""Exporting transcripts: CSV that Excel opens safely, and JSON Lines."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.teacher import clock
from bot.teacher.export import guard_cell
from tests.teacher_support import logged_in, own_session, run_sql, welder_says

FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


def today() -> str:
    return clock.now().date().isoformat()


async def export(client, kind: str, start: str | None = None, end: str | None = None):
    params = {"start": start or today(), "end": end or today()}
    return await client.get(f"/teacher/export/transcripts.{kind}", params=params)


async def csv_rows(client) -> list[dict[str, str]]:
    body = await (await export(client, "csv")).read()
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


async def test_csv_starts_with_a_bom_so_excel_reads_chinese(client, teacher):
    await welder_says(client, "电脑上用什么浏览器")
    body = await (await export(client, "csv")).read()
    assert body.startswith("\ufeff".encode())
    assert "消息编号,时间,焊工编号" in body.decode("utf-8-sig").splitlines()[0]


async def test_csv_has_one_row_per_message_with_role_and_entry(client, teacher):
    await welder_says(client, "电脑上用什么浏览器")
    rows = await csv_rows(client)
    assert (rows[0]["角色"], rows[0]["内容"]) == ("焊工", "电脑上用什么浏览器")
    assert rows[1]["角色"] == "助手"
    assert rows[1]["条目"] == "browser_choice"
    assert rows[1]["答上了"] == "是"
    assert rows[1]["阶段"] == "准备材料"


async def test_csv_cells_that_look_like_formulas_are_defused(client, teacher):
    async with own_session(client) as welder:
        await welder.post("/api/profile", json={"name": "@SUM(A1)", "phone": "+8613800000000"})
        await welder.post("/api/chat", json={"text": FORMULA})
    rows = await csv_rows(client)
    assert rows[0]["内容"] == "'" + FORMULA
    assert rows[0]["姓名"] == "'@SUM(A1)"
    assert rows[0]["电话"] == "'+8613800000000"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("电话 = 123", "电话 = 123"),
        ("", ""),
        (12, 12),
        (None, None),
    ],
)
def test_guard_cell_prefixes_formula_starts_only(value, safe):
    assert guard_cell(value) == safe


async def test_the_csv_is_a_download_named_after_the_range(client, teacher):
    resp = await export(client, "csv", "2026-01-01", "2026-01-31")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert (
        resp.headers["Content-Disposition"]
        == 'attachment; filename="transcripts-2026-01-01-2026-01-31.csv"'
    )


async def test_only_messages_in_the_date_range_are_exported(client, teacher):
    await welder_says(client, "电脑上用什么浏览器", uid="old")
    await welder_says(client, "我已经提交了", uid="new")
    await run_sql(
        client, "UPDATE messages SET time = '2026-01-31T23:59:59.000+08:00' WHERE welder_id = 1"
    )
    body = await (await export(client, "jsonl", "2026-01-31", "2026-01-31")).text()
    assert {json.loads(line)["welder"]["id"] for line in body.splitlines()} == {1}
    body = await (await export(client, "jsonl")).text()
    assert {json.loads(line)["welder"]["id"] for line in body.splitlines()} == {2}


async def test_json_lines_hold_one_message_per_line_in_plain_chinese(client, teacher):
    await welder_says(client, "电脑上用什么浏览器")
    body = await (await export(client, "jsonl")).text()
    first, second = (json.loads(line) for line in body.splitlines())
    assert first["role"] == "welder"
    assert first["text"] == "电脑上用什么浏览器"
    assert second["answer_id"] == "browser_choice"
    assert isinstance(second["confidence"], float)
    assert "电脑" in body  # not \u escapes


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-02-01", "2026-01-01"), ("昨天", "2026-01-01"), ("2024-01-01", "2026-01-01")],
)
async def test_a_bad_range_is_explained_in_chinese(client, teacher, start, end):
    resp = await export(client, "csv", start, end)
    assert resp.status == 400
    assert "请选择开始和结束日期" in await resp.text()
