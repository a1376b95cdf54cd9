"""A local stand-in for news sites: an aiohttp server on 127.0.0.1 serving recorded files and the ways
real servers misbehave (slow, huge, redirect loops, wrong charsets, errors, gzip).

    async with NewsServer() as server:
        server.add("/feed.xml", body, content_type="application/rss+xml")
        url = server.url("/feed.xml")

Every route answers conditional GETs (ETag / Last-Modified) like a well-behaved server, and every
request is counted in `hits`, so tests can assert what was (not) fetched.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"


class NewsServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host  # any address of 127.0.0.0/8: a second server on 127.0.0.2 is another host
        self._routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.last_headers: dict[str, Mapping[str, str]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._held = 0  # requests to add_silent routes, waiting for an answer that never comes
        self._held_changed = asyncio.Condition()
        self._closing = asyncio.Event()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing.set()  # lets the silent handlers end before the server goes
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs if request.path_qs in self._routes else request.path
        self.hits[path] += 1
        self.last_headers[path] = dict(request.headers)
        handler = self._routes.get(path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    def route(self, path: str, handler: Handler) -> None:
        self._routes[path] = handler

    def add(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "application/rss+xml",
        charset: str | None = None,
        headers: Mapping[str, str] | None = None,
        compress: str | None = None,  # "gzip" or "deflate"
    ) -> None:
        """Serve `body` at `path` with validators; `charset` goes into Content-Type as given (it may lie)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        ctype = f"{content_type}; charset={charset}" if charset else content_type
        payload = data
        if compress == "gzip":
            payload = gzip.compress(data)
        elif compress == "deflate":
            payload = zlib.compress(data)

        async def handler(request: web.Request) -> web.StreamResponse:
            if request.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                return web.Response(status=304, headers={"ETag": etag})
            out = {"Content-Type": ctype, "ETag": etag, "Last-Modified": LAST_MODIFIED, **(headers or {})}
            if compress:
                out["Content-Encoding"] = compress
            return web.Response(body=payload, headers=out)

        self.route(path, handler)

    def add_status(self, path: str, status: int, headers: Mapping[str, str] | None = None) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, text=f"status {status}", headers=headers)

        self.route(path, handler)

    def add_redirect(self, path: str, location: str, status: int = 302) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})

        self.route(path, handler)

    def add_slow(self, path: str, delay_s: float, body: bytes = b"<rss/>") -> None:
        """Headers only after `delay_s`: a server that accepts the connection and then stalls."""

        async def handler(request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(delay_s)
            return web.Response(body=body, content_type="application/rss+xml")

        self.route(path, handler)

    def add_endless(self, path: str, chunk_size: int = 64 * 1024, announce: int | None = None) -> None:
        """A body that never ends (or claims `announce` bytes in Content-Length and then streams)."""

        async def handler(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            if announce is not None:
                response.content_length = announce
            await response.prepare(request)
            chunk = b"<item>" + b"x" * (chunk_size - 6)
            chunks = 10_000 if announce is None else announce // chunk_size
            try:
                for _ in range(chunks):
                    await response.write(chunk)
            except (ConnectionResetError, RuntimeError):  # the client hung up, as it should
                pass
            return response

        self.route(path, handler)

    def add_silent(self, path: str) -> None:
        """A host that accepts the request and never answers (until the server closes)."""

        async def handler(request: web.Request) -> web.StreamResponse:
            async with self._held_changed:
                self._held += 1
                self._held_changed.notify_all()
            await self._closing.wait()
            return web.Response(status=503)

        self.route(path, handler)

    async def held(self, count: int) -> None:
        """Return once `count` requests to silent routes have arrived (and are waiting for their answer)."""
        async with self._held_changed:
            await self._held_changed.wait_for(lambda: self._held >= count)
