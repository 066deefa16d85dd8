"""Extensions told apart from violations (`conformance.extensions`), on pages of the reference provider's runs
altered one way at a time, and the spec_extensions check's verdict with and without --strict."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conformance import extensions
from conformance.checks import spec_extensions
from conformance.observations import Exchange, Observations, Page, Walk
from conformance.outcome import Status
from conformance.reference import FOUNDRY_RUN, MAIN_RUN, THREAD_ID
from conformance.reference.fixtures import FOUNDRY_TOOL_CALLS, build_store

STORE = build_store()


def page(run_id: str = FOUNDRY_RUN) -> dict[str, Any]:
    steps = copy.deepcopy(list(STORE[(THREAD_ID, run_id)].steps))
    return {"object": "list", "data": steps, "first_id": steps[0]["id"], "last_id": steps[-1]["id"], "has_more": False}


def first_call(body: dict[str, Any], kind: str) -> dict[str, Any]:
    call: dict[str, Any] = next(
        c
        for s in body["data"]
        if s["type"] == "tool_calls"
        for c in s["step_details"]["tool_calls"]
        if c["type"] == kind
    )
    return call


def test_openai_runs_hold_no_extension_and_no_violation() -> None:
    judged = extensions.judge(200, page(MAIN_RUN))
    assert judged.extensions == [] and judged.violations == []


def test_every_foundry_tool_call_is_an_extension_and_none_a_violation() -> None:
    judged = extensions.judge(200, page())
    assert judged.violations == []
    assert {f.name for f in judged.extensions} == {f"tool call type '{t}'" for t in FOUNDRY_TOOL_CALLS}
    assert all(f.kind == "variant" and ".step_details.tool_calls[" in f.where for f in judged.extensions)


def _drop_id(body: dict[str, Any]) -> None:
    del first_call(body, "bing_grounding")["id"]


def _closed_status(body: dict[str, Any]) -> None:
    body["data"][0]["status"] = "done"


def _wrong_type_in_known_variant(body: dict[str, Any]) -> None:
    first_call(body, "function")["function"]["name"] = 3


def _missing_required(body: dict[str, Any]) -> None:
    del body["data"][0]["assistant_id"]


def _tagless_call(body: dict[str, Any]) -> None:
    del first_call(body, "openapi")["type"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_drop_id, "a tool call type 'bing_grounding' without a string 'id'"),
        (_closed_status, "'done' is not one of"),
        (_wrong_type_in_known_variant, ".function.name: 3 is not of type 'string'"),
        (_missing_required, "'assistant_id' is a required property"),
        (_tagless_call, ".step_details"),
    ],
)
def test_what_breaks_a_declared_constraint_stays_a_violation(
    change: Callable[[dict[str, Any]], None], where: str
) -> None:
    body = page()
    change(body)
    judged = extensions.judge(200, body)
    assert any(where in v for v in judged.violations), judged.violations


def test_an_unknown_step_type_and_an_undeclared_field_are_extensions() -> None:
    body = page()
    step = body["data"][-1]  # the message step
    step["type"], step["step_details"] = "activities", {"type": "activities", "activities": []}
    body["data"][0]["expires_at"] = None
    judged = extensions.judge(200, body)
    assert judged.violations == []
    names = {f.name for f in judged.extensions}
    assert {"step type 'activities'", "step_details type 'activities'", "field 'expires_at' on a step"} <= names


def _observed(body: dict[str, Any]) -> Observations:
    exchange = Exchange("GET", "http://127.0.0.1/v1/threads/t/runs/r/steps", {}, status=200)
    walk = Walk("asc", "after", 100, pages=[Page(exchange, {"limit": "100"}, body=body)])
    return Observations(THREAD_ID, FOUNDRY_RUN, walks=[walk])


def test_the_check_names_and_counts_extensions_and_fails_only_under_strict() -> None:
    seen = _observed(page())
    outcome = spec_extensions.spec_extensions(seen)
    assert outcome.status is Status.PASSED and outcome.detail.startswith("9 extensions (not failures unless --strict)")
    assert "tool call type 'mcp' (x1, e.g. step_" in outcome.detail
    strict = spec_extensions.under_strict(outcome)
    assert strict.status is Status.FAILED and strict.request is not None
    clean = spec_extensions.spec_extensions(_observed(page(MAIN_RUN)))
    assert spec_extensions.under_strict(clean).status is Status.PASSED and clean.detail.startswith("no extensions")
    assert (
        spec_extensions.note(seen, strict=False) is not None
        and spec_extensions.note(_observed(page(MAIN_RUN)), True) is None
    )


def test_an_undeclared_field_is_named_by_the_object_that_carries_it() -> None:
    body = page(MAIN_RUN)
    failed = next(s for s in body["data"] if s["last_error"] is not None)
    failed["last_error"]["innererror"] = {"code": "x"}
    body["extra"] = 1
    judged = extensions.judge(200, body)
    assert judged.violations == []
    assert {f.name for f in judged.extensions} == {
        "field 'innererror' on a last_error object",
        "field 'extra' on a page",
    }
    assert sorted(f.kind for f in judged.extensions) == ["field", "field"]
