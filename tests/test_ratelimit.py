"""Rate limits: per welder and per address, configurable, friendly, bounded in memory."""

from __future__ import annotations

import dataclasses
import time

import pytest

from bot import settings as settings_module
from bot.app import create_app
from bot.channels.wechat_crypto import signature
from bot.channels.wechat_xml import parse_message
from bot.ratelimit import TOO_FAST, RateLimiter, take


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_may_send_its_rate_at_once_and_no_more():
    limiter = RateLimiter(5, Clock())
    assert [limiter.allow("a") for _ in range(6)] == [True] * 5 + [False]


def test_a_token_comes_back_every_sixtieth_of_a_minute_over_the_rate():
    clock = Clock()
    limiter = RateLimiter(30, clock)
    for _ in range(30):
        limiter.allow("a")
    clock.now += 1.9
    assert not limiter.allow("a")
    clock.now += 0.2
    assert limiter.allow("a")
    assert not limiter.allow("a")


def test_keys_are_limited_separately():
    limiter = RateLimiter(1, Clock())
    assert limiter.allow("a")
    assert limiter.allow("b")
    assert not limiter.allow("a")


def test_zero_disables_the_limit():
    limiter = RateLimiter(0, Clock())
    assert all(limiter.allow("a") for _ in range(1000))


def test_keys_idle_for_a_minute_are_forgotten():
    clock = Clock()
    limiter = RateLimiter(30, clock)
    for n in range(1000):
        limiter.allow(f"welder{n}")
    clock.now += 61
    limiter.allow("late")
    assert len(limiter) == 1


def test_memory_is_bounded_even_within_a_minute():
    limiter = RateLimiter(30, Clock(), max_keys=100)
    for n in range(1000):
        limiter.allow(f"welder{n}")
    assert len(limiter) == 100


@pytest.mark.parametrize(
    ("allowance", "at", "now", "left"),
    [
        (None, 0.0, 100.0, 29.0),  # a welder never limited before: a full bucket
        (0.5, 100.0, 100.0, None),
        (0.5, 100.0, 101.0, 0.0),  # half a token back in a second at 30 a minute
        (0.0, 100.0, 1000.0, 29.0),  # never more than a minute's worth
        (5.0, 100.0, 90.0, 4.0),  # another machine's clock a little ahead gives nothing back
    ],
)
def test_taking_from_a_welders_bucket(allowance, at, now, left):
    assert take(allowance, at, now, 30) == left


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, 30),
        ([], {"BOT_RATE_PER_MINUTE": "0"}, 0),
        (["--rate-per-minute", "120"], {"BOT_RATE_PER_MINUTE": "0"}, 120),
    ],
)
def test_the_rate_comes_from_the_flag_or_the_environment(argv, environ, expected):
    from bot.__main__ import build_parser

    args = build_parser().parse_args(["serve", *argv])
    assert settings_module.load(args, environ).rate_per_minute == expected


async def _chat(client, text="浏览器用哪个"):
    return await client.post("/api/chat", json={"text": text})


async def test_a_welder_over_the_rate_gets_429_with_a_friendly_chinese_message(
    aiohttp_client, settings, kb
):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=2), kb))
    # The first message, before the cookie, is the welder's first too.
    assert [(await _chat(client)).status for _ in range(2)] == [200, 200]
    resp = await _chat(client)
    assert resp.status == 429
    assert await resp.json() == {"error": TOO_FAST}


async def test_other_welders_are_not_held_back_by_one(aiohttp_client, settings, kb):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=1), kb))
    assert (await _chat(client)).status == 200  # gets the cookie
    assert (await _chat(client)).status == 429
    # Without the cookie it is another welder.
    client.session.cookie_jar.clear()
    assert (await _chat(client)).status == 200


async def test_history_is_not_rate_limited(aiohttp_client, settings, kb):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=1), kb))
    await _chat(client)
    await _chat(client)
    assert (await client.get("/api/history")).status == 200


def _app(settings, kb, **changes):
    return create_app(dataclasses.replace(settings, **changes), kb)


async def _new_welder_chats(client, n, headers=None):
    statuses = []
    for _ in range(n):
        client.session.cookie_jar.clear()  # a new welder each time: only the address counts
        resp = await client.post("/api/chat", json={"text": "你好"}, headers=headers)
        statuses.append(resp.status)
    return statuses


async def test_requests_without_a_cookie_count_against_their_address_loopback_too(
    aiohttp_client, settings, kb
):
    client = await aiohttp_client(_app(settings, kb, address_rate_per_minute=3))
    assert await _new_welder_chats(client, 4) == [200, 200, 200, 429]


async def test_behind_a_trusted_proxy_the_forwarded_client_is_limited_not_the_proxy(
    aiohttp_client, settings, kb
):
    app = _app(settings, kb, address_rate_per_minute=2, trusted_proxies="127.0.0.0/8")
    client = await aiohttp_client(app)
    one = {"X-Forwarded-For": "203.0.113.7"}
    assert await _new_welder_chats(client, 3, one) == [200, 200, 429]
    assert await _new_welder_chats(client, 1, {"X-Forwarded-For": "198.51.100.1"}) == [200]


async def test_a_forwarded_address_from_an_untrusted_peer_is_not_believed(
    aiohttp_client, settings, kb
):
    client = await aiohttp_client(_app(settings, kb, address_rate_per_minute=2))
    statuses = [
        (await _new_welder_chats(client, 1, {"X-Forwarded-For": f"203.0.113.{n}"}))[0]
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


async def test_wechat_welders_are_limited_per_openid(aiohttp_client, settings, kb):
    client = await aiohttp_client(_app(settings, kb, rate_per_minute=2, wechat_token="tok"))

    async def say(openid: str, n: int) -> str:
        stamp, nonce = str(int(time.time())), f"{openid}-{n}"
        query = {"signature": signature("tok", stamp, nonce), "timestamp": stamp, "nonce": nonce}
        xml = (
            f"<xml><ToUserName>gh_1</ToUserName><FromUserName>{openid}</FromUserName>"
            f"<CreateTime>{stamp}</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
            f"<MsgId>{n}</MsgId></xml>"
        )
        resp = await client.post("/wechat", params=query, data=xml.encode())
        assert resp.status == 200
        return parse_message(await resp.read())["Content"]

    replies = [await say("o-fast", n) for n in range(3)]
    assert TOO_FAST not in replies[:2]
    assert replies[2] == TOO_FAST
    assert await say("o-other", 10) != TOO_FAST
