"""URLs: the canonical form we dedup on, and the guard that keeps fetches off private networks."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from yarl import URL

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


def parse_target(url: str) -> URL:
    """`url` exactly as the connection will see it: aiohttp connects to yarl's parse of the URL, whose host
    has been through IDNA/UTS-46 mapping (full-width digits and ideographic full stops become ASCII), so
    every check must look at that host and that URL object must be the one requested. SourceBlocked when
    the URL cannot be parsed or is not http(s)."""
    try:
        target = URL(url)
        host = target.raw_host
    except (ValueError, TypeError, UnicodeError) as exc:
        raise SourceBlocked(f"malformed URL {url!r}: {exc}") from exc
    scheme = target.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise SourceBlocked(f"only http and https URLs can be fetched, not {scheme or 'a relative URL'!r}: {url}")
    if not host:
        raise SourceBlocked(f"malformed URL {url!r}: it names no host")
    return target


def connect_host(target: URL) -> str:
    """The host a fetch of `target` connects to, as the trust and address checks compare it: lowercased,
    without the trailing dot of a fully qualified name."""
    return (target.raw_host or "").lower().rstrip(".")


def connect_origin(target: URL) -> str:
    """`host:port` of the connection a fetch of `target` makes (the scheme's port when none is given; an IPv6
    host in brackets), the unit of trust: naming a service trusts that service, not the rest of its host."""
    host = connect_host(target)
    return f"[{host}]:{target.port}" if ":" in host else f"{host}:{target.port}"


# Prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052) and SIIT's IPv4-translated
# addresses. A NAT64 gateway turns 64:ff9b::a00:1 into 10.0.0.1, so the IPv4 address is what gets reached.
_IPV4_IN_LOW_BITS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::ffff:0:0/96"))
# RFC 8215's local-use NAT64 prefix: where it puts the IPv4 address is the local network's choice.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _IPV4_IN_LOW_BITS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_public_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone is not enough in Python 3.11: it calls multicast, NAT64 and the reserved ::/8 global.
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_unspecified
        or ip.is_private
        or (isinstance(ip, ipaddress.IPv6Address) and (ip.is_site_local or ip in _LOCAL_NAT64))
    )


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; false for private, loopback, link-local, multicast,
    reserved and unspecified ones, and for any IPv6 spelling that carries such an IPv4 address (mapped,
    6to4, Teredo, NAT64, IPv4-translated). A zone index (fe80::1%eth0) means a local scope: not public."""
    if "%" in address:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return _is_public_ip(embedded) and not ip.is_multicast
    return _is_public_ip(ip)


def check_literal_host(host: str) -> None:
    """Refuse a host that is itself a non-public IP address (names are checked when they resolve, and every
    address is checked again when the socket connects)."""
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare.split("%", 1)[0])
    except ValueError:
        return
    if not is_public_address(bare):
        raise SourceBlocked(f"refusing to fetch from the non-public address {bare}")


PREVIEW_BASE = "https://t.me/s/"
USERNAME = r"[A-Za-z][A-Za-z0-9_]{3,31}"  # Telegram's rule is 5-32; a few auctioned names have 4
_CHANNEL_REF = re.compile(
    rf"(?:@|(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:s/)?)?({USERNAME})(?:/[0-9]+)?/?(?:[?#].*)?", re.IGNORECASE
)


def channel_preview_url(ref: str) -> str:
    """The web-preview URL for a channel named as `@name`, `name`, `t.me/name`, `https://t.me/name`,
    `https://t.me/s/name` or by a post's link (`https://t.me/name/123`). Any other http(s) URL is returned as it
    is (a mirror, or a test server).

    Raises ValueError with a message fit for the operator when `ref` is neither.
    """
    ref = ref.strip()
    match = _CHANNEL_REF.fullmatch(ref)
    if match:
        return PREVIEW_BASE + match.group(1)
    if canonical_url(ref):
        return ref
    raise ValueError(f"not a Telegram channel: {ref!r} (use @name, https://t.me/name or https://t.me/s/name)")
