"""The roster: every welder on one page, sorted and filtered; and as an Excel file."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

import xlsxwriter
from aiohttp import web

from ..inputs import search_words
from ..keys import OUTBOUND, STORE
from ..middlewares import ApiError
from ..store import Enrolled, RosterFilters, RosterPosition
from ..store.roster import SORTS, Sort
from . import clock
from .export import HEADER, guard_cell, message_cells
from .render import CHANNELS, page_number, page_window, render, stage_names

PAGE_SIZE = 100
# A page position in a link: a few short values (a time, a name, an id).
MAX_POSITION = 400
MAX_QUERY = 40
BATCH = 1000
# The Excel file is built whole before it is sent: each sheet stops at this many rows.
MAX_ROWS = 100_000
MESSAGE_DAYS = 90
SORT_LABELS = {"last": "最近联系", "days": "在本阶段最久", "name": "姓名", "stage": "阶段"}
ROSTER_HEADER = (
    "焊工编号",
    "姓名",
    "手机",
    "单位",
    "渠道",
    "阶段",
    "进入本阶段",
    "在本阶段天数",
    "最近联系",
    "等老师回复",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def days_in_stage(enrolled: Enrolled, moment: datetime) -> int | None:
    if not enrolled.stage_since:
        return None
    return (moment.date() - clock.parse(enrolled.stage_since).date()).days


def _filters(request: web.Request) -> RosterFilters:
    query = request.query
    stage = query.get("stage", "")
    sort = query.get("sort", "last")
    return RosterFilters(
        stage=stage if stage in stage_names(request) else "",
        waiting=query.get("waiting") == "1",
        q=search_words(query.get("q", ""), MAX_QUERY),
        sort=sort if sort in SORTS else "last",
    )


def _position(raw: str | None, sort: Sort) -> RosterPosition | None:
    """A page position from a link: the JSON list of its sort key's values."""
    if not raw:
        return None
    try:
        values = json.loads(raw) if len(raw) <= MAX_POSITION else None
    except ValueError:
        values = None
    if not (
        isinstance(values, list)
        and len(values) == len(sort.types)
        and all(_fits(value, kind) for value, kind in zip(values, sort.types, strict=True))
    ):
        raise ApiError(400, "翻页链接不对，请回到名册的第一页再翻。")
    return tuple(values)


def _fits(value: object, kind: type) -> bool:
    if kind is int:
        return type(value) is int and 0 <= value < 2**63
    if not (isinstance(value, str) and len(value) <= MAX_POSITION and "\x00" not in value):
        return False
    try:
        value.encode()  # a lone surrogate ("\ud800") is no text a database stores
    except UnicodeEncodeError:
        return False
    return True


async def page(request: web.Request) -> web.Response:
    filters = _filters(request)
    sort = SORTS[filters.sort]
    number = page_number(request)
    after = _position(request.query.get("after"), sort)
    before = None if after else _position(request.query.get("before"), sort)
    rows = await request.app[STORE].roster(filters, PAGE_SIZE + 1, after, before)
    rows, has_previous, has_next = page_window(rows, PAGE_SIZE, bool(after), bool(before))
    kept = {k: v for k, v in request.query.items() if k not in ("page", "after", "before") and v}

    def link(direction: str, position: RosterPosition, number: int) -> str:
        mark = json.dumps(position, ensure_ascii=False, separators=(",", ":"))
        return "?" + urlencode({**kept, direction: mark, "page": number})

    moment = clock.now()
    return render(
        request,
        "teacher/roster.html",
        {
            "filters": filters,
            "rows": [(r, days_in_stage(r, moment)) for r, _ in rows],
            "sorts": SORT_LABELS,
            "noticed": request.query.get("noticed", ""),
            "notice_error": request.query.get("notice_error") == "1",
            "outbound": sorted(CHANNELS.get(c, c) for c in request.app[OUTBOUND]),
            "page": number,
            "sort_urls": {s: "?" + urlencode({**kept, "sort": s}) for s in SORT_LABELS},
            "previous_url": link("before", rows[0][1], number - 1) if has_previous and rows else "",
            "next_url": link("after", rows[-1][1], number + 1) if has_next and rows else "",
        },
    )


def _local(stored: str) -> datetime:
    """A stored time as Excel wants it: Shanghai wall-clock time, without a zone."""
    return clock.parse(stored).replace(tzinfo=None)


class _Sheet:
    """One worksheet written a batch at a time, each batch on a worker thread."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, header, widths: dict[int, int]):
        self.sheet = book.add_worksheet(name)
        self.when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for column, width in widths.items():
            self.sheet.set_column(column, column, width)
        self.sheet.write_row(0, 0, header, book.add_format({"bold": True}))
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    @property
    def full(self) -> bool:
        return self.row > MAX_ROWS

    async def add(self, rows: list[tuple[list, dict[int, str | None]]]) -> None:
        """Rows of plain cells, each with {column: stored time} for its date cells."""
        await asyncio.to_thread(self._write, rows[: MAX_ROWS + 1 - self.row])

    def _write(self, rows) -> None:
        for cells, times in rows:
            self.sheet.write_row(self.row, 0, [guard_cell(v) for v in cells])
            for column, stored in times.items():
                if stored:
                    self.sheet.write_datetime(self.row, column, _local(stored), self.when)
            self.row += 1

    def note_if_full(self, text: str) -> None:
        if self.full:
            self.sheet.write(self.row, 0, text)


async def _fill(sheet: _Sheet, fetch: Callable, key: Callable, shape: Callable) -> None:
    after = 0
    while not sheet.full and (batch := await fetch(after)):
        await sheet.add([shape(item) for item in batch])
        after = key(batch[-1])
    sheet.note_if_full(f"只导出了前 {MAX_ROWS} 行。")


async def welders_xlsx(request: web.Request) -> web.Response:
    store = request.app[STORE]
    names = stage_names(request)
    moment = clock.now()
    output = io.BytesIO()
    # constant_memory: each finished row goes to a temporary file, not into memory.
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False})

    def welder_row(r: Enrolled):
        w = r.welder
        cells = [w.id, w.name, w.phone, w.company, CHANNELS.get(w.channel, w.channel)]
        cells += [names.get(r.stage, r.stage), "", days_in_stage(r, moment), ""]
        cells.append("是" if r.waiting else "")
        return cells, {6: r.stage_since, 8: w.last_seen}

    roster = _Sheet(book, "焊工", ROSTER_HEADER, {0: 9, 1: 12, 2: 14, 3: 20, 6: 17, 8: 17})
    await _fill(
        roster,
        lambda after: store.roster_after(after, BATCH),
        lambda r: r.welder.id,
        welder_row,
    )
    end = moment.date()
    start = end - timedelta(days=MESSAGE_DAYS - 1)
    messages = _Sheet(book, f"消息（近{MESSAGE_DAYS}天）", HEADER, {1: 17, 8: 60})
    await _fill(
        messages,
        lambda after: store.transcript_lines(start, end, after, BATCH),
        lambda line: line.id,
        lambda line: (message_cells(line, names), {1: line.time}),
    )
    await asyncio.to_thread(book.close)
    return web.Response(
        body=output.getvalue(),
        headers={
            "Content-Type": XLSX,
            "Content-Disposition": f'attachment; filename="welders-{moment.date()}.xlsx"',
        },
    )
