"""Refusing strangers (WeChat nonces seen before), and the health probe. One transaction
each, so every process sees the same answer."""

from __future__ import annotations

from .base import SqlStore, Statement, Write, write

# Expired rows are removed a few at a time with each new one, so no sweep ever grows.
CLEAN_AT_ONCE = 20


class GuardQueries(SqlStore):
    async def probe(self, at: str) -> None:
        await self._submit(
            write(
                "INSERT INTO health (id, at) VALUES (1, $1)"
                " ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                at,
            )
        )

    async def claim_nonce(
        self, channel: str, nonce: str, timestamp: str, digest: str, now: float, ttl: float
    ) -> bool:
        expired = Statement(
            "DELETE FROM wechat_nonces WHERE (channel, nonce, timestamp) IN"
            " (SELECT channel, nonce, timestamp FROM wechat_nonces WHERE expires_at < $1"
            " LIMIT $2)",
            (now, CLEAN_AT_ONCE),
        )
        claim = Statement(
            "INSERT INTO wechat_nonces (channel, nonce, timestamp, digest, expires_at)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            (channel, nonce, timestamp, digest, now + ttl),
        )
        seen = Statement(
            "SELECT digest FROM wechat_nonces WHERE channel = $1 AND nonce = $2 AND timestamp = $3",
            (channel, nonce, timestamp),
        )
        return await self._submit(Write((expired, claim, seen), "value")) == digest
