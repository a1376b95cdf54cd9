"""Canonical URLs and the address guard's notion of "public"."""

from __future__ import annotations

import pytest

from bot.collect.urls import canonical_url, check_literal_host, check_scheme, is_public_address
from bot.errors import SourceBlocked


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("HTTPS://News.Example.UA/a/b?utm_source=x&id=3#top", None, "https://news.example.ua/a/b?id=3"),
        ("https://x.com/p?fbclid=1&gclid=2&yclid=3&mc_cid=4", None, "https://x.com/p"),
        ("http://x.com:80/p", None, "http://x.com/p"),
        ("https://x.com:8443/p", None, "https://x.com:8443/p"),
        ("https://x.com", None, "https://x.com/"),
        ("/news/1?utm_medium=rss", "https://site.org/feed", "https://site.org/news/1"),
        ("  https://x.com/with space\n", None, "https://x.com/withspace"),
        ("https://x.com/p?b=2&a=1", None, "https://x.com/p?b=2&a=1"),  # order kept: it can matter
        ("mailto:editor@x.com", None, ""),
        ("javascript:alert(1)", None, ""),
        ("https://x.com:99999/p", None, ""),
        ("", None, ""),
    ],
)
def test_canonical_url(url: str, base: str | None, expected: str) -> None:
    assert canonical_url(url, base) == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("2002:7f00:1::", False),  # 6to4 wrapping 127.0.0.1
        ("not an ip", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_literal_and_scheme_checks() -> None:
    check_literal_host("example.com")  # names are checked when they resolve
    check_literal_host("93.184.216.34")
    with pytest.raises(SourceBlocked):
        check_literal_host("[::1]")
    with pytest.raises(SourceBlocked):
        check_scheme("gopher://x/")
    check_scheme("HTTPS://x/")
