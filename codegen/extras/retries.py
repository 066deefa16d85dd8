"""Bounded retries with exponential backoff and full jitter, as an httpx transport.

Retries connection errors, timeouts and 429/500/502/503/504 answers, waiting as `Retry-After` says when the
server says (capped by `max_backoff`). One object serves both `httpx.Client` and `httpx.AsyncClient`, because
the generated client hands the same `httpx_args` to both. Only idempotent methods are retried.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import httpx

from .api_error import parse_retry_after

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
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


class RetryTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
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
        self.retries = 0  # how many retries this transport made, for callers that want to know

    def _retryable(self, request: httpx.Request, attempt: int) -> bool:
        return request.method in IDEMPOTENT and attempt <= self.policy.max_retries

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._sync = self._sync or httpx.HTTPTransport()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = inner.handle_request(request)
            except httpx.TransportError:
                if not self._retryable(request, attempt):
                    raise
                time.sleep(self.policy.delay(attempt, None, self._rng))
                self.retries += 1
                continue
            if response.status_code not in self.policy.retry_statuses or not self._retryable(request, attempt):
                return response
            response.read()
            response.close()
            time.sleep(self.policy.delay(attempt, response, self._rng))
            self.retries += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._async = self._async or httpx.AsyncHTTPTransport()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await inner.handle_async_request(request)
            except httpx.TransportError:
                if not self._retryable(request, attempt):
                    raise
                await asyncio.sleep(self.policy.delay(attempt, None, self._rng))
                self.retries += 1
                continue
            if response.status_code not in self.policy.retry_statuses or not self._retryable(request, attempt):
                return response
            await response.aread()
            await response.aclose()
            await asyncio.sleep(self.policy.delay(attempt, response, self._rng))
            self.retries += 1

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
