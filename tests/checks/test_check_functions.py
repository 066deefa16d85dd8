"""The semantic and network checks as pure functions, on observations no reference fault produces."""

from __future__ import annotations

import json
from typing import Any

from conformance.checks import errors, network, pagination
from conformance.observe import Observations, Page, Walk
from conformance.results import Status
from conformance.transport import Exchange


def exchange(
    status: int | None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    elapsed: float = 0.01,
    error_kind: str | None = None,
) -> Exchange:
    raw = json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else (body or b"")
    return Exchange(
        "GET",
        "http://127.0.0.1:1/v1/x",
        {},
        status=status,
        headers=headers or {},
        body=raw,
        elapsed=elapsed,
        error=f"{error_kind} happened" if error_kind else None,
        error_kind=error_kind,
    )


def observations(**fields: Any) -> Observations:
    seen = Observations("thread_t", "run_r")
    for name, value in fields.items():
        setattr(seen, name, value)
    return seen


def test_unknown_cursor_accepts_an_empty_page_and_says_so() -> None:
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    result = errors.unknown_cursor(observations(unknown_cursor=exchange(200, empty)))
    assert result.status is Status.PASSED and "empty page" in result.detail


def test_unknown_cursor_fails_steps_or_5xx() -> None:
    steps = {"object": "list", "data": [{"id": "s"}], "first_id": "s", "last_id": "s", "has_more": False}
    assert errors.unknown_cursor(observations(unknown_cursor=exchange(200, steps))).status is Status.FAILED
    assert errors.unknown_cursor(observations(unknown_cursor=exchange(502, b"bad gateway"))).status is Status.FAILED


def test_error_shape_wants_the_bad_parameter_named() -> None:
    body = {"error": {"message": "bad", "type": "invalid_request_error", "param": "order", "code": None}}
    result = errors.error_shape(observations(bad_requests={"limit=0": exchange(400, body)}))
    assert result.status is Status.FAILED and "expected 'limit'" in result.detail


def test_first_last_ids_must_be_null_on_an_empty_page() -> None:
    body = {"object": "list", "data": [], "first_id": "", "last_id": "", "has_more": False}
    page = Page(exchange(200, body), {}, body=body)
    result = pagination.first_last_ids(observations(default_page=page))
    assert result.status is Status.FAILED and "(None, None)" in result.detail


def test_cursor_walk_notices_a_walk_that_lost_steps() -> None:
    def page(ids: list[str], more: bool) -> Page:
        body = {"data": [{"id": i, "created_at": 1} for i in ids], "has_more": more}
        return Page(exchange(200, body), {}, body=body)

    full = Walk("asc", "after", 2, pages=[page(["a", "b"], True), page(["c"], False)])
    short = Walk("asc", "after", 3, pages=[page(["a", "b"], False)])
    result = pagination.cursor_walk(observations(walks=[full, short]))
    assert result.status is Status.FAILED and "c is missing" in result.detail


def test_response_time_flags_outliers_only_above_the_floor() -> None:
    quick = [exchange(200, {}, elapsed=0.002) for _ in range(20)]
    assert network.response_time([*quick, exchange(200, {}, elapsed=0.5)]).status is Status.PASSED
    slow = network.response_time([*quick, exchange(200, {}, elapsed=1.5)])
    assert slow.status is Status.FAILED and "1 answers slower" in slow.detail


def test_rate_limit_handling_rejects_a_malformed_retry_after() -> None:
    limited = exchange(429, {"error": {}}, headers={"retry-after": "soon"})
    result = network.rate_limit_handling([limited])
    assert result.status is Status.FAILED and "'soon'" in result.detail


def test_network_reliability_counts_what_the_breaker_held_back() -> None:
    result = network.network_reliability([exchange(None, error_kind="timeout"), exchange(None, error_kind="breaker")])
    assert result.status is Status.FAILED and "1 more not sent" in result.detail
