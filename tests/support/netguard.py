"""Tests reach loopback only: every socket connect, datagram and name lookup is checked before it happens.

`install()` wraps `socket.socket.connect`, `connect_ex` and `sendto` (asyncio, aiohttp, httpx, asyncpg and
`socket.create_connection` all end there) and `socket.getaddrinfo` (a lookup of a real name would send a DNS
query). Anything but 127.0.0.0/8, ::1, a Unix socket or the name "localhost" raises `ForbiddenConnection`
before the real call, and is recorded in `violations`: code under test that swallows network errors cannot
hide it, because conftest fails the test that caused it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})
violations: list[str] = []
checked: list[tuple[str, Any]] = []  # every address the guard looked at (to prove a path goes through it)


class ForbiddenConnection(ConnectionRefusedError):
    """A test tried to reach something other than this machine's loopback."""


def is_loopback_host(host: object) -> bool:
    """A loopback IP literal (any form Python's socket module accepts) or the name localhost."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])  # fe80::1%lo: the zone is not part of it
    except ValueError:
        try:  # inet_aton's numeric forms (2130706433, 0x7f.1, 127.1): the C library reads them, no query is sent
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False  # a name other than localhost: resolving it would leave the machine
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def check(family: int, address: Any, what: str) -> None:
    """Raise ForbiddenConnection (and record it) unless `address` stays on this machine."""
    checked.append((what, address))
    if family == getattr(socket, "AF_UNIX", object()) or isinstance(address, str | bytes):
        return  # a Unix socket path
    host = address[0] if isinstance(address, tuple) and address else address
    if is_loopback_host(host):
        return
    message = f"{what} to {address!r}: tests may only reach 127.0.0.1, ::1 or localhost"
    violations.append(message)
    raise ForbiddenConnection(message)


def guarded_connect(real: Callable[..., Any], what: str) -> Callable[..., Any]:
    def connect(sock: socket.socket, address: Any) -> Any:
        check(sock.family, address, what)
        return real(sock, address)

    connect.__wrapped__ = real  # type: ignore[attr-defined]
    return connect


def guarded_sendto(real: Callable[..., Any]) -> Callable[..., Any]:
    def sendto(sock: socket.socket, data: Any, *args: Any) -> Any:
        check(sock.family, args[-1], "sendto")  # sendto(data, address) or sendto(data, flags, address)
        return real(sock, data, *args)

    sendto.__wrapped__ = real  # type: ignore[attr-defined]
    return sendto


def guarded_getaddrinfo(real: Callable[..., Any]) -> Callable[..., Any]:
    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        # None is the wildcard (binding a listener); an IP literal is converted without a query; a name is
        # refused unless it is localhost. Non-loopback literals pass here and are refused at connect.
        if host is not None and not is_loopback_host(host):
            try:
                ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host)
            except ValueError:
                check(socket.AF_INET, (host, 0), "getaddrinfo")
        return real(host, *args, **kwargs)

    getaddrinfo.__wrapped__ = real  # type: ignore[attr-defined]
    return getaddrinfo


def install() -> Callable[[], None]:
    """Wrap the socket module; returns the function that puts the originals back."""
    originals: dict[str, Any] = {
        "connect": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "sendto": socket.socket.sendto,
    }
    real_getaddrinfo = socket.getaddrinfo
    socket.socket.connect = guarded_connect(originals["connect"], "connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect(originals["connect_ex"], "connect_ex")  # type: ignore[method-assign]
    socket.socket.sendto = guarded_sendto(originals["sendto"])  # type: ignore[method-assign]
    socket.getaddrinfo = guarded_getaddrinfo(real_getaddrinfo)

    def uninstall() -> None:
        for name, original in originals.items():
            setattr(socket.socket, name, original)
        socket.getaddrinfo = real_getaddrinfo

    return uninstall
