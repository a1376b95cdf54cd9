"""URLs: the canonical form we dedup on, and the guard that keeps fetches off private networks."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bot.errors import SourceBlocked

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Parameters that only say where a click came from; two links differing only in these are the same article.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "cmpid",
        "ocid",
        "at_medium",
        "at_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACES = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """The dedup key for a link: absolute, scheme and host lowercased, default port, fragment and
    tracking parameters dropped. Returns "" when the link is not an http(s) URL."""
    url = _SPACES.sub("", url or "")
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a malformed netloc: an unclosed IPv6 bracket, an out-of-range port
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ALLOWED_SCHEMES or not host:
        return ""
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def host_of(url: str) -> str:
    """The URL's host, lowercased; SourceBlocked when the URL cannot be parsed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError as exc:
        raise SourceBlocked(f"malformed URL {url!r}: {exc}") from exc


def check_scheme(url: str) -> None:
    """Refuse anything but http(s): file:, ftp:, data: and friends have no business in a news fetch."""
    host_of(url)  # a URL we cannot parse is refused here, with a clear message
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise SourceBlocked(f"only http and https URLs can be fetched, not {scheme or 'a relative URL'!r}: {url}")


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; false for private, loopback, link-local, multicast,
    reserved and unspecified ones (including IPv4 hidden in IPv6 mapped/6to4 forms)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            ip = embedded
    return ip.is_global and not ip.is_multicast


def check_literal_host(host: str) -> None:
    """Refuse a URL whose host is itself a non-public IP address (names are checked when they resolve)."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        return
    if not is_public_address(bare):
        raise SourceBlocked(f"refusing to fetch from the non-public address {bare}")
