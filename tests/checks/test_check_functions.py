"""The semantic and network checks as pure functions, on observations no reference fault produces."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from conformance import probes
from conformance.checks import consistency, error_answers, include, network, page_size, pagination
from conformance.contract import INCLUDE_CONTENT
from conformance.observations import Exchange, HasMoreLie, Observations, Page, Walk
from conformance.probes import Probe
from conformance.results import Status


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


def observations(
    walks: list[Walk] | None = None, answers: Mapping[Probe, Page | Exchange] | None = None
) -> Observations:
    """What the semantic phase saw: these walks, and each probe's answer landed where the probe says."""
    seen = Observations("thread_t", "run_r", walks=walks or [])
    for probe, answer in (answers or {}).items():
        probe.land(seen, answer)
    return seen


def in_family(name: str, by_key: Mapping[str, Exchange]) -> dict[Probe, Exchange]:
    """The answers of a family of probes (probes.INVALID, probes.CURSOR, ...), given by each probe's key."""
    declared = {p.key: p for p in probes.family(name)}
    return {declared[key]: answer for key, answer in by_key.items()}


def page(ids: list[str], more: bool, params: dict[str, str] | None = None, **extra: Any) -> Page:
    steps = [{"id": i, "created_at": n, **extra} for n, i in enumerate(ids)]
    body = {"object": "list", "data": steps, "has_more": more}
    return Page(exchange(200, body), params or {}, body=body)


def test_unknown_cursor_accepts_an_empty_page_and_says_so() -> None:
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    error = {"error": {"message": "no", "type": "invalid_request_error", "param": "before", "code": None}}
    answers = {"after": exchange(200, empty), "before": exchange(400, error)}
    result = error_answers.unknown_cursor(observations(answers=in_family(probes.CURSOR, answers)))
    assert result.status is Status.PASSED and "after: 200 with an empty page" in result.detail


def test_unknown_cursor_fails_steps_or_5xx_for_either_cursor() -> None:
    steps = {"object": "list", "data": [{"id": "s"}], "first_id": "s", "last_id": "s", "has_more": False}
    empty: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    for bad in (exchange(200, steps), exchange(502, b"bad gateway")):
        for cursor in ("after", "before"):
            answers = {"after": exchange(200, empty), "before": exchange(200, empty), cursor: bad}
            result = error_answers.unknown_cursor(observations(answers=in_family(probes.CURSOR, answers)))
            assert result.status is Status.FAILED and f"unknown {cursor} cursor" in result.detail


def test_limit_validation_wants_the_bad_parameter_named() -> None:
    right = {"error": {"message": "bad", "type": "invalid_request_error", "param": "limit", "code": None}}
    result = error_answers.limit_validation(
        observations(answers=in_family(probes.INVALID, {"limit=0": exchange(400, right)}))
    )
    assert result.status is Status.SKIPPED  # the other limit probes were not answered
    body = {"error": {"message": "bad", "type": "invalid_request_error", "param": "order", "code": None}}
    answers = {label: exchange(400, body) for label in ("limit=0", "limit=101", "limit=-1", "limit=abc")}
    answers["limit= (empty)"] = exchange(400, body)
    result = error_answers.limit_validation(observations(answers=in_family(probes.INVALID, answers)))
    assert result.status is Status.FAILED and "expected 'limit'" in result.detail


def test_order_validation_fails_a_200() -> None:
    ok = {"error": {"message": "bad", "type": "invalid_request_error", "param": "order", "code": None}}
    answers = {"order=sideways": exchange(400, ok), "order= (empty)": exchange(200, {"object": "list", "data": []})}
    result = error_answers.order_validation(observations(answers=in_family(probes.INVALID, answers)))
    assert result.status is Status.FAILED and "order= (empty) was answered 200" in result.detail


def test_first_last_ids_must_be_null_on_an_empty_page() -> None:
    body = {"object": "list", "data": [], "first_id": "", "last_id": "", "has_more": False}
    empty = Page(exchange(200, body), {}, body=body)
    result = pagination.first_last_ids(observations(answers={probes.DEFAULT_PAGE: empty}))
    assert result.status is Status.FAILED and "(None, None)" in result.detail


def test_cursor_walk_notices_a_complete_walk_that_lost_steps() -> None:
    full = Walk("asc", "after", 2, pages=[page(["a", "b"], True), page(["c"], False)], reached_end=True)
    short = Walk("desc", "after", 3, pages=[page(["c", "b"], False)], reached_end=True)
    result = pagination.cursor_walk(observations(walks=[full, short]))
    assert result.status is Status.FAILED and "a is missing" in result.detail


def test_cursor_walk_points_at_the_page_that_repeats_a_step() -> None:
    first, second = page(["a", "b"], True), page(["b", "c"], False)
    walk = Walk("asc", "after", 2, pages=[first, second], reached_end=True)
    result = pagination.cursor_walk(observations(walks=[walk]))
    assert result.status is Status.FAILED and "step b comes again" in result.detail
    assert result.request is second.exchange and result.previous_request is first.exchange


def test_a_one_step_run_cannot_show_a_cursor_crossing_a_page() -> None:
    walk = Walk("asc", "after", 100, pages=[page(["a"], False, {"order": "asc", "limit": "100"})], reached_end=True)
    seen = observations(walks=[walk])
    for check in (pagination.cursor_walk, pagination.has_more, pagination.order):
        result = check(seen)
        assert result.status is Status.UNOBSERVABLE and result.needs == "a run of 2+ steps", result


def test_a_two_step_run_judges_cursors_and_has_more_but_not_the_default_page_size() -> None:
    asc = {"order": "asc", "limit": "1"}
    walk = Walk("asc", "after", 1, reached_end=True, pages=[
        page(["a"], True, asc), page(["b"], False, {**asc, "after": "a"}), page([], False, {**asc, "after": "b"})
    ])  # fmt: skip
    default = page(["b", "a"], False)
    seen = observations([walk], {probes.DEFAULT_PAGE: default})
    assert pagination.cursor_walk(seen).status is Status.PASSED
    assert pagination.has_more(seen).status is Status.PASSED
    unseen = page_size.default_page_size(seen)
    assert unseen.status is Status.UNOBSERVABLE and unseen.needs == "a run of 21+ steps"


def test_has_more_is_judged_on_every_placed_page() -> None:
    asc = {"order": "asc", "limit": "1"}
    walk = Walk("asc", "after", 1, reached_end=True, pages=[
        page(["a"], True, asc), page(["b"], True, {**asc, "after": "a"}), page(["c"], False, {**asc, "after": "b"}),
        page([], False, {**asc, "after": "c"}),
    ])  # fmt: skip
    # A single page in desc order before "a" (the oldest): it holds b, c is still beyond it, yet it says false.
    lying = page(["b"], False, {"order": "desc", "limit": "1", "before": "a"})
    result = pagination.has_more(observations([walk], {probes.BOUNDARY: lying}))
    assert (
        result.status is Status.FAILED
        and "the run has 1 step more beyond it" in result.detail
        and result.request is lying.exchange
    )


def test_has_more_reports_a_lie_found_by_verification() -> None:
    said_false, next_page = page(["a", "b"], False), page(["c"], False)
    walk = Walk("asc", "after", 2, pages=[said_false, next_page], reached_end=True)
    walk.lies.append(HasMoreLie(1, said_false, next_page))
    result = pagination.has_more(observations(walks=[walk]))
    assert result.status is Status.FAILED and "page 1 says has_more=false" in result.detail


def test_total_needs_walks_that_agree_with_the_largest_page() -> None:
    walk = Walk("asc", "after", 2, pages=[page(["a", "b"], False)], reached_end=True)
    assert observations(walks=[walk]).steps == 2
    bigger = page(["a", "b", "c"], False, {"limit": "100"})
    assert observations([walk], {probes.DEFAULT_PAGE: bigger}).steps is None


def test_step_status_consistency_rules() -> None:
    base: dict[str, Any] = {
        "completed_at": None,
        "failed_at": None,
        "cancelled_at": None,
        "expired_at": None,
        "last_error": None,
    }
    good = [
        {**base, "status": "completed", "completed_at": 5},
        {**base, "status": "failed", "failed_at": 5, "last_error": {"code": "server_error", "message": "x"}},
        {**base, "status": "in_progress"},
    ]
    bad = [
        ({**base, "status": "completed"}, "completed_at is None"),
        ({**base, "status": "failed", "failed_at": 5}, "a failed step says why"),
        ({**base, "status": "cancelled", "cancelled_at": 5, "completed_at": 6}, "only cancelled_at"),
        ({**base, "status": "expired", "expired_at": 0}, "before created_at"),
        ({**base, "status": "completed", "completed_at": 5, "last_error": {"code": "c"}}, "last_error is set"),
    ]
    for step in good:
        assert consistency.status_problem({**step, "created_at": 1}) is None, step
    for step, why in bad:
        problem = consistency.status_problem({**step, "created_at": 1})
        assert problem is not None and why in problem, (step, problem)
    result = consistency.step_status_consistency(
        observations(answers={probes.DEFAULT_PAGE: page(["a"], False, status="completed")})
    )
    assert result.status is Status.FAILED and "completed_at" in result.detail


def test_step_identity_and_type_consistency() -> None:
    step: dict[str, Any] = {"thread_id": "thread_t", "run_id": "run_other", "object": "thread.run.step"}
    result = consistency.step_identity(observations(answers={probes.DEFAULT_PAGE: page(["a"], False, **step)}))
    assert result.status is Status.FAILED and "run_id is 'run_other'" in result.detail
    mixed: dict[str, Any] = {"type": "tool_calls", "step_details": {"type": "message_creation"}}
    result = consistency.step_type_consistency(observations(answers={probes.DEFAULT_PAGE: page(["a"], False, **mixed)}))
    assert result.status is Status.FAILED and "step_details.type 'message_creation'" in result.detail
    assert consistency.step_identity(observations()).status is Status.SKIPPED


def include_pages(by_asked: Mapping[bool, Page]) -> dict[Probe, Page]:
    """The page without include[] (the preflight's) and the one with it."""
    return {probes.PREFLIGHT: by_asked[False], probes.INCLUDE_PAGE: by_asked[True]}


def test_include_content_needs_content_only_when_asked() -> None:
    def with_results(content: bool) -> Page:
        result: dict[str, Any] = {"file_id": "f", "score": 0.5} | ({"content": [{"type": "text"}]} if content else {})
        call = {"type": "file_search", "file_search": {"results": [result]}}
        return page(["a"], False, step_details={"type": "tool_calls", "tool_calls": [call]})

    right = {False: with_results(False), True: with_results(True)}
    assert include.include_content(observations(answers=include_pages(right))).status is Status.PASSED
    ignored = {False: with_results(False), True: with_results(False)}
    result = include.include_content(observations(answers=include_pages(ignored)))
    assert result.status is Status.FAILED and INCLUDE_CONTENT in result.detail
    leaked = {False: with_results(True), True: with_results(True)}
    assert (
        "although include[] was not sent" in include.include_content(observations(answers=include_pages(leaked))).detail
    )
    none = {False: page(["a"], False), True: page(["a"], False)}
    assert include.include_content(observations(answers=include_pages(none))).status is Status.UNOBSERVABLE


def test_response_time_flags_outliers_only_above_the_floor() -> None:
    quick = [exchange(200, {}, elapsed=0.002) for _ in range(20)]
    assert network.response_time([*quick, exchange(200, {}, elapsed=0.5)]).status is Status.PASSED
    slow = network.response_time([*quick, *(exchange(200, {}, elapsed=1.5) for _ in range(3))])
    assert slow.status is Status.FAILED and "3 over 1.00 s: slow answers are a pattern" in slow.detail
    assert "23 answers: median 2 ms, p95 1500 ms, max 1500 ms" in slow.detail  # how the times were spread


def test_response_time_lets_a_lone_outlier_pass_and_says_how_times_were_spread() -> None:
    """One answer of 1.06 s among 218 (median 26 ms, on a loaded machine): not a pattern, so it passes."""
    answers = [exchange(200, {}, elapsed=0.026) for _ in range(217)] + [exchange(200, {}, elapsed=1.06)]
    lone = network.response_time(answers)
    assert lone.status is Status.PASSED, lone.detail
    assert lone.detail == "218 answers: median 26 ms, p95 26 ms, max 1060 ms; 1 over 1.00 s (too few to be a pattern)"
    # two slow answers of 218 are still too few; five of them (over 2%) are a pattern
    assert network.response_time(answers[:-2] + answers[-1:] * 2).status is Status.PASSED
    assert network.response_time(answers[:-5] + answers[-1:] * 5).status is Status.FAILED


def test_rate_limit_handling_rejects_a_malformed_retry_after() -> None:
    limited = exchange(429, {"error": {}}, headers={"retry-after": "soon"})
    result = network.rate_limit_handling([limited])
    assert result.status is Status.FAILED and "'soon'" in result.detail


def test_network_reliability_counts_what_the_breaker_held_back() -> None:
    answered = [exchange(200, {}), exchange(None, error_kind="timeout")]
    result = network.network_reliability([*answered, *(exchange(None, error_kind="breaker") for _ in range(3))])
    assert result.status is Status.FAILED, result.detail
    # counted among the requests that went out, never among those held back
    assert result.detail.startswith("1 of 2 requests sent failed (timeout)"), result.detail
    assert result.detail.endswith("; 3 more were not sent after repeated failures"), result.detail


def test_details_never_read_twice_and_cuts_say_so() -> None:
    from conformance.results import clip
    from conformance.schema_phase import summarize

    class Failure(AssertionError):
        def __init__(self, title: str, message: str) -> None:
            super().__init__(message)
            self.title, self.message = title, message

    assert summarize(Failure("Server error", "Server error")) == "Server error"
    assert summarize(Failure("Undocumented status", "Received: 418\nmore")) == "Undocumented status: Received: 418"
    assert clip("x" * 10, 10) == "x" * 10
    assert clip("word " * 10, 12).endswith("…") and len(clip("word " * 10, 12)) <= 12


def test_end_of_run_wants_an_empty_page_past_the_last_step_in_both_orders() -> None:
    """Past the run's last step nothing is left, in asc order and in the default one: empty pages that say
    has_more=false pass; the run served again in either order fails, and so do an empty page that says
    has_more=true and a refusal of that valid cursor; steps the walks never saw (a run still growing) are not
    judged; an empty run has no last step to page past."""
    asc = {"order": "asc", "limit": "2"}
    walk = Walk("asc", "after", 2, reached_end=True, pages=[
        page(["a", "b"], True, asc), page(["c"], False, {**asc, "after": "b"})
    ])  # fmt: skip
    ascending, default = probes.PAST_END_PROBES

    def answer(query: str, status: int, ids: list[str], more: bool = False) -> Exchange:
        body = {"object": "list", "data": [{"id": i} for i in ids], "has_more": more} if status == 200 else {}
        return replace(exchange(status, body), url=f"http://127.0.0.1:1/v1/x?{query}")

    def judged(up: Exchange, down: Exchange | None = None) -> Any:
        down = down or answer("after=a", 200, [])
        return pagination.end_of_run(observations([walk], {ascending: up, default: down}))

    empty = answer("order=asc&after=c", 200, [])
    passed = judged(empty)
    assert passed.status is Status.PASSED and "order=asc&after=c; after=a" in passed.detail, passed
    restarted = judged(answer("order=asc&after=c", 200, ["a", "b"], True))
    assert restarted.status is Status.FAILED
    assert (
        "the run starts over after its last step" in restarted.detail and "2 steps again, a first" in restarted.detail
    )
    assert judged(empty, answer("after=a", 200, ["c"])).status is Status.FAILED  # the default order starts over
    assert judged(empty, answer("after=a", 200, [], more=True)).status is Status.FAILED
    assert judged(answer("order=asc&after=c", 400, [])).status is Status.FAILED
    growing = answer("order=asc&after=c", 200, ["d"])
    assert judged(growing, replace(growing, url="http://127.0.0.1:1/v1/x?after=a")).status is Status.SKIPPED
    nothing = Walk("asc", "after", 100, reached_end=True, pages=[page([], False, {"order": "asc", "limit": "100"})])
    unseen = pagination.end_of_run(observations([nothing]))
    assert unseen.status is Status.UNOBSERVABLE and unseen.needs == "a run of 1+ steps"
