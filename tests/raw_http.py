"""Requests written byte by byte, for what a well-behaved client library refuses to send."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


async def send(client, head: bytes, body: bytes = b"") -> RawResponse:
    """Send `head` (request line and headers, without the blank line) and `body` as they are."""
    length = f"Content-Length: {len(body)}\r\n".encode() if body else b""
    return await exchange(
        client, head.rstrip(b"\r\n") + b"\r\n" + length + b"Connection: close\r\n\r\n" + body
    )


async def exchange(client, data: bytes) -> RawResponse:
    """Send `data` exactly, and read the response until the server hangs up."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    try:
        writer.write(data)
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    head_part, _, rest = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(lines[0].split()[1]), headers, rest)
