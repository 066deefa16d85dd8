"""The client reads the API's growth and refuses its breakage, proved with Hypothesis on pages of real steps.

- From the future: new enum values, new variants (a step detail, a tool call, an output), and extra fields at
  every level always decode, and `to_dict()` gives back exactly the page that came in.
- Broken: one known field of a known object with the wrong shape (a string for an integer, an object without
  its required fields, a missing required field) always raises one DecodeError naming that field's JSON path.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from run_steps_client import DecodeError, UnknownVariant
from run_steps_client.models import ListRunStepsResponse

from conformance.reference.fixtures import MAIN_RUN, build_run

STEPS = [copy.deepcopy(s) for s in build_run(MAIN_RUN, 250).steps[:24]]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12).map(lambda s: "x_" + s)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=3))


def page(steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "list", "data": steps, "first_id": steps[0].get("id"), "last_id": steps[-1].get("id"),
            "has_more": True}  # fmt: skip


def objects(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object in `node` with its path (`data[3].step_details`)."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from objects(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from objects(value, f"{path}[{index}]")


@st.composite
def future_pages(draw: st.DrawFn) -> dict[str, Any]:
    body = page([copy.deepcopy(s) for s in draw(st.lists(st.sampled_from(STEPS), min_size=1, max_size=6))])
    for path, node in list(objects(body)):  # extra fields at every level
        if draw(st.booleans()):  # in metadata, a map of strings, a new key still holds a string
            node[draw(NAMES)] = draw(st.text(max_size=8) if path.endswith("metadata") else VALUES)
    for step in body["data"]:
        if draw(st.booleans()):  # a status this client does not know
            step["status"] = draw(st.sampled_from(["requires_action", "paused", "queued"]))
        details = step["step_details"]
        if draw(st.booleans()):  # a step detail of a new kind
            kind = draw(st.sampled_from(["web_search", "computer_use", "reasoning"]))
            step["type"] = kind
            step["step_details"] = {"type": kind, kind: {"query": draw(st.text(max_size=5))}}
        elif details["type"] == "tool_calls" and draw(st.booleans()):  # a tool call of a new kind
            kind = draw(st.sampled_from(["mcp", "web_search"]))
            details["tool_calls"].append({"id": "call_new", "type": kind, kind: {}})
    return body


@FAST
@given(future_pages())
def test_pages_from_the_future_decode_and_round_trip(body: dict[str, Any]) -> None:
    snapshot = copy.deepcopy(body)
    parsed = ListRunStepsResponse.from_dict(body)
    assert parsed.to_dict() == snapshot
    for step, raw in zip(parsed.data, snapshot["data"], strict=True):
        assert step.status == raw["status"]
        if raw["step_details"]["type"] not in ("message_creation", "tool_calls"):
            assert isinstance(step.step_details, UnknownVariant) and step.step_details.raw == raw["step_details"]


# (path within one step, a wrong value): each is a known field of a known object, given the wrong shape.
BREAKAGES = [
    ("created_at", "1730000000"),
    ("id", 17),
    ("status", 3),
    ("assistant_id", None),
    ("step_details", "tool_calls"),
    ("last_error", {"foo": 1}),
    ("usage", {"prompt_tokens": "many"}),
    ("completed_at", "soon"),
    ("metadata", ["not", "an", "object"]),
]


@st.composite
def broken_pages(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    steps = [copy.deepcopy(s) for s in draw(st.lists(st.sampled_from(STEPS), min_size=1, max_size=6))]
    index = draw(st.integers(0, len(steps) - 1))
    field, wrong = draw(st.sampled_from(BREAKAGES))
    if draw(st.booleans()) and field in ("created_at", "id", "assistant_id"):
        del steps[index][field]  # a required field missing altogether
    else:
        steps[index][field] = wrong
    return page(steps), f"data[{index}].{field}"


@FAST
@given(broken_pages())
def test_one_broken_known_field_raises_naming_it(case: tuple[dict[str, Any], str]) -> None:
    body, path = case
    try:
        ListRunStepsResponse.from_dict(body)
    except DecodeError as error:
        assert error.path == path or error.path.startswith(path + "."), (error.path, path)
        assert str(error).startswith(error.path + ": ")
    else:
        raise AssertionError(f"{path} was broken and the page decoded anyway")


def test_a_malformed_nested_tool_call_is_named_down_to_its_field() -> None:
    steps = copy.deepcopy(STEPS)
    index = next(n for n, s in enumerate(steps) if s["step_details"]["type"] == "tool_calls")
    steps[index]["step_details"]["tool_calls"][0]["id"] = 42
    try:
        ListRunStepsResponse.from_dict(page(steps))
    except DecodeError as error:
        assert error.path == f"data[{index}].step_details.tool_calls[0].id"
    else:
        raise AssertionError("decoded a tool call whose id is a number")
