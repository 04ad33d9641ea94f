"""Helpers shared by the teacher console tests: accounts, logging in, welders who chat."""

from __future__ import annotations

import re

import aiohttp

from bot.keys import CHAT, SETTINGS, STORE
from bot.teacher import accounts, grouping
from tests.database import Database

TEACHER = "陈老师"
PASSWORD = "hanjie-2024"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def add_teacher(client, name: str = TEACHER, password: str = PASSWORD) -> None:
    await accounts.add(client.app[STORE], name, password)


async def login_form_token(client) -> str:
    """Open the login form, as a browser or script must before posting it; returns its token."""
    html = await (await client.get("/teacher/login", allow_redirects=False)).text()
    found = _CSRF.search(html)
    return found.group(1) if found else ""


async def login(client, name: str = TEACHER, password: str = PASSWORD, **extra):
    data = {"username": name, "password": password, "csrf": await login_form_token(client)}
    return await client.post("/teacher/login", data=data | extra, allow_redirects=False)


async def csrf_token(client) -> str:
    html = await (await client.get("/teacher/")).text()
    return _CSRF.search(html).group(1)


async def logged_in(client, name: str = TEACHER) -> str:
    """Create the teacher, log the client in, and return the session's CSRF token."""
    await add_teacher(client, name)
    resp = await login(client, name)
    assert resp.status == 303, await resp.text()
    return await csrf_token(client)


async def welder_says(client, *texts: str, uid: str = "welder-1", channel: str = "web") -> int:
    """A welder's turns through the chat service; returns the welder's id."""
    for text in texts:
        await client.app[CHAT].handle(channel, uid, text)
    return await client.app[STORE].welder_id(channel, uid)


async def last_question(client) -> int:
    """The id of the newest welder message."""
    row = await database_of(client).fetchone(
        "SELECT MAX(id) AS id FROM messages WHERE role = 'welder'"
    )
    return row["id"]


def own_session(client) -> aiohttp.ClientSession:
    """Another browser on the same server, with its own cookies (another welder or teacher)."""
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    )


def database_of(client) -> Database:
    """The app's database, to read and arrange rows directly."""
    return Database.of(client.app[SETTINGS])


async def run_sql(client, sql: str, *args) -> None:
    """Arrange what only time can do (old stage changes, old failed logins)."""
    await database_of(client).execute(sql, *args)


async def group_now(client) -> None:
    """Run the background grouper over every question stored so far, as it would in time."""
    normalize = client.app[CHAT].engine.matcher.normalize
    while await grouping.step(client.app[STORE], normalize, "9999"):
        pass


def from_address(client, address: str) -> aiohttp.ClientSession:
    """A browser on another loopback address: another person, as the server sees it."""
    return aiohttp.ClientSession(
        base_url=str(client.make_url("/")),
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        connector=aiohttp.TCPConnector(local_addr=(address, 0)),
    )
