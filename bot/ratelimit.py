"""Rate limits: so many messages a minute per welder (every channel) and per address.

A token bucket per key: a key may send `per_minute` messages at once, then one more each
time a token comes back (every 60 / per_minute seconds).
- A welder's bucket is kept with their progress in the store (see `take` and ChatService),
  so that every process counts the same messages, at no cost beyond the turn's own write.
- An address's bucket is kept in this process's memory: a request without a cookie counts
  against its address (the real client's, behind trusted proxies; see proxies). After a
  minute idle a bucket is full again, the same as no bucket: such keys are forgotten, so
  memory holds only the keys seen in the last minute. With several processes, the proxy's
  own limit (deploy/nginx.conf) bounds an address across all of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from .lru import Lru
from .middlewares import ApiError
from .proxies import client_address

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


def take(allowance: float | None, at: float, now: float, per_minute: int) -> float | None:
    """What is left of a bucket holding `allowance` at `at` once one message is taken at
    `now`; None when it holds less than one. A None allowance is a full bucket."""
    if allowance is None:
        allowance = per_minute
    else:
        allowance = min(per_minute, allowance + max(0.0, now - at) * per_minute / FULL_AFTER)
    return allowance - 1 if allowance >= 1 else None


ADDRESS_LIMIT = web.AppKey("address_rate_limit", RateLimiter)


def limit(*paths: str):
    """Middleware: POSTs to `paths` from an address beyond its rate get 429 and a friendly
    message. Loopback is an address like any other, unless it is a trusted proxy."""

    @web.middleware
    async def rate_limit(request: web.Request, handler) -> web.StreamResponse:
        if request.method == "POST" and request.path in paths:
            address = client_address(request)
            if address and not request.app[ADDRESS_LIMIT].allow(address):
                raise ApiError(429, TOO_FAST)
        return await handler(request)

    return rate_limit
