"""Rate limits: per welder and per address, configurable, friendly, bounded in memory."""

from __future__ import annotations

import dataclasses

import pytest

from bot import settings as settings_module
from bot.app import create_app
from bot.ratelimit import TOO_FAST, Limits, RateLimiter


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


def test_an_address_is_limited_across_new_cookies_but_loopback_is_not():
    limits = Limits(RateLimiter(30, Clock()), RateLimiter(3, Clock()))
    assert [limits.allow(None, "203.0.113.7") for _ in range(4)] == [True] * 3 + [False]
    assert limits.allow(None, "198.51.100.1")
    assert all(limits.allow(None, "127.0.0.1") for _ in range(10))


def test_a_limited_welder_does_not_spend_the_address_allowance():
    limits = Limits(RateLimiter(1, Clock()), RateLimiter(2, Clock()))
    assert limits.allow("web:a", "203.0.113.7")
    assert not limits.allow("web:a", "203.0.113.7")
    assert limits.allow("web:b", "203.0.113.7")


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
    await _chat(client)  # the first message, before the cookie, counts for the address only
    assert [(await _chat(client)).status for _ in range(2)] == [200, 200]
    resp = await _chat(client)
    assert resp.status == 429
    assert await resp.json() == {"error": TOO_FAST}


async def test_other_welders_are_not_held_back_by_one(aiohttp_client, settings, kb):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=1), kb))
    await _chat(client)  # gets the cookie
    assert (await _chat(client)).status == 200
    assert (await _chat(client)).status == 429
    # Without the cookie it is another welder, limited only by the (loopback) address.
    client.session.cookie_jar.clear()
    assert (await _chat(client)).status == 200


async def test_history_is_not_rate_limited(aiohttp_client, settings, kb):
    client = await aiohttp_client(create_app(dataclasses.replace(settings, rate_per_minute=1), kb))
    await _chat(client)
    await _chat(client)
    assert (await client.get("/api/history")).status == 200
