"""Ties are unordered (order, cursor_walk), failing pages say what they held, and optional checks never decide:
the checks and the verdict as pure functions, on observations no reference fault produces."""

from __future__ import annotations

import json
from typing import Any

from conformance import probes
from conformance.checks import REGISTRY, pagination
from conformance.checks.walks import held as page_held
from conformance.headline import headline
from conformance.observations import Exchange, Observations, Page, Walk
from conformance.outcome import Outcome, Status
from conformance.results import CheckResult, RunResult, Verdict

# a, b and c share a second; d is later
AT = {"a": 10, "b": 10, "c": 10, "d": 11}


def page(ids: list[str], more: bool, params: dict[str, str]) -> Page:
    steps = [{"id": i, "created_at": AT[i]} for i in ids]
    body: dict[str, Any] = {
        "object": "list", "data": steps, "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None,
        "has_more": more,
    }  # fmt: skip
    exchange = Exchange("GET", "http://127.0.0.1:1/v1/x", {}, status=200, body=json.dumps(body).encode())
    return Page(exchange, params, body=body)


def walk(order: str, sequence: list[str], limit: int = 2) -> Walk:
    """A walk after cursors at `limit` that sees `sequence`, its cursors continuing where each page ended."""
    pages, cursor = [], None
    for start in range(0, len(sequence) + 1, limit):
        ids = sequence[start : start + limit]
        params = {"order": order, "limit": str(limit), **({"after": cursor} if cursor else {})}
        pages.append(page(ids, start + limit < len(sequence), params))
        if not ids:
            break
        cursor = ids[-1]
    return Walk(order, "after", limit, pages=pages, reached_end=True)


def test_ties_in_any_order_in_each_direction_pass_order_and_cursor_walk() -> None:
    """asc lists the tie a, b, c; desc lists it a, b, c too (ascending id both ways), cursors by position."""
    seen = Observations("t", "r", walks=[walk("asc", ["a", "b", "c", "d"]), walk("desc", ["d", "a", "b", "c"])])
    probes.DEFAULT_PAGE.land(seen, page(["d", "c", "b", "a"], False, {}))  # the default: desc, its tie either way
    assert pagination.order(seen).status is Status.PASSED
    result = pagination.cursor_walk(seen)
    assert result.status is Status.PASSED, result.detail


def test_a_cursor_that_loses_a_step_within_a_tie_still_fails() -> None:
    lossy = walk("desc", ["d", "a", "b", "c"])
    lossy.pages[1] = page(["c"], False, lossy.pages[1].params)  # after b: skips nothing, but a page lost b
    lossy.pages = lossy.pages[:2]
    seen = Observations("t", "r", walks=[walk("asc", ["a", "b", "c", "d"]), lossy])
    result = pagination.cursor_walk(seen)
    assert result.status is Status.FAILED and "is missing" in result.detail


def test_a_step_out_of_created_at_order_fails_and_the_detail_says_what_the_page_held() -> None:
    wrong = page(["d", "a"], True, {"order": "asc", "limit": "2"})
    result = pagination.order(Observations("t", "r", walks=[Walk("asc", "after", 2, pages=[wrong])]))
    assert result.status is Status.FAILED
    assert "item 1: a (created_at 10) comes after d (created_at 11)" in result.detail
    assert "the page held 2 steps [d, a], has_more=true, first_id=d, last_id=a" in result.detail


def test_a_walk_failure_names_the_ids_and_has_more_of_the_page_that_shows_it() -> None:
    """The issue's case: a backward walk saw fewer steps, and the page that shows it answered []."""
    full = walk("asc", ["a", "b", "c", "d"])
    empty = page([], False, {"order": "desc", "limit": "100", "before": "d"})
    short = Walk("desc", "before", 100, pages=[empty], reached_end=True, far_end="d")
    result = pagination.cursor_walk(Observations("t", "r", walks=[full, short]))
    assert result.status is Status.FAILED and "is missing" in result.detail
    assert "the page held 0 steps [], has_more=false, first_id=null, last_id=null" in result.detail


def test_many_ids_are_shown_first_and_last_few() -> None:
    ids = [f"s{n}" for n in range(10)]
    AT.update({i: 20 + n for n, i in enumerate(ids)})
    held = page_held(page(ids, True, {}))
    assert held.startswith("the page held 10 steps [s0, s1, s2, …, s7, s8, s9], has_more=true, first_id=s0")


def run_with(*results: tuple[str, Status]) -> RunResult:
    checks = [CheckResult(REGISTRY[name], Outcome(status, f"{name} detail")) for name, status in results]
    return RunResult("t", "http://127.0.0.1:1/v1", "openai", 1, checks=checks, steps=5)


def test_an_optional_failure_never_makes_or_leads_a_verdict() -> None:
    alone = run_with(("cursor_walk", Status.PASSED), ("response_time", Status.FAILED))
    assert alone.verdict is Verdict.CONFORMANT
    assert headline(alone) == "conformant: every core check passed; optional response_time failed"
    both = run_with(("response_time", Status.FAILED), ("has_more", Status.FAILED))
    assert both.verdict is Verdict.NON_CONFORMANT and [r.failure.name for r in both.root_causes] == ["has_more"]
    assert headline(both) == "non-conformant: has_more: has_more detail"
