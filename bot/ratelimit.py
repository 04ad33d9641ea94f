"""Rate limits: so many messages a minute per welder and per address, for every channel.

A token bucket per key: a key may send `per_minute` messages at once, then one more each
time a token comes back (every 60 / per_minute seconds). After a minute idle a bucket is
full again, the same as no bucket: such keys are forgotten, so memory holds only the keys
seen in the last minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from . import identity
from .keys import SECRET
from .lru import Lru
from .middlewares import ApiError
from .settings import Settings

TOO_FAST = "您发得太快了，请歇一会儿，一分钟后再发。"
# However many keys arrive within a minute, memory stays bounded; beyond this many the
# least recently seen keys are dropped (and so get a fresh bucket).
MAX_KEYS = 100_000
FULL_AFTER = 60.0  # seconds for an empty bucket to fill up, whatever the rate


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: Lru[str, tuple[float, float]] = Lru(max_keys)  # key -> (tokens, time)

    def __len__(self) -> int:
        return len(self._buckets)

    def allow(self, key: str) -> bool:
        """Take a token for `key`; False when it has none left. per_minute 0 allows all."""
        if self.per_minute <= 0:
            return True
        now = self.clock()
        self._forget_idle(now)
        tokens, then = self._buckets.get(key) or (self.per_minute, now)
        tokens = min(self.per_minute, tokens + (now - then) * self.per_minute / FULL_AFTER)
        if tokens < 1:
            self._buckets.put(key, (tokens, now))
            return False
        self._buckets.put(key, (tokens - 1, now))
        return True

    def _forget_idle(self, now: float) -> None:
        # The least recently seen key comes first: stop at the first one still refilling.
        while (oldest := self._buckets.oldest()) and now - oldest[1][1] >= FULL_AFTER:
            self._buckets.pop(oldest[0])


# Loopback is a local proxy or test harness speaking for many people, not one person.
LOOPBACK = frozenset({"127.0.0.1", "::1"})


@dataclass(frozen=True)
class Limits:
    """Per welder (any channel, keyed by channel and id) and per network address."""

    welder: RateLimiter
    address: RateLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            RateLimiter(settings.rate_per_minute), RateLimiter(settings.address_rate_per_minute)
        )

    def allow(self, welder: str | None, address: str | None) -> bool:
        if welder and not self.welder.allow(welder):
            return False
        return not address or address in LOOPBACK or self.address.allow(address)


LIMITS = web.AppKey("rate_limits", Limits)


def limit(*paths: str):
    """Middleware: POSTs to `paths` beyond the rate get 429 and a friendly message."""

    @web.middleware
    async def rate_limit(request: web.Request, handler) -> web.StreamResponse:
        if request.method == "POST" and request.path in paths:
            # Without a valid cookie the request is a new welder: only its address counts.
            uid = identity.read(request, request.app[SECRET])
            if not request.app[LIMITS].allow(uid and "web:" + uid, request.remote):
                raise ApiError(429, TOO_FAST)
        return await handler(request)

    return rate_limit
