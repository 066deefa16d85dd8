"""Bounded retries with backoff, honouring Retry-After, against the reference provider's 429 and 500 faults."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest
from run_steps_client import ApiConnectionError, ApiTimeoutError, GuardTransport, presets
from run_steps_client.pagination import ApiError, aiter_run_steps, iter_run_steps
from run_steps_client.retries import RetryPolicy, RetryTransport

from conformance.reference.auth import BEARER_KEY
from conformance.reference.fixtures import MAIN_RUN, THREAD_ID
from conformance.reference.server import ReferenceServer

FAST = RetryPolicy(max_retries=3, backoff_base=0.05, max_backoff=0.2)


@pytest.fixture
def flaky_429() -> Iterator[ReferenceServer]:
    with ReferenceServer(flaky=(429, 2)) as server:  # two of every three requests: 429, Retry-After: 1
        yield server


@pytest.fixture
def flaky_500() -> Iterator[ReferenceServer]:
    with ReferenceServer(flaky=(503, 1)) as server:  # every other request: 503
        yield server


def transport_of(client: object) -> RetryTransport:
    guard = client._httpx_args["transport"]  # type: ignore[attr-defined]
    assert isinstance(guard, GuardTransport) and isinstance(guard.inner, RetryTransport)
    return guard.inner


def test_transient_429s_are_retried_until_the_walk_completes(flaky_429: ReferenceServer) -> None:
    client = presets.openai(BEARER_KEY, base_url=flaky_429.base_url, retry=FAST)
    started = time.monotonic()
    steps = list(iter_run_steps(client, THREAD_ID, "run_ref_hundred", limit=50))
    assert len(steps) == 100
    assert transport_of(client).retries == 4  # two pages, two 429s before each
    # Retry-After says 1 s; the policy caps waits at 0.2 s, and honours that cap, not the exponential backoff.
    assert time.monotonic() - started >= 4 * 0.2


def test_transient_5xx_are_retried_async(flaky_500: ReferenceServer) -> None:
    client = presets.openai(BEARER_KEY, base_url=flaky_500.base_url, retry=FAST)

    async def collect() -> int:
        count = len([s async for s in aiter_run_steps(client, THREAD_ID, "run_ref_hundred", limit=25)])
        await client.get_async_httpx_client().aclose()
        return count

    assert asyncio.run(collect()) == 100
    assert transport_of(client).retries == 4


def test_persistent_429_gives_up_after_the_bound(servers: object) -> None:
    server = servers("rate-limited")  # type: ignore[operator]
    client = presets.openai(BEARER_KEY, base_url=server.base_url, retry=FAST)
    with pytest.raises(ApiError) as caught:
        list(iter_run_steps(client, THREAD_ID, MAIN_RUN))
    assert (caught.value.status, caught.value.code, caught.value.retry_after) == (429, "rate_limit_exceeded", 1.0)
    assert transport_of(client).retries == FAST.max_retries


def test_persistent_500_gives_up_after_the_bound(servers: object) -> None:
    server = servers("server-error")  # type: ignore[operator]
    client = presets.openai(BEARER_KEY, base_url=server.base_url, retry=FAST)
    with pytest.raises(ApiError) as caught:
        list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=100))
    assert caught.value.status == 500 and caught.value.type == "server_error"
    assert transport_of(client).retries == FAST.max_retries


def test_connection_reset_is_retried_then_raised(servers: object) -> None:
    server = servers("reset")  # type: ignore[operator]
    client = presets.openai(BEARER_KEY, base_url=server.base_url, retry=FAST)
    with pytest.raises(ApiConnectionError) as caught:
        list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=100))
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert not isinstance(caught.value, ApiTimeoutError)
    assert transport_of(client).retries == FAST.max_retries


def test_timeout_applies_to_each_request(servers: object) -> None:
    server = servers("hang")  # type: ignore[operator]
    client = presets.openai(BEARER_KEY, base_url=server.base_url, timeout=0.3, retry=RetryPolicy(max_retries=0))
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError) as caught:
        list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=100))
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout) and isinstance(caught.value, ApiConnectionError)
    assert time.monotonic() - started < 3


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    import random

    policy = RetryPolicy(backoff_base=0.5, max_backoff=3.0)
    rng = random.Random(1)
    waits = [[policy.delay(attempt, None, rng) for attempt in (1, 2, 3, 4, 5)] for _ in range(200)]
    for attempt, ceiling in enumerate((0.5, 1.0, 2.0, 3.0, 3.0)):
        column = [w[attempt] for w in waits]
        assert max(column) <= ceiling and max(column) > 0.8 * ceiling and min(column) < 0.2 * ceiling
    hinted = httpx.Response(429, headers={"Retry-After": "2"})
    assert policy.delay(1, hinted, rng) == 2.0
    assert policy.delay(1, httpx.Response(429, headers={"Retry-After": "60"}), rng) == 3.0
