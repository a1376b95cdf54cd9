"""The one HTTP client of the bot: a single aiohttp session with every safety rail a fetch of
someone else's server needs.

Timeouts, a streamed size cap, manual redirects (each hop re-checked), a per-host concurrency limit,
conditional GET, and an address guard that keeps fetches off private networks. The guard decides on the
host exactly as the connection is made (yarl's parse, after IDNA mapping), refuses non-public literal
addresses and DNS answers, and checks the address of every socket before it connects, so no spelling of
a private address and no DNS answer can smuggle a fetch onto the LAN. Only the services the operator named
(`HttpSettings.trusted_origins`) skip the guard, hop by hop: a trusted source that redirects elsewhere is
guarded there. Every failure leaves this module as one of the `bot.errors.CollectError` subclasses.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import errno
import json
import socket
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import aiohttp
from aiohappyeyeballs import AddrInfoType
from aiohttp.abc import AbstractResolver, ResolveResult
from multidict import CIMultiDictProxy
from yarl import URL

from bot.collect.health import MAX_RETRY_AFTER
from bot.domain import FetchState
from bot.errors import CollectError, ParseError, SourceBlocked, SourceHTTPError, SourceTooLarge, SourceUnreachable
from bot.urls import check_literal_host, connect_host, connect_origin, is_public_address, parse_target

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES = frozenset({429, 503})
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class HttpSettings:
    timeout_s: float = 20.0  # the whole request, body included
    connect_timeout_s: float = 10.0
    max_bytes: int = 5 * 1024 * 1024  # decompressed, so a gzip bomb stops here too
    max_redirects: int = 5
    per_host_limit: int = 4
    user_agent: str = "FrontlineDigest/0.1 (Telegram news digest bot)"  # operators may add a contact URL
    # What the operator named (sources, API URLs) as `host:port`, the only services that may live on a private
    # network (an RSS bridge on the LAN); every other service, whatever redirect or feed link leads there, even
    # another port of a named host, is behind the address guard. A bare `host` trusts each of its ports.
    trusted_origins: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class FetchResponse:
    status: int
    url: str  # after redirects
    headers: CIMultiDictProxy[str] = field(repr=False)
    body: bytes = field(repr=False)
    not_modified: bool = False
    charset: str | None = None  # from the Content-Type header, if it named one

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()

    def fetch_state(self, previous: FetchState) -> FetchState:
        """The validators to send next time; a 304 may omit them, so keep the previous ones then."""
        return FetchState(
            etag=self.headers.get("ETag") or previous.etag,
            last_modified=self.headers.get("Last-Modified") or previous.last_modified,
        )


class BlockedAddress(OSError):
    """A socket was about to connect to a non-public address (raised by the guarded socket factory)."""


def _guarded_socket(addr_info: AddrInfoType) -> socket.socket:
    """aiohttp's socket factory for untrusted hosts: the last word on every address a connection is made to,
    literal or resolved, on every hop, whatever checks before it missed."""
    family, type_, proto, _, sockaddr = addr_info
    address = str(sockaddr[0])
    if not is_public_address(address):
        raise BlockedAddress(errno.EACCES, f"refusing to connect to the non-public address {address}")
    return socket.socket(family=family, type=type_, proto=proto)


class _GuardedResolver(AbstractResolver):
    """Resolves names as usual but refuses any answer that points at a non-public address."""

    def __init__(self, inner: AbstractResolver) -> None:
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        blocked = [r["host"] for r in results if not is_public_address(r["host"])]
        if blocked:
            raise SourceBlocked(f"refusing to fetch from {host}: it resolves to the non-public address {blocked[0]}")
        return results

    async def close(self) -> None:
        await self._inner.close()


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), at most `MAX_RETRY_AFTER`;
    None when the value is neither. Never raises: the value comes from someone else's server."""
    if not value:
        return None
    value = value.strip()
    longest = MAX_RETRY_AFTER.total_seconds()
    if value.isascii() and value.isdigit():
        return min(float(value), longest)  # float, not int: a thousand digits are inf, not an error
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    except (TypeError, ValueError, OverflowError):  # not a date, or one no datetime can hold
        return None
    return min(max(0.0, seconds), longest)


def _status_error(resp: aiohttp.ClientResponse, url: str) -> SourceHTTPError:
    """An error status, with the server's Retry-After where it gives one (429 / 503)."""
    retry_after = None
    if resp.status in _RETRY_AFTER_STATUSES:
        retry_after = parse_retry_after(resp.headers.get("Retry-After"))
    return SourceHTTPError(resp.status, f"HTTP {resp.status} from {url}", retry_after=retry_after)


class HttpClient:
    """Owns the aiohttp session. `await start()` / `await close()`, or `async with HttpClient(...)`."""

    def __init__(self, settings: HttpSettings | None = None) -> None:
        self.settings = settings or HttpSettings()
        # Two sessions on one configuration, keyed by "is the host trusted": the guarded one for every host the
        # operator did not name.
        self._sessions: dict[bool, aiohttp.ClientSession] = {}
        self._resolvers: list[AbstractResolver] = []
        self._owner = self  # a view (`untrusting`) uses its owner's sessions
        # Our own per-host gate, not the connector's: waiting in the connector would eat the request timeout.
        self._host_gates: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.settings.per_host_limit)
        )

    def untrusting(self, trusted: frozenset[str] = frozenset()) -> HttpClient:
        """This client for URLs a chat gave: the same sessions, limits and per-host gates, but trusting only the
        services in `trusted` (`host:port`), not those the operator named for the bot's own use (an LLM, a
        mirror): every other hop goes through the address guard. Started and closed with this client."""
        view = copy.copy(self)
        view.settings = replace(self.settings, trusted_origins=trusted)
        return view

    async def start(self) -> None:
        if self._sessions:
            return
        self._sessions = {
            True: self._new_session(aiohttp.DefaultResolver()),
            False: self._new_session(_GuardedResolver(aiohttp.DefaultResolver()), socket_factory=_guarded_socket),
        }

    def _new_session(
        self, resolver: AbstractResolver, socket_factory: Callable[[AddrInfoType], socket.socket] | None = None
    ) -> aiohttp.ClientSession:
        self._resolvers.append(resolver)  # a resolver passed in is not closed by the connector
        connector = aiohttp.TCPConnector(
            limit=100, limit_per_host=0, resolver=resolver, ttl_dns_cache=300, socket_factory=socket_factory
        )
        return aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=aiohttp.ClientTimeout(total=self.settings.timeout_s, sock_connect=self.settings.connect_timeout_s),
            auto_decompress=True,
            cookie_jar=aiohttp.DummyCookieJar(),  # sources must not be able to track or steer us by cookies
        )

    async def close(self) -> None:
        for session in set(self._sessions.values()):
            await session.close()
        self._sessions = {}
        for resolver in self._resolvers:
            await resolver.close()
        self._resolvers = []

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def fetch(self, url: str, *, state: FetchState | None = None, accept: str = "*/*") -> FetchResponse:
        """GET `url`, following up to `max_redirects` redirects. A 304 comes back with `not_modified=True`.

        Raises SourceBlocked, SourceUnreachable, SourceHTTPError (with `retry_after` on 429/503) or
        SourceTooLarge; nothing else escapes for network trouble.
        """
        headers = {"Accept": accept}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        seen: list[URL] = []
        current = parse_target(url)
        while True:
            session, host = self._session_for(current)
            seen.append(current)
            async with self._host_gates[host]:
                result = await self._request(session, current, headers)
            if isinstance(result, FetchResponse):
                return result
            status, location = result
            try:
                nxt = parse_target(str(current.join(URL(location))))
            except (ValueError, TypeError) as exc:
                raise SourceHTTPError(status, f"malformed redirect from {current} to {location!r}") from exc
            except SourceBlocked as exc:
                raise SourceBlocked(f"redirect from {current} refused: {exc}") from exc
            if nxt in seen:
                raise SourceHTTPError(status, f"redirect loop: {current} -> {nxt}")
            if len(seen) > self.settings.max_redirects:
                raise SourceHTTPError(status, f"more than {self.settings.max_redirects} redirects from {url}")
            current = nxt

    async def post_json(
        self,
        url: str,
        payload: object,
        *,
        headers: Mapping[str, str] | None = None,
        timeout_s: float | None = None,
    ) -> object:
        """POST `payload` as JSON and return the decoded JSON answer (an API call, so no redirects).

        Same rails as fetch(): address guard unless the host is trusted, size cap, per-host limit;
        `timeout_s` (the session's by default) bounds the whole exchange. Raises what fetch() raises, and
        ParseError when the answer is not JSON.
        """
        target = parse_target(url)
        session, host = self._session_for(target)
        timeout = aiohttp.ClientTimeout(total=timeout_s) if timeout_s is not None else None
        async with self._host_gates[host]:
            with _collect_errors(url):
                async with session.post(
                    target, json=payload, headers=dict(headers or {}), allow_redirects=False, timeout=timeout
                ) as resp:
                    if resp.status >= 300:
                        raise _status_error(resp, url)
                    body = await self._read_capped(resp, url)
        try:
            return json.loads(body)
        except ValueError as exc:  # bad UTF-8 included
            raise ParseError(f"{url} answered with something that is not JSON: {exc}") from exc

    def check_url(self, url: str) -> None:
        """Raise SourceBlocked for a URL that a fetch would refuse before connecting: not http(s), or a private
        literal address of a service the operator did not name."""
        self._trust(parse_target(url))

    def _trust(self, target: URL) -> tuple[bool, str]:
        """Whether `target`'s service is trusted, and its host; SourceBlocked for an untrusted private literal."""
        host = connect_host(target)
        trusted = connect_origin(target) in self.settings.trusted_origins or host in self.settings.trusted_origins
        if not trusted:
            check_literal_host(host)
        return trusted, host

    def _session_for(self, target: URL) -> tuple[aiohttp.ClientSession, str]:
        """The session to request `target` with (the guarded one unless its host is trusted), and the host."""
        sessions = self._owner._sessions
        if not sessions:
            raise RuntimeError("HttpClient.start() was not called")
        trusted, host = self._trust(target)
        return sessions[trusted], host

    async def _request(
        self, session: aiohttp.ClientSession, url: URL, headers: dict[str, str]
    ) -> FetchResponse | tuple[int, str]:
        """One hop: a final response, or (status, Location) of a redirect to follow."""
        with _collect_errors(str(url)):
            async with session.get(url, headers=headers, allow_redirects=False) as resp:
                if resp.status in _REDIRECTS:
                    location = resp.headers.get("Location")
                    if not location:
                        raise SourceHTTPError(resp.status, f"redirect without a Location header from {url}")
                    return resp.status, location
                if resp.status == 304:
                    return FetchResponse(304, str(resp.url), resp.headers, b"", not_modified=True)
                if resp.status >= 400:
                    raise _status_error(resp, str(url))
                body = await self._read_capped(resp, str(url))
                return FetchResponse(resp.status, str(resp.url), resp.headers, body, charset=resp.charset)

    async def _read_capped(self, resp: aiohttp.ClientResponse, url: str) -> bytes:
        limit = self.settings.max_bytes
        if resp.content_length is not None and resp.content_length > limit and not resp.headers.get("Content-Encoding"):
            raise SourceTooLarge(f"{url} announces {resp.content_length} bytes, over the {limit}-byte cap")
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise SourceTooLarge(f"{url} sent more than the {limit}-byte cap")
            chunks.append(chunk)
        return b"".join(chunks)


@contextmanager
def _collect_errors(url: str) -> Iterator[None]:
    """Network trouble inside the block leaves as the matching CollectError."""
    try:
        yield
    except CollectError:
        raise
    except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
        raise SourceUnreachable(f"timed out fetching {url}") from exc
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, BlockedAddress) or "non-public address" in str(exc.os_error):
            # several addresses, all refused, come back as one OSError naming each of them
            raise SourceBlocked(f"refusing to fetch {url}: {exc.os_error.strerror or exc.os_error}") from exc
        raise SourceUnreachable(f"cannot fetch {url}: {exc.os_error.strerror or exc.os_error}") from exc
    except aiohttp.InvalidURL as exc:
        raise SourceBlocked(f"invalid URL {url}: {exc}") from exc
    except aiohttp.ClientResponseError as exc:  # malformed response, bad encoding of the body, ...
        raise SourceUnreachable(f"bad response from {url}: {exc.message or exc}") from exc
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        raise SourceUnreachable(f"cannot fetch {url}: {str(exc) or type(exc).__name__}") from exc
