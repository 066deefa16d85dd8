"""`GuardTransport`: every request ends, and no answer can fill memory, whatever the provider sends.

Two bounds, for `httpx.Client` and `httpx.AsyncClient` alike (one object serves both, as `RetryTransport`):
- a **deadline** per request, from connect to the last body byte, retries and their waits included (see
  `deadline`): passing it raises httpx's `ReadTimeout` / `ConnectTimeout` / `WriteTimeout` / `PoolTimeout`,
  which the front door turns into `ApiTimeoutError`. A front-door call's `deadline=` overrides it.
- a **decoded-size cap**: the body is decoded here, in pieces (see `inflate`), and counted; the first piece
  over `max_decoded_bytes` raises `ResponseTooLargeError` (a `DecodeError`), so a gzip bomb is never
  inflated whole. A `Content-Length` over the cap is refused before the body is read. The answer then reaches
  httpx already decoded, without its `Content-Encoding` and `Content-Length` headers.

It asks for `Accept-Encoding: gzip, deflate`, exactly what it can decode within the cap.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import cast

import httpx

from . import deadline as clock
from .api_error import ResponseTooLargeError
from .inflate import ACCEPTED, Inflater, encodings_of
from .retries import NO_RETRIES, RetryTransport

MAX_DECODED_BYTES = 8 * 1024 * 1024  # the suite's cap too: no page of 100 steps comes near it


class GuardTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps `inner` (default: a `RetryTransport` that does not retry) with a deadline and a size cap.

    `deadline`: seconds per request, or None for none; `max_decoded_bytes`: the cap, or None for none."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        *,
        deadline: float | None = None,
        max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    ) -> None:
        if deadline is not None and not deadline > 0:
            raise ValueError(f"deadline must be a positive number of seconds, not {deadline!r}")
        if max_decoded_bytes is not None and max_decoded_bytes < 0:
            raise ValueError(f"max_decoded_bytes must be zero or more, not {max_decoded_bytes!r}")
        self.inner = inner if inner is not None else RetryTransport(NO_RETRIES)
        self.deadline = deadline
        self.max_decoded_bytes = max_decoded_bytes

    def _bound(self, request: httpx.Request) -> clock.Bound | None:
        seconds = clock.REQUESTED.get()
        bound = clock.start(self.deadline if seconds is None else seconds)
        request.headers["Accept-Encoding"] = ACCEPTED
        if bound is not None:
            # Waiting for a pooled connection is not a network operation; bound it through httpx's timeouts.
            timeouts = request.extensions.get("timeout")
            if isinstance(timeouts, dict):
                cap = bound[1]
                given = cast("dict[str, float | None]", timeouts)
                request.extensions["timeout"] = {k: cap if v is None or v > cap else v for k, v in given.items()}
        return bound

    def _inflater(self, response: httpx.Response) -> Inflater | None:
        """The decoder the body needs (its headers adjusted), or None; refuses a declared length over the cap."""
        codings = encodings_of(response.headers.get("content-encoding"))
        if codings:
            inflater = Inflater(codings)
            del response.headers["content-encoding"]
            response.headers.pop("content-length", None)
            return inflater
        declared = response.headers.get("content-length", "")
        if self.max_decoded_bytes is not None and declared.isdigit() and int(declared) > self.max_decoded_bytes:
            raise ResponseTooLargeError(self.max_decoded_bytes)
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inner = self.inner
        if not isinstance(inner, httpx.BaseTransport):
            raise TypeError(f"{type(inner).__name__} cannot serve a sync httpx.Client")
        bound = self._bound(request)
        token = clock.ACTIVE.set(bound)
        try:
            response = inner.handle_request(request)
        finally:
            clock.ACTIVE.reset(token)
        try:
            inflater = self._inflater(response)
        except BaseException:
            response.close()
            raise
        response.stream = _Body(response.stream, _Counter(self.max_decoded_bytes, inflater, bound, request))
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self.inner
        if not isinstance(inner, httpx.AsyncBaseTransport):
            raise TypeError(f"{type(inner).__name__} cannot serve an httpx.AsyncClient")
        bound = self._bound(request)
        token = clock.ACTIVE.set(bound)
        try:
            response = await inner.handle_async_request(request)
        finally:
            clock.ACTIVE.reset(token)
        try:
            inflater = self._inflater(response)
        except BaseException:
            await response.aclose()
            raise
        response.stream = _AsyncBody(response.stream, _Counter(self.max_decoded_bytes, inflater, bound, request))
        return response

    def close(self) -> None:
        if isinstance(self.inner, httpx.BaseTransport):
            self.inner.close()

    async def aclose(self) -> None:
        if isinstance(self.inner, httpx.AsyncBaseTransport):
            await self.inner.aclose()


class _Counter:
    """What both body streams share: the clock check between chunks, decoding, and counting against the cap."""

    def __init__(
        self, limit: int | None, inflater: Inflater | None, bound: clock.Bound | None, request: httpx.Request
    ) -> None:
        self.limit = limit
        self.inflater = inflater
        self.bound = bound
        self.request = request
        self.seen = 0

    def check_clock(self) -> None:
        """Between chunks: a transport whose network operations could not be bounded stops here at the latest."""
        if self.bound is not None and time.monotonic() >= self.bound[0]:
            raise httpx.ReadTimeout(clock.expired(self.bound[1]), request=self.request)

    def take(self, chunk: bytes) -> Iterator[bytes]:
        pieces = self.inflater.feed(chunk) if self.inflater is not None else (chunk,)
        for piece in pieces:
            yield self._counted(piece)

    def finish(self) -> Iterator[bytes]:
        if self.inflater is not None:
            for piece in self.inflater.end():
                yield self._counted(piece)

    def _counted(self, piece: bytes) -> bytes:
        self.seen += len(piece)
        if self.limit is not None and self.seen > self.limit:
            raise ResponseTooLargeError(self.limit)
        return piece


class _Body(httpx.SyncByteStream):
    def __init__(self, raw: httpx.SyncByteStream | httpx.AsyncByteStream, counter: _Counter) -> None:
        if not isinstance(raw, httpx.SyncByteStream):
            raise TypeError("a sync transport returned an async body")
        self._raw = raw
        self._counter = counter

    def __iter__(self) -> Iterator[bytes]:
        counter = self._counter
        chunks = iter(self._raw)
        while True:
            counter.check_clock()
            token = clock.ACTIVE.set(counter.bound)
            try:
                chunk = next(chunks, None)
            finally:
                clock.ACTIVE.reset(token)
            if chunk is None:
                break
            yield from counter.take(chunk)
        yield from counter.finish()

    def close(self) -> None:
        self._raw.close()


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, raw: httpx.SyncByteStream | httpx.AsyncByteStream, counter: _Counter) -> None:
        if not isinstance(raw, httpx.AsyncByteStream):
            raise TypeError("an async transport returned a sync body")
        self._raw = raw
        self._counter = counter

    async def __aiter__(self) -> AsyncIterator[bytes]:
        counter = self._counter
        chunks = self._raw.__aiter__()
        while True:
            counter.check_clock()
            token = clock.ACTIVE.set(counter.bound)
            try:
                chunk = await chunks.__anext__()
            except StopAsyncIteration:
                break
            finally:
                clock.ACTIVE.reset(token)
            for piece in counter.take(chunk):
                yield piece
        for piece in counter.finish():
            yield piece

    async def aclose(self) -> None:
        await self._raw.aclose()
