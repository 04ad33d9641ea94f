"""Transcripts of a date range as CSV for Excel, or as JSON Lines for programs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, timedelta

from aiohttp import web

from ..inputs import day
from ..keys import STORE
from ..middlewares import ApiError
from ..store import Line
from . import clock
from .render import CHANNELS, ROLES, render, stage_names

BATCH = 1000
MAX_DAYS = 366
HEADER = (
    "消息编号",
    "时间",
    "焊工编号",
    "姓名",
    "单位",
    "电话",
    "渠道",
    "角色",
    "内容",
    "阶段",
    "条目",
    "置信度",
    "答上了",
    "老师",
)
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_row(values: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([guard_cell(v) for v in values])
    return buffer.getvalue()


def message_cells(line: Line, stage_names: dict[str, str]) -> list[object]:
    return [
        line.id,
        line.time,
        line.welder.id,
        line.welder.name,
        line.welder.company,
        line.welder.phone,
        CHANNELS.get(line.welder.channel, line.welder.channel),
        ROLES.get(line.role, line.role),
        line.text,
        stage_names.get(line.stage, line.stage),
        line.answer_id or "",
        "" if line.confidence is None else line.confidence,
        {True: "是", False: "否", None: ""}[line.answered],
        line.teacher or "",
    ]


def csv_lines(lines: list[Line], stage_names: dict[str, str]) -> str:
    return "".join(_csv_row(message_cells(line, stage_names)) for line in lines)


def json_lines(lines: list[Line]) -> str:
    return "".join(
        json.dumps(
            {
                "id": line.id,
                "time": line.time,
                "welder": {
                    "id": line.welder.id,
                    "name": line.welder.name,
                    "company": line.welder.company,
                    "phone": line.welder.phone,
                    "channel": line.welder.channel,
                },
                "role": line.role,
                "text": line.text,
                "stage": line.stage,
                "answer_id": line.answer_id,
                "confidence": line.confidence,
                "answered": line.answered,
                "teacher": line.teacher,
            },
            ensure_ascii=False,
        )
        + "\n"
        for line in lines
    )


def _range(request: web.Request) -> tuple[date, date] | None:
    start, end = day(request.query.get("start", "")), day(request.query.get("end", ""))
    if start is None or end is None or end < start or end - start > timedelta(days=MAX_DAYS):
        return None
    return start, end


async def page(request: web.Request) -> web.Response:
    today = clock.now().date()
    return render(
        request,
        "teacher/export.html",
        {"start": today - timedelta(days=6), "end": today, "max_days": MAX_DAYS},
    )


async def _stream(
    request: web.Request, kind: str, content_type: str, head: str, body: Callable
) -> web.StreamResponse:
    dates = _range(request)
    if dates is None:
        raise ApiError(400, f"请选择开始和结束日期（结束不早于开始，最多 {MAX_DAYS} 天）。")
    start, end = dates
    store = request.app[STORE]
    # The first batch is read before the first byte is sent: once the 200 has gone out, a
    # failure could only cut the file short, not say what went wrong.
    lines = await store.transcript_lines(start, end, 0, BATCH)
    response = web.StreamResponse(
        headers={
            "Content-Type": f"{content_type}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="transcripts-{start}-{end}.{kind}"',
        }
    )
    await response.prepare(request)
    await response.write(head.encode("utf-8"))
    while lines:
        await response.write(body(lines).encode("utf-8"))
        lines = await store.transcript_lines(start, end, lines[-1].id, BATCH)
    await response.write_eof()
    return response


async def transcripts_csv(request: web.Request) -> web.StreamResponse:
    # The byte order mark tells Excel the file is UTF-8, so Chinese shows correctly.
    head = "\ufeff" + _csv_row(list(HEADER))
    names = stage_names(request)
    return await _stream(request, "csv", "text/csv", head, lambda lines: csv_lines(lines, names))


async def transcripts_jsonl(request: web.Request) -> web.StreamResponse:
    return await _stream(request, "jsonl", "application/x-ndjson", "", json_lines)
