"""Bounded retries with exponential backoff and full jitter, as an httpx transport.

Retries connection errors, timeouts and 429/500/502/503/504 answers, waiting as `Retry-After` says when the
server says (capped by `max_backoff`). One object serves both `httpx.Client` and `httpx.AsyncClient`, because
the generated client hands the same `httpx_args` to both. Only idempotent methods are retried.
Under a request's deadline (see `deadline`, set by `GuardTransport`) no wait runs past it: when the next wait
would, the last answer (or error) is given up instead. The body of an answer that is retried is read only up
to `DISCARD_LIMIT` raw bytes (so the connection can be reused), never decoded. The httpx transports it makes
keep to the deadline on every network operation (`deadline.install`).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import httpx

from . import deadline as clock
from .api_error import ATTEMPTS, parse_retry_after

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """How `RetryTransport` retries (every preset takes one as `retry=`).

    `max_retries`: retries after the first request (0: never retry). Before retry n it waits a random time
    between 0 and `backoff_base * 2 ** (n - 1)` seconds (full jitter), never more than `max_backoff`; an answer's
    `Retry-After` replaces that wait, capped by `max_backoff` too. `retry_statuses`: the answers retried;
    connection errors and timeouts are always retried. Only idempotent methods are retried, and no wait runs
    past the request's deadline. The number of requests made is on the error as `ApiError.attempts`.
    """

    max_retries: int = 3
    backoff_base: float = 0.5  # seconds before the first retry, at most (before jitter)
    max_backoff: float = 8.0  # no single wait is longer, whatever Retry-After says
    retry_statuses: frozenset[int] = field(default_factory=lambda: frozenset({429, 500, 502, 503, 504}))

    def delay(self, attempt: int, response: httpx.Response | None, rng: random.Random) -> float:
        """Seconds to wait before retry number `attempt` (1-based)."""
        if response is not None:
            hinted = parse_retry_after(response.headers.get("retry-after"))
            if hinted is not None:
                return min(hinted, self.max_backoff)
        ceiling = min(self.max_backoff, self.backoff_base * 2 ** (attempt - 1))
        return rng.uniform(0, ceiling)


NO_RETRIES = RetryPolicy(max_retries=0)
DISCARD_LIMIT = 64 * 1024  # raw bytes read from a retried answer before its connection is given up instead


def _fits(wait: float) -> bool:
    """Whether a wait of `wait` seconds ends before the active deadline (always, without one)."""
    remaining = clock.left()
    return remaining is None or wait < remaining


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport, for `httpx.Client` and `httpx.AsyncClient` alike, that retries as its `RetryPolicy`
    says (`seed` makes the jitter repeatable). Each answer it returns carries the number of requests it took in
    `response.extensions["attempts"]`, which `ApiError.attempts` reports."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        seed: int | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self._rng = random.Random(seed)
        self._sync = transport
        self._async = async_transport
        clock.install(transport)
        clock.install(async_transport)
        self.retries = 0  # how many retries this transport made, for callers that want to know

    def _retryable(self, request: httpx.Request, attempt: int) -> bool:
        return request.method in IDEMPOTENT and attempt <= self.policy.max_retries

    def _wait(self, request: httpx.Request, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before retrying, or None: do not retry (out of retries, or past the deadline)."""
        if not self._retryable(request, attempt):
            return None
        wait = self.policy.delay(attempt, response, self._rng)
        return wait if _fits(wait) else None

    def _transport(self) -> httpx.BaseTransport:
        if self._sync is None:
            self._sync = httpx.HTTPTransport()
            clock.install(self._sync)
        return self._sync

    def _async_transport(self) -> httpx.AsyncBaseTransport:
        if self._async is None:
            self._async = httpx.AsyncHTTPTransport()
            clock.install(self._async)
        return self._async

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._transport()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = inner.handle_request(request)
            except httpx.TransportError:
                wait = self._wait(request, attempt, None)
                if wait is None:
                    raise
            else:
                response.extensions[ATTEMPTS] = attempt
                if response.status_code not in self.policy.retry_statuses:
                    return response
                wait = self._wait(request, attempt, response)
                if wait is None:
                    return response
                _discard(response)
            time.sleep(wait)
            self.retries += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._async_transport()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await inner.handle_async_request(request)
            except httpx.TransportError:
                wait = self._wait(request, attempt, None)
                if wait is None:
                    raise
            else:
                response.extensions[ATTEMPTS] = attempt
                if response.status_code not in self.policy.retry_statuses:
                    return response
                wait = self._wait(request, attempt, response)
                if wait is None:
                    return response
                await _adiscard(response)
            await asyncio.sleep(wait)
            self.retries += 1

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


def _discard(response: httpx.Response) -> None:
    """Read a retried answer's raw body, up to DISCARD_LIMIT, so its connection can serve the retry."""
    try:
        seen = 0
        for chunk in response.iter_raw():
            seen += len(chunk)
            if seen > DISCARD_LIMIT:
                break
    except httpx.TransportError:
        pass  # the connection is lost anyway; the retry opens another
    finally:
        response.close()


async def _adiscard(response: httpx.Response) -> None:
    try:
        seen = 0
        async for chunk in response.aiter_raw():
            seen += len(chunk)
            if seen > DISCARD_LIMIT:
                break
    except httpx.TransportError:
        pass
    finally:
        await response.aclose()
