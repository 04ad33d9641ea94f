"""Who is really asking, behind our own reverse proxies (BOT_TRUSTED_PROXIES).

X-Forwarded-For and X-Forwarded-Proto are believed only when the connection comes from a
trusted proxy: anyone else can write whatever they like in them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# An address or hop longer than this is no address; it is cut before it becomes a key.
MAX_ADDRESS = 64


class TrustedProxies:
    def __init__(self, networks: Iterable[Network] = ()) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, spec: str) -> TrustedProxies:
        """From "10.0.0.5, 192.168.1.0/24, ::1"; raises ValueError naming a bad item."""
        networks = []
        for item in (part.strip() for part in spec.split(",")):
            if item:
                try:
                    networks.append(ipaddress.ip_network(item, strict=False))
                except ValueError:
                    raise ValueError(item) from None
        return cls(networks)

    def trusts(self, address: str | None) -> bool:
        if not address or not self.networks:
            return False
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


TRUSTED_PROXIES = web.AppKey("trusted_proxies", TrustedProxies)


def _hops(request: web.Request) -> list[str]:
    return [
        hop.strip()[:MAX_ADDRESS]
        for header in request.headers.getall("X-Forwarded-For", ())
        for hop in header.split(",")
        if hop.strip()
    ]


def client_address(request: web.Request) -> str | None:
    """The client's address: the right-most X-Forwarded-For hop that is not one of our
    proxies, when the connection comes from one of them; otherwise the peer's address."""
    proxies = request.app[TRUSTED_PROXIES]
    peer = request.remote
    if not proxies.trusts(peer):
        return peer
    hops = _hops(request)
    for hop in reversed(hops):
        if not proxies.trusts(hop):
            return hop
    # Every hop is ours (a health check from the proxy itself, say).
    return hops[0] if hops else peer


def is_https(request: web.Request) -> bool:
    """True when the client reached us over TLS: directly, or through a trusted proxy that
    says so in X-Forwarded-Proto (the one closest to us, when there are several)."""
    if request.transport is not None and request.transport.get_extra_info("sslcontext"):
        return True
    if not request.app[TRUSTED_PROXIES].trusts(request.remote):
        return False
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
    return proto == "https"
