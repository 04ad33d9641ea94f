"""Two `serve` processes on one database behave as one service (issue 13's acceptance test).

Each test starts two real processes on different ports against the same database (a SQLite
file, or PostgreSQL with BOT_TEST_DATABASE=postgres), and talks to them over HTTP the way
welders, teachers and WeChat do.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import subprocess
import sys
import time

import aiohttp
import pytest

from bot.app import create_app
from bot.channels.wechat_crypto import signature
from bot.channels.wechat_xml import parse_message
from bot.settings import PROJECT_ROOT
from bot.teacher.auth import MAX_FAILURES

TEACHER, PASSWORD = "陈老师", "hanjie-2024"
WECHAT_TOKEN = "two-processes"
# Unanswered until a teacher adds them to own_account (只能本人网上申请吗).
UNANSWERED = ("小孩能帮我弄吗", "我家亲戚能替我办吗")
CONVERSATION = [
    "你好",
    "下一步",
    "下一步",
    "报名表填好了",
    "体检报告也有了",
    "材料准备好了",
    "怎么登录",
    "下一步",
    "浏览器用哪个",
    "下一步",
    "1",
    "我提交了",
    "要等多久",
    "收到补正短信",
    "补正怎么弄",
    "下一步",
    "审批通过了",
    "决定书在哪下载",
    "下一步",
    "寄给老师了",
    "进度",
    "qwpoeiruty",
    "重新开始",
    "是",
    "下一步",
]
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _session(url: str | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(base_url=url, cookie_jar=aiohttp.CookieJar(unsafe=True))


@pytest.fixture
def start_pair(live_server_factory, database):
    """Start processes A and B on one database; the teacher account exists."""

    def start(rate_per_minute: int = 0):
        where = ("--db", str(database.path), "--database-url", database.url)
        subprocess.run(
            [sys.executable, *("-m", "bot", "teacher", "add", TEACHER, "--password-stdin"), *where],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            cwd=PROJECT_ROOT,
            capture_output=True,
        )
        env = {
            "BOT_RATE_PER_MINUTE": str(rate_per_minute),
            "BOT_ADDRESS_RATE_PER_MINUTE": "0",
            "WECHAT_TOKEN": WECHAT_TOKEN,
            "BOT_SECRET": "",  # the processes must agree on the stored one
        }
        # Started together: both create the database's secret at once.
        return live_server_factory(env), live_server_factory(env)

    return start


async def _chat(session: aiohttp.ClientSession, url: str, text: str) -> dict:
    async with session.post(url + "/api/chat", json={"text": text}) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


async def _teacher(url: str) -> tuple[aiohttp.ClientSession, str]:
    """A teacher's browser logged in at `url`, and its CSRF token."""
    session = _session()
    form = {"username": TEACHER, "password": PASSWORD}
    async with session.get(url + "/teacher/login") as resp:
        found = _CSRF.search(await resp.text())  # a login form may carry its own token
        if found:
            form["csrf"] = found.group(1)
    async with session.post(url + "/teacher/login", data=form, allow_redirects=False) as resp:
        assert resp.status == 303, await resp.text()
    async with session.get(url + "/teacher/") as resp:
        return session, _CSRF.search(await resp.text()).group(1)


async def _add_variant(session, csrf: str, url: str, text: str) -> None:
    data = {"csrf": csrf, "entry_id": "own_account", "text": text}
    async with session.post(url + "/teacher/improve/variant", data=data) as resp:
        assert resp.status == 200, await resp.text()  # the change page, after the redirect


async def _answer_id(url: str, text: str) -> str | None:
    async with _session() as welder:
        return (await _chat(welder, url, text))["answer_id"]


async def test_a_teacher_edit_on_one_is_answered_by_the_other(start_pair):
    a, b = start_pair()
    assert await _answer_id(b.url, UNANSWERED[0]) is None
    session, csrf = await _teacher(a.url)
    async with session:
        await _add_variant(session, csrf, a.url, UNANSWERED[0])
        edited = time.monotonic()
        while await _answer_id(b.url, UNANSWERED[0]) != "own_account":
            assert time.monotonic() - edited < 10, "B never answered from A's edit"
            await asyncio.sleep(0.05)
        print(f"B answered from A's edit after {time.monotonic() - edited:.2f} s")


async def test_concurrent_edits_on_both_survive(start_pair, database):
    a, b = start_pair()
    (sa, ca), (sb, cb) = await _teacher(a.url), await _teacher(b.url)
    async with sa, sb:
        await asyncio.gather(
            _add_variant(sa, ca, a.url, UNANSWERED[0]), _add_variant(sb, cb, b.url, UNANSWERED[1])
        )
    store = await database.store().open()
    try:
        _, overlay = await store.knowledge_overlay()
    finally:
        await store.close()
    assert sorted(overlay.questions) == sorted(("own_account", q) for q in UNANSWERED)
    deadline = time.monotonic() + 10
    for server in (a, b):
        for text in UNANSWERED:
            while await _answer_id(server.url, text) != "own_account":
                assert time.monotonic() < deadline, f"{server.url} does not answer {text}"
                await asyncio.sleep(0.05)


async def test_a_conversation_alternating_between_them_goes_as_on_one_process(
    start_pair, aiohttp_client, settings, kb
):
    a, b = start_pair()
    texts = CONVERSATION * 2
    one = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=0), kb))
    expected = []
    for text in texts:
        resp = await one.post("/api/chat", json={"text": text})
        expected.append(await resp.json())
    got = []
    async with _session() as welder:
        for n, text in enumerate(texts):
            got.append(await _chat(welder, (a, b)[n % 2].url, text))

    def essence(reply: dict) -> tuple:
        return (reply["reply"], reply["stage"], reply["answer_id"], reply["quick_replies"])

    assert [essence(r) for r in got] == [essence(r) for r in expected]


def _wechat_query() -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), "4242"
    return {
        "signature": signature(WECHAT_TOKEN, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
    }


async def test_one_wechat_message_sent_to_both_at_once_is_stored_once_and_answered_alike(
    start_pair, database
):
    a, b = start_pair()
    openid = "o-two-processes"
    xml = (
        "<xml><ToUserName>gh_school</ToUserName>"
        f"<FromUserName>{openid}</FromUserName><CreateTime>1700000000</CreateTime>"
        "<MsgType>text</MsgType><Content>浏览器用哪个</Content>"
        "<MsgId>7000000000000000001</MsgId></xml>"
    )

    async def send(url: str) -> tuple[int, str]:
        async with (
            _session() as wechat,
            wechat.post(url + "/wechat", params=_wechat_query(), data=xml.encode()) as resp,
        ):
            return resp.status, await resp.text()

    answers = await asyncio.gather(send(a.url), send(b.url), send(a.url), send(b.url))
    assert {status for status, _ in answers} == {200}
    contents = {parse_message(body.encode())["Content"] for _, body in answers}
    assert len(contents) == 1
    store = await database.store().open()
    try:
        welder = await store.welder_id("wechat", openid, create=False)
        history = await store.history(welder)
    finally:
        await store.close()
    assert [m.role for m in history] == ["welder", "bot"]
    assert history[1].text in contents.pop()


async def test_a_cookie_made_on_one_works_on_the_other(start_pair):
    a, b = start_pair()
    async with _session() as welder:
        said = await _chat(welder, a.url, "浏览器用哪个")
        async with welder.get(b.url + "/api/history") as resp:
            body = await resp.json()
            assert "Set-Cookie" not in resp.headers  # B knows the welder: no new cookie
    assert [m["id"] for m in body["messages"]][-1] == said["message_id"]


async def test_the_welder_rate_is_counted_across_both(start_pair):
    a, b = start_pair(rate_per_minute=30)
    statuses = []
    started = time.monotonic()
    async with _session() as welder:
        for n in range(60):
            async with welder.post((a, b)[n % 2].url + "/api/chat", json={"text": "你好"}) as r:
                statuses.append(r.status)
    elapsed = time.monotonic() - started
    assert set(statuses) == {200, 429}
    # 30 at once, and one more for each two seconds the sending took (30 a minute).
    assert 30 <= statuses.count(200) <= 30 + int(elapsed / 2)


@pytest.mark.parametrize("victim", [0, 1])
async def test_killing_one_under_load_loses_no_acknowledged_message(start_pair, victim):
    servers = start_pair()
    urls = [s.url for s in servers]
    acknowledged: dict[int, list[str]] = {}
    after_kill: list[str] = []
    killed = asyncio.Event()

    async def welder(w: int, session: aiohttp.ClientSession) -> None:
        acknowledged[w] = []
        n = 0
        stop = time.monotonic() + 3
        while time.monotonic() < stop:
            n += 1
            text = f"焊工{w}的第{n}个问题：浏览器用哪个"
            try:
                async with session.post(urls[n % 2] + "/api/chat", json={"text": text}) as resp:
                    if resp.status == 200:
                        acknowledged[w].append(text)
                        if killed.is_set():
                            after_kill.append(text)
            except aiohttp.ClientError:
                await asyncio.sleep(0.01)  # the killed process: try the other next

    async def kill() -> None:
        await asyncio.sleep(1)
        servers[victim].kill()
        killed.set()

    sessions = [_session() for _ in range(6)]
    try:
        await asyncio.gather(kill(), *(welder(w, s) for w, s in enumerate(sessions)))
        survivor = urls[1 - victim]
        for w, session in enumerate(sessions):
            async with session.get(survivor + "/api/history") as resp:
                stored = [
                    m["text"] for m in (await resp.json())["messages"] if m["role"] == "welder"
                ]
            assert len(stored) == len(set(stored)), "a message was stored twice"
            assert set(acknowledged[w]) <= set(stored), "an acknowledged message was lost"
    finally:
        for session in sessions:
            await session.close()
    assert after_kill, "the other process stopped serving"


async def test_a_teachers_reply_reaches_the_welders_polling(start_pair, database):
    a, b = start_pair()
    async with _session() as welder:
        said = await _chat(welder, a.url, "我想找老师")
        store = await database.store().open()
        try:
            uid = next(c.value for c in welder.cookie_jar if c.key == "welder").split(".")[0]
            welder_id = await store.welder_id("web", uid, create=False)
        finally:
            await store.close()
        session, csrf = await _teacher(b.url)
        async with session:
            form = {"csrf": csrf, "text": "你好，我是陈老师，有什么可以帮你？"}
            url = f"{b.url}/teacher/welders/{welder_id}/reply"
            async with session.post(url, data=form) as resp:
                assert resp.status == 200
        async with welder.get(a.url + "/api/history", params={"after": said["message_id"]}) as resp:
            polled = (await resp.json())["messages"]
    assert [(m["role"], m["text"]) for m in polled] == [
        ("teacher", "你好，我是陈老师，有什么可以帮你？")
    ]


async def test_concurrent_wrong_logins_at_both_are_each_counted_before_the_check(start_pair):
    """Failures are counted per (username, address) in the store, the count and its check
    atomic: forty guesses split between two processes get MAX_FAILURES password checks."""
    a, b = start_pair()
    async with _session() as browser:
        async with browser.get(a.url + "/teacher/login") as resp:
            token = _CSRF.search(await resp.text()).group(1)  # its cookie goes to both
        form = {"username": TEACHER, "password": "wrong", "csrf": token}

        async def guess(url: str) -> int:
            async with browser.post(url + "/teacher/login", data=form) as resp:
                return resp.status

        statuses = await asyncio.gather(*(guess(s.url) for s in (a, b) * 20))
    assert sorted(statuses) == [401] * MAX_FAILURES + [429] * (40 - MAX_FAILURES)
