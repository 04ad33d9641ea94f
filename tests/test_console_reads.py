"""The console pages conversations and the roster by position, not by OFFSET, on a
connection of its own."""

from __future__ import annotations

import asyncio
import html as htmlmod
import re

import pytest

from bot.keys import STORE
from bot.store import Profile
from bot.store.roster import SORTS
from bot.teacher import roster, views
from tests.teacher_support import logged_in, run_sql, welder_says

LINK = re.compile(r'href="(\?[^"]*)">(上一页|下一页)</a>')


def listed(page: str) -> list[int]:
    body = page[page.index("<tbody>") : page.index("</tbody>")] if "<tbody>" in page else ""
    return [int(part.split('"')[0]) for part in body.split('href="/teacher/welders/')[1:]]


def links(page: str) -> dict[str, str]:
    return {name: htmlmod.unescape(url) for url, name in LINK.findall(page)}


async def test_paging_forward_and_back_shows_every_welder_once(client, monkeypatch):
    await logged_in(client)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(5):
        await welder_says(client, "你好", uid=f"w{n}")
    pages, url = [], "/teacher/conversations"
    while True:
        page = await (await client.get(url)).text()
        pages.append(listed(page))
        if "下一页" not in links(page):
            break
        url = "/teacher/conversations" + links(page)["下一页"]
    seen = [w for p in pages for w in p]
    assert len(seen) == 5 == len(set(seen))
    assert [len(p) for p in pages] == [2, 2, 1]
    # and back from the last page to the first
    back = await (await client.get("/teacher/conversations" + links(page)["上一页"])).text()
    assert listed(back) == pages[1]


async def test_a_page_far_back_is_read_from_its_position_not_by_counting(client):
    await logged_in(client)
    await welder_says(client, "你好", uid="w0")
    resp = await client.get("/teacher/conversations?after=2000-01-01T00:00:00.000%2B08:00~1")
    assert resp.status == 200
    assert listed(await resp.text()) == []


async def test_an_odd_position_shows_the_first_page(client):
    await logged_in(client)
    welder = await welder_says(client, "你好", uid="w0")
    for odd in ("~", "x~y", "中~1", "a~" + "9" * 30, "9" * 100):
        resp = await client.get("/teacher/conversations", params={"after": odd})
        assert resp.status == 200
        assert listed(await resp.text()) == [welder]


async def walk(client, url: str) -> tuple[list[list[int]], str]:
    """Every page from `url` on, following 下一页; and the last page."""
    pages = []
    while True:
        resp = await client.get(url)
        assert resp.status == 200
        page = await resp.text()
        pages.append(listed(page))
        if "下一页" not in links(page):
            return pages, page
        url = url.partition("?")[0] + links(page)["下一页"]


async def six_welders(client) -> list[int]:
    """Names that tie and names that are empty, a stage time that is missing."""
    ids = [await welder_says(client, "你好", uid=f"w{n}") for n in range(6)]
    store = client.app[STORE]
    for welder, name in zip(ids, ["李师傅", "王师傅", "李师傅", "", '~["]', ""], strict=True):
        await store.set_profile(welder, Profile(name, "", ""))
    await run_sql(client, "UPDATE progress SET stage_since = NULL WHERE welder_id = $1", ids[2])
    return ids


@pytest.mark.parametrize("sort", SORTS)
async def test_roster_paging_forward_and_back_shows_every_welder_once_in_order(
    client, monkeypatch, sort
):
    await logged_in(client)
    ids = await six_welders(client)
    whole, _ = await walk(client, f"/teacher/roster?sort={sort}")
    assert sorted(whole[0]) == sorted(ids)
    monkeypatch.setattr(roster, "PAGE_SIZE", 4)
    pages, last = await walk(client, f"/teacher/roster?sort={sort}")
    assert [len(p) for p in pages] == [4, 2]
    assert [w for p in pages for w in p] == whole[0]
    back = await client.get("/teacher/roster" + links(last)["上一页"])
    assert listed(await back.text()) == pages[0]
    assert "上一页" not in links(await back.text())


async def test_a_welder_moving_up_does_not_repeat_a_row_on_the_next_page(client, monkeypatch):
    """Read from the last row's position, not by counting: with OFFSET, the next page would
    show the first page's last welder again once a welder behind it wrote; by position it
    goes on after it, and the one who wrote is on the first page now."""
    await logged_in(client)
    monkeypatch.setattr(roster, "PAGE_SIZE", 2)
    ids = [await welder_says(client, "你好", uid=f"w{n}") for n in range(4)]
    first = await (await client.get("/teacher/roster?sort=last")).text()
    assert listed(first) == [ids[3], ids[2]]
    await welder_says(client, "下一步", uid="w0")  # now the most recent
    second = await client.get("/teacher/roster" + links(first)["下一页"])
    assert listed(await second.text()) == [ids[1]]


@pytest.mark.parametrize(
    "odd",
    [
        "x",
        "[]",
        "[1]",
        '["2026-01-01", 1, 2]',
        "[1, 1]",
        '["a", -1]',
        '["a", 1e400]',
        '["a", NaN]',
        '["a", true]',
        '["a", 99999999999999999999]',
        '["\\u0000", 1]',
        '["\\ud800", 1]',
        "[" * 300 + "]" * 300,
        '["' + "a" * 500 + '", 1]',
        "9" * 1000,
    ],
)
async def test_an_odd_roster_position_gets_a_friendly_400(client, odd):
    await logged_in(client)
    await welder_says(client, "你好", uid="w0")
    for direction in ("after", "before"):
        resp = await client.get("/teacher/roster", params={"sort": "last", direction: odd})
        assert resp.status == 400
        assert "翻页链接不对" in await resp.text()


async def test_a_roster_position_past_the_end_is_an_empty_page(client):
    await logged_in(client)
    await welder_says(client, "你好", uid="w0")
    resp = await client.get("/teacher/roster", params={"after": '["2000-01-01", 1]'})
    assert resp.status == 200
    assert listed(await resp.text()) == []


async def test_console_reads_do_not_queue_in_front_of_a_welders_read(client):
    """A slow console read on its own connection: a welder's read answers meanwhile."""
    store = client.app[STORE]
    await welder_says(client, "你好", uid="w0")
    # A console read that takes a while (no console page is this slow on demand): a
    # recursive count to five million, on the console's connection.
    slow = asyncio.create_task(
        store._fetch_console(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5000000)"
            " SELECT COUNT(*) FROM n"
        )
    )
    await asyncio.sleep(0.05)
    history = await store.newer(await store.welder_id("web", "w0"), 0, 10)
    assert not slow.done()  # the welder's read came back while the console's still ran
    assert len(history) == 2
    await slow
