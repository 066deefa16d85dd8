"""`Transport` on its own, through an injected httpx transport: budget, breaker, body cap, timeouts and 429s."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from conformance.errors import BudgetSpent
from conformance.transport import Transport

Handler = Callable[[httpx.Request], httpx.Response]


def transport(handler: Handler, **overrides: object) -> tuple[Transport, list[float]]:
    slept: list[float] = []
    options: dict[str, object] = {
        "timeout": 1.0,
        "max_body_bytes": 1024,
        "max_requests": None,
        "retries_429": 2,
        "max_retry_wait": 5.0,
    }
    options.update(overrides)
    made = Transport(
        "http://provider.test/v1",
        {"Authorization": "Bearer k"},
        http_transport=httpx.MockTransport(handler),
        sleep=slept.append,
        **options,  # type: ignore[arg-type]
    )
    return made, slept


def ok(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"object": "list", "data": []})


def test_sends_the_profile_headers_and_records_the_exchange() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok(request)

    t, _ = transport(handler)
    exchange = t.get("/threads/t/runs/r/steps", [("limit", "2")], used_by="probe")
    assert exchange.ok and exchange.json()["object"] == "list" and exchange.used_by == ["probe"]
    assert str(seen[0].url) == "http://provider.test/v1/threads/t/runs/r/steps?limit=2"
    assert seen[0].headers["authorization"] == "Bearer k" and t.exchanges == [exchange]


def test_the_budget_is_never_exceeded() -> None:
    t, _ = transport(ok, max_requests=2)
    t.get("/a")
    t.get("/b")
    assert t.remaining == 0
    with pytest.raises(BudgetSpent, match="budget \\(2\\) is spent"):
        t.get("/c")
    assert t.sent == 2


def test_a_body_over_the_cap_is_cut_and_reported() -> None:
    t, _ = transport(lambda _: httpx.Response(200, content=b"x" * 5000))
    exchange = t.get("/big")
    assert exchange.error_kind == "too_large" and len(exchange.body) <= 1024


def test_timeouts_and_resets_are_classified_and_trip_the_breaker() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls % 2:
            raise httpx.ReadTimeout("slow", request=request)
        raise httpx.RemoteProtocolError("closed", request=request)

    t, _ = transport(handler, breaker_after=3)
    kinds = [t.get(f"/{n}").error_kind for n in range(5)]
    assert kinds == ["timeout", "reset", "timeout", "breaker", "breaker"]
    assert calls == 3 and t.sent == 3  # held-back requests are not sent and not counted


def test_a_429_is_retried_as_retry_after_says_then_answered() -> None:
    answers = iter([429, 429, 200])

    def handler(_: httpx.Request) -> httpx.Response:
        status = next(answers)
        return httpx.Response(status, headers={"retry-after": "2"} if status == 429 else {}, json={})

    t, slept = transport(handler)
    exchange = t.get("/x")
    assert exchange.status == 200 and exchange.retries_429 == 2 and slept == [2.0, 2.0]


def test_retry_after_is_capped_and_a_storm_stops_retrying() -> None:
    t, slept = transport(lambda _: httpx.Response(429, headers={"retry-after": "120"}, json={}), retries_429=1)
    first, second, third = (t.get("/x") for _ in range(3))
    assert (first.status, second.status, third.status) == (429, 429, 429)
    assert slept == [5.0, 5.0]  # capped at max_retry_wait; after two exhausted requests, no more waiting
    assert t.rate_limit_storm and t.sent == 5
