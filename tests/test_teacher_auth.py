"""Logging in to the teacher console: sessions, logout, safe redirects, throttling."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from datetime import timedelta

import pytest
from yarl import URL

from bot.app import create_app
from bot.teacher import auth, clock
from tests.teacher_support import (
    PASSWORD,
    TEACHER,
    add_teacher,
    csrf_token,
    database_of,
    from_address,
    logged_in,
    login,
    login_form_token,
    own_session,
    run_sql,
)


async def test_the_login_page_has_the_username_and_password_fields(client):
    html = await (await client.get("/teacher/login")).text()
    assert 'name="username"' in html
    assert 'name="password"' in html


async def test_a_right_password_logs_in_and_opens_the_dashboard(client):
    await add_teacher(client)
    resp = await login(client)
    assert resp.status == 303
    assert resp.headers["Location"] == "/teacher/"
    page = await client.get("/teacher/", allow_redirects=False)
    assert page.status == 200
    assert TEACHER in await page.text()


async def test_a_wrong_password_is_refused_in_chinese(client):
    await add_teacher(client)
    resp = await login(client, password=PASSWORD + "x")
    assert resp.status == 401
    assert "用户名或密码不对" in await resp.text()
    assert auth.COOKIE not in resp.cookies


async def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(client):
    resp = await login(client, name="王老师")
    assert resp.status == 401
    assert "用户名或密码不对" in await resp.text()


async def test_the_session_cookie_is_httponly_strict_and_only_for_the_console(client):
    await add_teacher(client)
    morsel = (await login(client)).cookies[auth.COOKIE]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == "/teacher"
    assert int(morsel["max-age"]) == 12 * 3600


async def test_the_session_token_is_stored_only_as_its_sha256(client):
    await add_teacher(client)
    token = (await login(client)).cookies[auth.COOKIE].value
    rows = await database_of(client).fetchall("SELECT token_hash FROM teacher_sessions")
    assert [r["token_hash"] for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]


async def test_an_expired_session_sends_the_teacher_back_to_the_login(client):
    await logged_in(client)
    await run_sql(client, "UPDATE teacher_sessions SET expires_at = $1", "2000-01-01T00:00:00")
    resp = await client.get("/teacher/", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"].startswith("/teacher/login")


async def test_logout_ends_the_session(client):
    csrf = await logged_in(client)
    resp = await client.post("/teacher/logout", data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303
    assert await database_of(client).fetchall("SELECT * FROM teacher_sessions") == []
    page = await client.get("/teacher/", allow_redirects=False)
    assert page.status == 303


async def test_an_old_cookie_is_useless_after_logout(client, aiohttp_client):
    await add_teacher(client)
    token = (await login(client)).cookies[auth.COOKIE].value
    await client.post("/teacher/logout", data={"csrf": await csrf_token(client)})
    resp = await client.get("/teacher/", cookies={auth.COOKIE: token}, allow_redirects=False)
    assert resp.status == 303


async def test_login_returns_to_the_page_asked_for(client):
    await add_teacher(client)
    first = await client.get("/teacher/conversations?stage=review", allow_redirects=False)
    assert URL(first.headers["Location"]).query["next"] == "/teacher/conversations?stage=review"
    resp = await login(client, next="/teacher/conversations?stage=review")
    assert resp.headers["Location"] == "/teacher/conversations?stage=review"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/teacher/",
        "/teacher/\\evil",
        "/api/chat",
        "javascript:alert(1)",
    ],
)
async def test_login_never_redirects_off_the_console(client, target):
    await add_teacher(client)
    resp = await login(client, next=target)
    assert resp.headers["Location"] == "/teacher/"


async def test_a_logged_in_teacher_skips_the_login_page(client):
    await logged_in(client)
    resp = await client.get("/teacher/login", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"] == "/teacher/"


async def fail(client, times: int, name: str = TEACHER) -> None:
    for _ in range(times):
        assert (await login(client, name=name, password="wrong-password")).status == 401


async def test_five_failures_lock_the_username_even_for_the_right_password(client):
    await add_teacher(client)
    await fail(client, auth.MAX_FAILURES)
    resp = await login(client)
    assert resp.status == 429
    assert "登录失败次数太多" in await resp.text()
    assert auth.COOKIE not in resp.cookies


async def test_failures_for_other_usernames_do_not_lock_a_teacher_out(client):
    await add_teacher(client, "王老师")
    for name in ("a1", "a2", "a3", "a4", "a5", "a6"):
        await fail(client, 1, name)
    assert (await login(client, name="王老师")).status == 303


async def test_a_stranger_elsewhere_cannot_lock_a_teacher_out(client):
    await add_teacher(client)
    async with from_address(client, "127.0.0.2") as stranger:
        for _ in range(auth.MAX_FAILURES + 2):
            await login(stranger, password="wrong-password")
        assert (await login(stranger)).status == 429
    assert (await login(client)).status == 303


async def test_forty_concurrent_wrong_logins_are_counted_before_any_password_check(client):
    await add_teacher(client)
    token = await login_form_token(client)
    answers = await asyncio.gather(
        *(
            client.post(
                "/teacher/login",
                data={"username": TEACHER, "password": "wrong", "csrf": token},
                allow_redirects=False,
            )
            for _ in range(40)
        )
    )
    statuses = sorted(a.status for a in answers)
    # Only MAX_FAILURES reach the password check; the others are refused before it.
    assert statuses == [401] * auth.MAX_FAILURES + [429] * (40 - auth.MAX_FAILURES)


@pytest.mark.parametrize("token", [None, "", "made-up", "a.b"])
async def test_a_login_post_without_the_forms_token_is_refused(client, token):
    await add_teacher(client)
    await login_form_token(client)  # the cookie half is there; the form half is not right
    data = {"username": TEACHER, "password": PASSWORD}
    if token is not None:
        data["csrf"] = token
    resp = await client.post("/teacher/login", data=data, allow_redirects=False)
    assert resp.status == 403
    assert auth.COOKIE not in resp.cookies
    assert "过期" in await resp.text()


async def test_a_login_token_from_another_browser_is_refused(client):
    await add_teacher(client)
    async with own_session(client) as other:
        token = await login_form_token(other)
    data = {"username": TEACHER, "password": PASSWORD, "csrf": token}
    resp = await client.post("/teacher/login", data=data, allow_redirects=False)
    assert resp.status == 403


async def test_a_session_unused_for_the_idle_time_is_over(client):
    await logged_in(client)
    idle = clock.stamp(clock.now() - auth.IDLE - timedelta(minutes=1))
    await run_sql(client, "UPDATE teacher_sessions SET last_seen = $1", idle)
    resp = await client.get("/teacher/", allow_redirects=False)
    assert resp.status == 303
    assert resp.headers["Location"].startswith("/teacher/login")


async def test_using_a_session_keeps_it_alive(client):
    await logged_in(client)
    nearly = clock.stamp(clock.now() - auth.IDLE + timedelta(minutes=5))
    await run_sql(client, "UPDATE teacher_sessions SET last_seen = $1", nearly)
    assert (await client.get("/teacher/", allow_redirects=False)).status == 200
    row = await database_of(client).fetchone("SELECT last_seen FROM teacher_sessions")
    assert row["last_seen"] > nearly


async def test_the_lock_lifts_when_the_window_has_passed(client):
    await add_teacher(client)
    await fail(client, auth.MAX_FAILURES)
    old = (clock.now() - auth.WINDOW - timedelta(minutes=1)).isoformat(timespec="milliseconds")
    await run_sql(client, "UPDATE login_failures SET at = $1", old)
    assert (await login(client)).status == 303


async def test_four_failures_do_not_lock(client):
    await add_teacher(client)
    await fail(client, auth.MAX_FAILURES - 1)
    assert (await login(client)).status == 303


async def test_behind_a_trusted_proxy_failures_lock_the_forwarded_client_not_the_proxy(
    aiohttp_client, settings, kb
):
    app = create_app(dataclasses.replace(settings, trusted_proxies="127.0.0.0/8"), kb)
    client = await aiohttp_client(app)
    await add_teacher(client)

    async def attempt(client_ip: str, name: str, password: str, **headers: str):
        return await client.post(
            "/teacher/login",
            data={"username": name, "password": password, "csrf": await login_form_token(client)},
            headers={"X-Forwarded-For": client_ip, **headers},
            allow_redirects=False,
        )

    for _ in range(auth.MAX_FAILURES):
        assert (await attempt("203.0.113.7", TEACHER, "wrong-password")).status == 401
    failed = await database_of(client).fetchall("SELECT DISTINCT address FROM login_failures")
    assert [row["address"] for row in failed] == ["203.0.113.7"]
    assert (await attempt("203.0.113.7", TEACHER, PASSWORD)).status == 429
    https = {"X-Forwarded-Proto": "https"}
    other = await attempt("198.51.100.1", TEACHER, PASSWORD, **https)
    assert other.status == 303
    assert other.cookies[auth.COOKIE]["secure"]
