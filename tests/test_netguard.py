"""The loopback-only guard of tests/conftest.py. Nothing here sends a packet off this machine, even were the
guard broken: refused addresses are only ever offered to fake sockets that cannot send."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from tests.support import netguard
from tests.support.newsserver import NewsServer

REFUSED = [
    ("192.0.2.1", 80),  # TEST-NET-1
    ("10.0.0.1", 443),
    ("169.254.169.254", 80),  # cloud metadata
    ("8.8.8.8", 53),
    ("0.0.0.0", 80),  # reaches the local host on Linux, but through no loopback rule of ours
    ("2001:db8::1", 80, 0, 0),
    ("::ffff:192.0.2.1", 80, 0, 0),
    ("example.com", 80),  # a name: connect would resolve it first
]
ALLOWED = [("127.0.0.1", 80), ("127.1.2.3", 80), ("::1", 80, 0, 0), ("::ffff:127.0.0.1", 80, 0, 0), ("localhost", 80)]


class FakeSocket:
    """Stands in for a socket: the unbound socket methods the guard wraps refuse it unless the guard raises
    first, so a broken guard fails the test with TypeError and still sends nothing."""

    def __init__(self, family: int) -> None:
        self.family = family


def _family(address: tuple[Any, ...]) -> int:
    return socket.AF_INET6 if len(address) == 4 else socket.AF_INET


@pytest.fixture
def expect_violations() -> Iterator[None]:
    """These tests cause violations on purpose: conftest must not fail them for it."""
    yield
    assert netguard.violations, "the guard recorded nothing"
    netguard.violations.clear()


@pytest.mark.usefixtures("expect_violations")
@pytest.mark.parametrize("method", ["connect", "connect_ex"])
@pytest.mark.parametrize("address", REFUSED, ids=str)
def test_the_installed_guard_refuses_connects_off_loopback(method: str, address: tuple[Any, ...]) -> None:
    with pytest.raises(netguard.ForbiddenConnection, match="may only reach"):
        getattr(socket.socket, method)(FakeSocket(_family(address)), address)


@pytest.mark.usefixtures("expect_violations")
@pytest.mark.parametrize("address", REFUSED, ids=str)
def test_the_installed_guard_refuses_datagrams_off_loopback(address: tuple[Any, ...]) -> None:
    sendto: Any = socket.socket.sendto
    with pytest.raises(netguard.ForbiddenConnection):
        sendto(FakeSocket(_family(address)), b"x", address)
    with pytest.raises(netguard.ForbiddenConnection):
        sendto(FakeSocket(_family(address)), b"x", 0, address)


def test_the_guard_refuses_before_the_real_call() -> None:
    reached: list[object] = []
    connect = netguard.guarded_connect(lambda sock, address: reached.append(address), "connect")
    for address in REFUSED:
        with pytest.raises(netguard.ForbiddenConnection):
            connect(FakeSocket(_family(address)), address)
    for address in ALLOWED:
        connect(FakeSocket(_family(address)), address)
    connect(FakeSocket(socket.AF_UNIX), "/tmp/some.sock")
    assert reached == [*ALLOWED, "/tmp/some.sock"]
    assert len(netguard.violations) == len(REFUSED)
    netguard.violations.clear()


@pytest.mark.parametrize("host", ["example.com", "deepstatemap.live", "api.telegram.org", b"example.com"])
def test_name_lookups_are_refused_before_any_query(host: str | bytes) -> None:
    asked: list[object] = []
    lookup = netguard.guarded_getaddrinfo(lambda host, *args, **kwargs: asked.append(host))
    with pytest.raises(netguard.ForbiddenConnection):
        lookup(host, 443)
    for allowed in ("localhost", "127.0.0.1", "::1", None, "192.0.2.1"):  # literals are refused at connect
        lookup(allowed, 443)
    assert asked == ["localhost", "127.0.0.1", "::1", None, "192.0.2.1"]
    netguard.violations.clear()


def test_the_guard_is_what_the_socket_module_calls() -> None:
    for wrapped in (socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto, socket.getaddrinfo):
        assert hasattr(wrapped, "__wrapped__"), wrapped


def test_a_blocking_connect_to_a_loopback_listener_works() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        address = server.getsockname()
        with socket.create_connection(address, timeout=30):
            accepted, _ = server.accept()
            accepted.close()
    assert ("connect", address) in netguard.checked


async def test_asyncio_and_aiohttp_go_through_the_guard() -> None:
    """The guard sees what asyncio and aiohttp connect to: so it would refuse them anywhere else."""
    async with NewsServer() as news:
        news.add("/ping", b"pong")
        _, writer = await asyncio.open_connection("127.0.0.1", news.port)
        writer.close()
        await writer.wait_closed()
        async with aiohttp.ClientSession() as session, session.get(f"http://localhost:{news.port}/ping") as response:
            assert await response.read() == b"pong"
    ports = [address[1] for what, address in netguard.checked if what == "connect" and isinstance(address, tuple)]
    assert ports.count(news.port) >= 2


def test_a_test_that_swallows_the_refusal_still_fails(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("from tests.conftest import _loopback_only, _no_traffic_off_this_machine  # noqa: F401\n")
    pytester.makepyfile(
        """
        import socket

        class FakeSocket:
            family = socket.AF_INET

        def test_quietly_leaves_the_machine():
            try:
                socket.socket.connect(FakeSocket(), ("192.0.2.1", 80))
            except OSError:
                pass  # as code under test that treats network errors as "source unreachable" would

        def test_stays_home():
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*network outside loopback*192.0.2.1*"])
