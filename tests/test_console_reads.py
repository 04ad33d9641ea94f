"""The console pages conversations by position, not by OFFSET, on a connection of its own."""

from __future__ import annotations

import asyncio
import html as htmlmod
import re

from bot.keys import STORE
from bot.teacher import views
from tests.teacher_support import logged_in, welder_says

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
