"""The hostile class on its own: what every answer owes (`checks.hostile_inputs`), the classes' shares of the
generated phase (`plan.class_shares`), the kinds' strategies (seeded, deduplicated, each kind's simplest
input first) and the shrinker (`hostile.shrink`). Over sockets: tests/cli/test_hostile_runs.py."""

from __future__ import annotations

import json

import pytest

from conformance import hostile
from conformance.checks.hostile_inputs import HostileRun, Tried, judge, owed
from conformance.checks.registry import Severity
from conformance.hostile import KINDS, HostileCase
from conformance.observations import Exchange
from conformance.outcome import Status
from conformance.plan import (
    CLASS_WEIGHTS,
    HOSTILE,
    MIN_CLASS_CASES,
    NEGATIVE,
    POSITIVE,
    SCHEMA_MIN_CASES,
    SHRINK_MAX,
    class_shares,
    hostile_split,
)
from conformance.seeded import no_local_constants

URL = "http://127.0.0.1:1/v1/threads/t/runs/r/steps"
PAGE: dict[str, object] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
ERROR = {"error": {"message": "Invalid 'after'.", "type": "invalid_request_error", "param": "after", "code": None}}


def answer(status: int | None, body: object = None, error_kind: str | None = None) -> Exchange:
    raw = json.dumps(body).encode() if body is not None else b""
    return Exchange("GET", URL, {}, status=status, body=raw, error_kind=error_kind, error=error_kind)


@pytest.mark.parametrize(
    "exchange",
    [
        answer(400, ERROR),
        answer(404, ERROR),
        answer(200, PAGE),
        answer(200, {**PAGE, "extra": 1}),
        answer(None, None, "breaker"),
    ],
    ids=["400 error", "404 error", "empty page", "page with an extra field", "not sent"],
)
def test_what_a_correct_provider_may_answer_is_owed(exchange: Exchange) -> None:
    assert owed(exchange) is None


@pytest.mark.parametrize(
    ("exchange", "severity", "said"),
    [
        (answer(500, ERROR), Severity.AVAILABILITY, "answered 500"),
        (answer(502, None), Severity.AVAILABILITY, "answered 502"),
        (answer(None, None, "timeout"), Severity.AVAILABILITY, "timeout"),
        (answer(400, {"detail": "bad"}), Severity.SHAPE, "no `error` object"),
        (answer(200, {"detail": "ok"}), Severity.DATA, "not a list page"),
        (answer(200, {**PAGE, "has_more": "no"}), Severity.DATA, "has_more is not a boolean"),
        (answer(302, None), Severity.SHAPE, "neither a 4xx error nor a page"),
    ],
)
def test_what_no_answer_may_be(exchange: Exchange, severity: Severity, said: str) -> None:
    problem = owed(exchange)
    assert problem is not None and problem[1] is severity and said in problem[0], problem


def tried(shown: str, exchange: Exchange) -> Tried:
    return Tried("a cursor holding a non-ASCII character", shown, exchange, len(shown))


def test_the_detail_names_the_smallest_failing_input_and_its_request_is_that_input() -> None:
    first = tried("after='ab\\x80'", answer(500, ERROR))
    smallest = tried("after='\\x80'", answer(500, ERROR))
    run = HostileRun([tried("after=''", answer(400, ERROR)), first], smallest, shrink_requests=3, planned=2)
    outcome = judge(run)
    assert outcome.status is Status.FAILED and outcome.request is smallest.exchange
    assert "1 of 2 hostile inputs failed; smallest failing: a cursor holding a non-ASCII character, after='\\x80'" in (
        outcome.detail
    )
    assert "shrunk from after='ab\\x80' in 3 requests" in outcome.detail
    assert outcome.shown_by == [first.exchange, smallest.exchange]


def test_a_provider_that_refuses_or_serves_every_hostile_input_passes() -> None:
    run = HostileRun([tried("after='\\x80'", answer(400, ERROR)), tried("limit='05'", answer(200, PAGE))], planned=2)
    assert judge(run).status is Status.PASSED


def test_a_phase_cut_short_before_the_minimum_is_not_judged() -> None:
    run = HostileRun([tried("after=''", answer(400, ERROR))], planned=14, minimum=14, stopped="the budget is spent")
    assert judge(run).status is Status.SKIPPED


def test_the_minimum_holds_some_of_every_class_and_every_hostile_kind() -> None:
    assert sum(MIN_CLASS_CASES.values()) == SCHEMA_MIN_CASES and sum(CLASS_WEIGHTS.values()) == 100
    assert all(MIN_CLASS_CASES[name] > 0 for name in (POSITIVE, NEGATIVE, HOSTILE))
    assert hostile_split(MIN_CLASS_CASES[HOSTILE]) == (MIN_CLASS_CASES[HOSTILE], 0)
    assert MIN_CLASS_CASES[HOSTILE] >= len(KINDS)  # the minimum sends every kind's simplest input once


@pytest.mark.parametrize("budget", [0, 1, 7, 40, 77, 183, 500])
def test_shares_never_exceed_the_budget_nor_what_a_class_has(budget: int) -> None:
    available = {POSITIVE: 51, NEGATIVE: 132, HOSTILE: 74}
    shares = class_shares(budget, available)
    assert sum(shares.values()) == min(budget, sum(available.values()))
    assert all(shares[name] <= available[name] for name in available)


def test_a_class_with_fewer_cases_than_its_share_gives_the_rest_to_the_others() -> None:
    assert class_shares(183, {POSITIVE: 51, NEGATIVE: 132, HOSTILE: 74}) == {POSITIVE: 51, NEGATIVE: 66, HOSTILE: 66}
    assert class_shares(40, {POSITIVE: 10, NEGATIVE: 0, HOSTILE: 100}) == {POSITIVE: 10, NEGATIVE: 0, HOSTILE: 30}
    assert hostile_split(66) == (66 - SHRINK_MAX, SHRINK_MAX)


@pytest.fixture(scope="module")
def drawn() -> list[HostileCase]:
    with no_local_constants():
        return hostile.generate(3, 11)


def test_the_first_case_of_every_kind_is_its_simplest_and_comes_first(drawn: list[HostileCase]) -> None:
    first = {case.kind: case.shown for case in drawn[: len(KINDS)]}
    assert list(first) == [kind.name for kind in KINDS]
    assert first["cursor-non-ascii"] == "after='\\x80'" and first["id-percent"] == "thread_id='%'"
    assert first["id-space"] == "thread_id=' '" and first["limit-fraction"] == "limit='1.5'"
    assert first["repeated-parameter"] == "limit='1', limit='1'" and first["cursor-empty"] == "after=''"
    assert len(drawn[1].twists[0][2]) == hostile.LONG + 1  # the shortest cursor over 64 characters


def test_every_case_holds_its_kinds_property(drawn: list[HostileCase]) -> None:
    for case in drawn:
        values = [value for _, _, value in case.twists]
        holds = {
            "cursor-non-ascii": any(not v.isascii() for v in values),
            "cursor-long": len(values[0]) > hostile.LONG,
            "id-long": len(values[0]) > hostile.LONG,
            "id-percent": "%" in values[0],
            "id-space": " " in values[0],
            "repeated-parameter": len({name for _, name, _ in case.twists}) == 1 == len(values) - 1,
            "cursor-empty": values == [""],
        }.get(case.kind, True)
        assert holds, case


def test_cases_are_seeded_and_distinct(drawn: list[HostileCase]) -> None:
    with no_local_constants():
        again, other = hostile.generate(3, 11), hostile.generate(3, 12)
    assert again == drawn and other != drawn
    assert len({case.twists for case in drawn}) == len(drawn)


def test_shrinking_finds_the_smallest_input_that_fails_the_same_way() -> None:
    """A provider that crashes on any non-ASCII character: `ab\\x80cd` shrinks to the character alone."""
    sent: list[str] = []

    def fails(case: HostileCase) -> bool:
        sent.append(case.twists[0][2])
        return any(not c.isascii() for c in case.twists[0][2])

    start = HostileCase("cursor-non-ascii", (("query", "after", "ab\u00e9cd"),))
    best, spent = hostile.shrink(start, fails, 50, set())
    assert best.twists == (("query", "after", "\u00e9"),) and spent == len(sent) == len(set(sent))
    bounded, spent = hostile.shrink(start, fails, 2, set())
    assert spent == 2 and bounded.size <= start.size


def test_shrinking_stops_when_no_request_is_left() -> None:
    start = HostileCase("cursor-non-ascii", (("query", "after", "ab\u00e9"),))
    assert hostile.shrink(start, lambda _: None, 10, set()) == (start, 1)
