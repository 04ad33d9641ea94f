"""The real client behind trusted proxies: X-Forwarded-* believed from them and no one else."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from multidict import CIMultiDict

from bot import settings as settings_module
from bot.proxies import TRUSTED_PROXIES, TrustedProxies, client_address, is_https

PROXIES = "10.0.0.0/8, 192.0.2.1, ::1"


class _Transport:
    """What aiohttp asks of a connection: the peer's address, and TLS or not."""

    def __init__(self, peer: str, tls: bool = False) -> None:
        self.extra = {"peername": (peer, 40000), "sslcontext": object() if tls else None}

    def get_extra_info(self, name: str, default=None):
        return self.extra.get(name, default)


def _request(peer: str, headers: list[tuple[str, str]] = (), tls: bool = False) -> web.Request:
    app = web.Application()
    app[TRUSTED_PROXIES] = TrustedProxies.parse(PROXIES)
    return make_mocked_request(
        "POST", "/api/chat", headers=CIMultiDict(headers), app=app, transport=_Transport(peer, tls)
    )


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),  # not a proxy: its header is a lie
        ("10.0.0.5", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.5", ["1.2.3.4, 198.51.100.1"], "198.51.100.1"),  # the client's own claim first
        ("10.0.0.5", ["198.51.100.1, 10.0.0.7"], "198.51.100.1"),  # two of our proxies
        ("10.0.0.5", ["1.2.3.4", "198.51.100.1"], "198.51.100.1"),  # the header given twice
        ("10.0.0.5", [], "10.0.0.5"),  # the proxy itself (a health check)
        ("10.0.0.5", ["10.0.0.7, 192.0.2.1"], "10.0.0.7"),  # every hop ours
        ("::1", ["2001:db8::7"], "2001:db8::7"),
        ("127.0.0.1", ["198.51.100.1"], "127.0.0.1"),  # loopback is trusted only when listed
        ("10.0.0.5", ["garbage, 198.51.100.1"], "198.51.100.1"),
    ],
)
def test_the_client_is_the_right_most_hop_that_is_not_a_trusted_proxy(peer, forwarded, client):
    headers = [("X-Forwarded-For", value) for value in forwarded]
    assert client_address(_request(peer, headers)) == client


@pytest.mark.parametrize(
    ("peer", "proto", "tls", "https"),
    [
        ("10.0.0.5", "https", False, True),
        ("10.0.0.5", "HTTPS", False, True),
        ("10.0.0.5", "http", False, False),
        ("10.0.0.5", "https, http", False, False),  # the proxy nearest us spoke plain HTTP
        ("203.0.113.9", "https", False, False),  # anyone can write the header
        ("203.0.113.9", "", True, True),  # TLS straight to us
    ],
)
def test_https_is_believed_from_trusted_proxies_only(peer, proto, tls, https):
    headers = [("X-Forwarded-Proto", proto)] if proto else []
    assert is_https(_request(peer, headers, tls)) is https


def test_no_trusted_proxies_by_default():
    assert not TrustedProxies.parse("").trusts("127.0.0.1")


@pytest.mark.parametrize("bad", ["10.0.0.300", "proxy.example.cn", "10.0.0.0/33"])
def test_a_bad_trusted_proxy_stops_the_start_with_a_message(bad):
    with pytest.raises(SystemExit, match=f"BOT_TRUSTED_PROXIES.*{bad}"):
        settings_module.load(None, {"BOT_TRUSTED_PROXIES": f"10.0.0.1, {bad}"})
