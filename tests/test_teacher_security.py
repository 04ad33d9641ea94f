"""The console's refusals: anonymous visitors, forged forms, and markup typed by welders."""

from __future__ import annotations

import dataclasses
import shutil
from urllib.parse import urlencode

import pytest

from bot.app import create_app
from bot.settings import PROJECT_ROOT
from tests.teacher_support import (
    add_teacher,
    csrf_token,
    database_of,
    logged_in,
    login,
    own_session,
    welder_says,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ESCAPED = {
    SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    IMG: "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
}

GET_PAGES = [
    "/teacher",
    "/teacher/",
    "/teacher/conversations?q=补正",
    "/teacher/welders/1",
    "/teacher/improve?message=1",
    "/teacher/improve/changes/1",
    "/teacher/export",
    "/teacher/export/transcripts.csv?start=2026-01-01&end=2026-01-31",
    "/teacher/export/transcripts.jsonl?start=2026-01-01&end=2026-01-31",
    "/teacher/no-such-page",
]
POSTS = [
    ("/teacher/logout", {}),
    ("/teacher/welders/1/reply", {"text": "您好"}),
    ("/teacher/welders/1/note", {"note": "已电话联系"}),
    ("/teacher/improve/variant", {"entry_id": "browser_choice", "text": "用啥浏览器"}),
    (
        "/teacher/improve/entry",
        {"id": "x_new", "step": "sub_1", "title": "新", "questions": "问", "answer": "答"},
    ),
]


def _refused_to_login(resp) -> bool:
    return resp.status == 303 and resp.headers["Location"].startswith("/teacher/login")


@pytest.mark.parametrize("path", GET_PAGES)
async def test_every_page_sends_an_anonymous_visitor_to_the_login(client, path):
    await welder_says(client, "电脑上用什么浏览器")
    assert _refused_to_login(await client.get(path, allow_redirects=False))


@pytest.mark.parametrize(("path", "data"), POSTS, ids=[p for p, _ in POSTS])
async def test_every_change_refuses_an_anonymous_visitor(client, path, data):
    await welder_says(client, "电脑上用什么浏览器")
    resp = await client.post(path, data={**data, "csrf": "x"}, allow_redirects=False)
    assert _refused_to_login(resp)
    assert await database_of(client).fetchall("SELECT * FROM messages WHERE role = 'teacher'") == []


@pytest.mark.parametrize("path", ["/teacher/", "/teacher/welders/1", "/teacher/export"])
async def test_a_welders_cookie_grants_nothing_in_the_console(client, path):
    chat = await client.post("/api/chat", json={"text": "电脑上用什么浏览器"})
    assert chat.status == 200
    assert "welder" in {c.key for c in client.session.cookie_jar}
    assert _refused_to_login(await client.get(path, allow_redirects=False))


async def test_a_made_up_session_cookie_grants_nothing(client):
    resp = await client.get(
        "/teacher/", cookies={"teacher_session": "made-up-token"}, allow_redirects=False
    )
    assert _refused_to_login(resp)


async def _side_effects(client) -> list:
    return [
        [tuple(r) for r in await database_of(client).fetchall(sql)]
        for sql in (
            "SELECT id FROM messages",
            "SELECT note FROM welders",
            "SELECT id FROM knowledge_changes",
            "SELECT token_hash FROM teacher_sessions",
            "SELECT resolved_at FROM handoffs",
        )
    ]


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
@pytest.mark.parametrize(("path", "data"), POSTS, ids=[p for p, _ in POSTS])
async def test_a_post_without_the_sessions_csrf_token_changes_nothing(client, path, data, token):
    await welder_says(client, "电脑上用什么浏览器", "找老师")
    await logged_in(client)
    before = await _side_effects(client)
    form = data if token is None else {**data, "csrf": token}
    resp = await client.post(path, data=form, allow_redirects=False)
    assert resp.status == 403
    assert "页面已过期" in await resp.text()
    assert await _side_effects(client) == before


async def test_another_teachers_csrf_token_is_refused(client):
    await welder_says(client, "电脑上用什么浏览器")
    await add_teacher(client, "王老师")
    async with own_session(client) as other:
        await login(other, "王老师")
        their_token = await csrf_token(other)
    await logged_in(client)
    resp = await client.post("/teacher/welders/1/reply", data={"text": "您好", "csrf": their_token})
    assert resp.status == 403


async def test_console_pages_forbid_framing_caching_and_foreign_scripts(client):
    await logged_in(client)
    resp = await client.get("/teacher/")
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["Cache-Control"] == "no-store"


@pytest.fixture
async def marked_up(aiohttp_client, tmp_path, settings, kb):
    """A console where a welder typed markup everywhere a welder can type."""
    shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "knowledge")
    settings = dataclasses.replace(settings, knowledge=tmp_path / "knowledge")
    client = await aiohttp_client(create_app(settings, kb))
    async with own_session(client) as welder:
        await welder.post("/api/profile", json={"name": IMG, "company": SCRIPT})
        for text in (SCRIPT, IMG, "找老师"):
            await welder.post("/api/chat", json={"text": text})
    await welder_says(client, SCRIPT, uid="welder-2")
    csrf = await logged_in(client)
    await client.post("/teacher/welders/1/note", data={"note": SCRIPT + IMG, "csrf": csrf})
    made = await client.post(
        "/teacher/improve/entry",
        data={
            "csrf": csrf,
            "asked": SCRIPT,
            "id": "ask_markup_test",
            "step": "sub_1",
            "title": "网页打不开怎么办",
            "questions": "\n".join(f"测试问法第{n}种说法打不开网页" for n in "一二三四五六"),
            "answer": "请换谷歌浏览器再试。",
        },
        allow_redirects=False,
    )
    assert made.status == 303, await made.text()
    return client


MARKED_PAGES = [
    "/teacher/",
    "/teacher/conversations",
    "/teacher/conversations?" + urlencode({"q": IMG}),
    "/teacher/conversations?q=%3C",
    "/teacher/welders/1",
    "/teacher/improve?message=1",
    "/teacher/improve?message=3",
    "/teacher/improve?" + urlencode({"asked": SCRIPT, "find": IMG}),
    "/teacher/improve/changes/1",
]


@pytest.mark.parametrize("path", MARKED_PAGES)
async def test_markup_from_welders_shows_escaped_on_every_page(marked_up, path):
    resp = await marked_up.get(path)
    assert resp.status == 200
    html = await resp.text()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert ESCAPED[SCRIPT] in html or ESCAPED[IMG] in html


async def test_the_change_page_was_made_from_the_welders_markup(marked_up):
    html = await (await marked_up.get("/teacher/improve/changes/1")).text()
    assert ESCAPED[SCRIPT] in html


async def test_a_failed_login_shows_the_typed_name_escaped(client):
    html = await (await login(client, name=IMG[:20])).text()
    assert "<img" not in html
