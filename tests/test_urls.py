"""Canonical URLs and the address guard's notion of "public"."""

from __future__ import annotations

import pytest

from bot.errors import SourceBlocked
from bot.urls import canonical_url, check_literal_host, connect_host, is_public_address, parse_target


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
        ("2002:808:808::1", True),  # 6to4 wrapping a public address
        ("::ffff:10.0.0.1", False),
        ("::ffff:0:7f00:1", False),  # SIIT IPv4-translated 127.0.0.1
        ("::7f00:1", False),  # deprecated IPv4-compatible form
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the cloud metadata address
        ("64:ff9b::c0a8:101", False),  # NAT64 of 192.168.1.1
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34: what an IPv6-only host reaches sites through
        ("64:ff9b:1::a00:1", False),  # local-use NAT64 prefix
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("fec0::1", False),  # site-local
        ("ff02::1", False),
        ("ff0e::1", False),  # global-scope multicast
        ("2001:db8::1", False),  # documentation
        ("::", False),
        ("100::1", False),  # discard-only
        ("192.0.0.1", False),
        ("192.0.2.1", False),
        ("198.18.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("[::1]", False),
        ("not an ip", False),
        ("", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127。0。0。1:8080/x", "127.0.0.1"),
        ("http://１２７.０.０.１/", "127.0.0.1"),
        ("http://127．0．0．1/", "127.0.0.1"),
        ("http://①②⑦.0.0.1/", "127.0.0.1"),
        ("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "localhost"),
        ("http://LOCALHOST./", "localhost"),
        ("https://Example.COM/feed", "example.com"),
        ("http://[::FFFF:127.0.0.1]/", "::ffff:7f00:1"),
        ("http://evil.example#@127.0.0.1/", "evil.example"),
        ("http://user@127.0.0.1/", "127.0.0.1"),
    ],
)
def test_the_host_is_the_one_the_connection_uses(url: str, host: str) -> None:
    assert connect_host(parse_target(url)) == host


@pytest.mark.parametrize(
    "url",
    ["gopher://x/", "file:///etc/passwd", "javascript:alert(1)", "/relative", "http://", "http://[::1/", "http://a\\@b/"],
)
def test_unfetchable_urls_are_refused(url: str) -> None:
    with pytest.raises(SourceBlocked):
        parse_target(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "::ffff:127.0.0.1", "10.0.0.1", "fe80::1%eth0"])
def test_literal_non_public_hosts_are_refused(host: str) -> None:
    with pytest.raises(SourceBlocked, match="non-public"):
        check_literal_host(host)


@pytest.mark.parametrize("host", ["example.com", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_names_and_public_literals_pass_the_literal_check(host: str) -> None:
    check_literal_host(host)  # names are checked when they resolve and when the socket connects
