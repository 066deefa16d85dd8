"""A running clock for one request, from connect to the last body byte, that httpx's own timeouts cannot give.

httpx's timeouts bound each network operation (connect, one read, one write), so a server that drips a byte
every half second, or sends chunks forever, never trips them. Here every network operation of httpcore gets
the smaller of its own timeout and the time left to the request's deadline, so the request ends at the
deadline whatever the server does, in sync and async alike, with no thread and no timer.

How: `GuardTransport` (see `guard`) sets `ACTIVE` to the request's deadline around everything it hands down
(sending, retries, each read of the body). `install(transport)` wraps the network backend of an
`httpx.HTTPTransport` / `httpx.AsyncHTTPTransport` so that its streams read `ACTIVE` on every operation.
httpx offers no public way to pass httpcore a network backend, so `install` sets the pool's
`_network_backend` when it is there (httpx 0.28, httpcore 1.x) and otherwise leaves the transport alone:
the guard still checks the clock between body chunks, so a deadline holds to within one read's timeout.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

import httpcore

# (monotonic time the request must be over by, the seconds it was given), or None: no deadline.
Bound = tuple[float, float]
ACTIVE: ContextVar[Bound | None] = ContextVar("run_steps_client_deadline", default=None)
# The seconds a front-door call asked for (`deadline=`), overriding the transport's own for that call.
REQUESTED: ContextVar[float | None] = ContextVar("run_steps_client_requested_deadline", default=None)


def expired(seconds: float) -> str:
    return f"the request's deadline of {seconds:g} s (connect to last body byte) passed"


def start(seconds: float | None) -> Bound | None:
    return None if seconds is None else (time.monotonic() + seconds, seconds)


def left() -> float | None:
    """Seconds before the active deadline (may be <= 0), or None when there is none."""
    bound = ACTIVE.get()
    return None if bound is None else bound[0] - time.monotonic()


def bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout`, shortened to the time left before the active deadline; raises `error` once it has passed."""
    bound = ACTIVE.get()
    if bound is None:
        return timeout
    remaining = bound[0] - time.monotonic()
    if remaining <= 0:
        raise error(expired(bound[1]))
    return remaining if timeout is None or remaining < timeout else timeout


def explain(error: type[Exception]) -> None:
    """Inside an `except` for a timeout: when it is the deadline that ran out, raise `error` saying so."""
    bound = ACTIVE.get()
    if bound is not None and time.monotonic() >= bound[0] - 0.01:
        raise error(expired(bound[1])) from None


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._inner.read(max_bytes, bounded(timeout, httpcore.ReadTimeout))
        except httpcore.ReadTimeout:
            explain(httpcore.ReadTimeout)
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._inner.write(buffer, bounded(timeout, httpcore.WriteTimeout))
        except httpcore.WriteTimeout:
            explain(httpcore.WriteTimeout)
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, bounded(timeout, httpcore.ConnectTimeout))
        return _Stream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        try:
            return _Stream(self.inner.connect_tcp(host, port, limit, local_address, socket_options))
        except httpcore.ConnectTimeout:
            explain(httpcore.ConnectTimeout)
            raise

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        return _Stream(self.inner.connect_unix_socket(path, limit, socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return await self._inner.read(max_bytes, bounded(timeout, httpcore.ReadTimeout))
        except httpcore.ReadTimeout:
            explain(httpcore.ReadTimeout)
            raise

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            await self._inner.write(buffer, bounded(timeout, httpcore.WriteTimeout))
        except httpcore.WriteTimeout:
            explain(httpcore.WriteTimeout)
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        tls = await self._inner.start_tls(ssl_context, server_hostname, bounded(timeout, httpcore.ConnectTimeout))
        return _AsyncStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        try:
            return _AsyncStream(await self.inner.connect_tcp(host, port, limit, local_address, socket_options))
        except httpcore.ConnectTimeout:
            explain(httpcore.ConnectTimeout)
            raise

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        limit = bounded(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self.inner.connect_unix_socket(path, limit, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def install(transport: object) -> bool:
    """Make an httpx HTTP transport's network operations keep to the active deadline; True when it could.

    Idempotent; a transport that is not httpx's own (a mock, a custom one) is left as it is (False)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, (_Backend, _AsyncBackend)):
        return True
    if isinstance(backend, httpcore.NetworkBackend):
        setattr(pool, "_network_backend", _Backend(backend))  # noqa: B010 (a private attribute, on purpose)
        return True
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        setattr(pool, "_network_backend", _AsyncBackend(backend))  # noqa: B010
        return True
    return False
