"""The live inbox's JSON, and where a teacher whose login expired is sent back to."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.teacher_support import logged_in, run_sql, welder_says


@pytest.fixture
async def teacher(client):
    return await logged_in(client)


async def test_the_inbox_counts_who_waits_for_a_teacher(client, teacher):
    empty = await (await client.get("/teacher/inbox.json")).json()
    assert (empty["waiting"], empty["latest"], empty["items"]) == (0, 0, [])
    await welder_says(client, "学费能分期吗", "找老师", uid="a")
    await welder_says(client, "找老师", uid="b")
    body = await (await client.get("/teacher/inbox.json")).json()
    assert body["waiting"] == 2
    assert body["latest"] == 2
    assert [i["question"] for i in body["items"]] == ["学费能分期吗", ""]


async def test_the_inbox_needs_a_login(client):
    resp = await client.get("/teacher/inbox.json", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"].startswith("/teacher/login?")


async def expire_and_post(client, teacher, referer: str):
    await welder_says(client, "找老师")
    await run_sql(client, "UPDATE teacher_sessions SET expires_at = '2000-01-01T00:00:00+08:00'")
    resp = await client.post(
        "/teacher/welders/1/reply",
        data={"text": "你好", "csrf": teacher},
        headers={"Referer": referer},
        allow_redirects=False,
    )
    assert resp.status == 303
    return parse_qs(urlsplit(resp.headers["Location"]).query)


async def test_an_expired_login_returns_to_the_page_the_form_was_on(client, teacher):
    query = await expire_and_post(client, teacher, str(client.make_url("/teacher/welders/1")))
    assert query == {"next": ["/teacher/welders/1"], "expired": ["1"]}
    html = await (await client.get("/teacher/login", params={"expired": "1"})).text()
    assert "登录已过期" in html


@pytest.mark.parametrize(
    "referer", ["https://evil.example/teacher/welders/1", "", "/teacher//evil.example"]
)
async def test_a_foreign_or_odd_referrer_goes_home(client, teacher, referer):
    query = await expire_and_post(client, teacher, referer)
    assert query["next"] == ["/teacher/"]
