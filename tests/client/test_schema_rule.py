"""The client accepts a response exactly when openapi.yaml's schema does, and rejects exactly what it rejects.

Bodies come from the spec's own schemas (schemathesis' generator, integers also drawn as whole floats), sent as
JSON text with every number in one of the spellings JSON has for it (`5`, `5.0`, `5e0`, `50E-1`):
- each valid body decodes, `to_dict()` gives back what was sent, equal in value, and every field the schema
  types `integer` holds a Python int;
- each single-point breakage of one (a wrong type, a missing required field, a value outside a closed enum)
  is rejected by jsonschema and by the client, both naming the same JSON path.
Declared exceptions, not generated: unknown values of open enums and unknown variants are kept (README "What
the client accepts"), and the page itself must be an object (the schema leaves its type open, as upstream's).

Seeded (derandomized) with fixed example counts: the two tests take about 15 s on a loaded machine.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from run_steps_client import DecodeError
from run_steps_client.models import ErrorResponse
from run_steps_client.steps import page_of

from tests.client.schema_rule import (
    Mutation,
    document,
    dotted,
    mutated,
    mutations,
    named_paths,
    spelled,
    strict_validator,
    valid_bodies,
    validator,
)

# No "explain" phase: on Python < 3.12 it traces every line, minutes on bodies this size.
SEEDED = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    report_multiple_bugs=False,
)
# Pages of up to three steps: every variant still comes, at a cost CI can pay.
PAGES = valid_bodies("ListRunStepsResponse", {"type": "object", "properties": {"data": {"maxItems": 3}}})
PAGE_SCHEMA = validator("ListRunStepsResponse")
STRICT_PAGE_SCHEMA = strict_validator("ListRunStepsResponse")


def answer(text: str) -> httpx.Response:
    return httpx.Response(200, content=text.encode(), headers={"content-type": "application/json"})


@st.composite
def sent_pages(draw: st.DrawFn) -> tuple[Any, str]:
    body = draw(PAGES)
    return body, spelled(body, draw)


@SEEDED
@given(sent_pages())
def test_every_body_the_schema_accepts_decodes_equal_in_value(case: tuple[Any, str]) -> None:
    body, text = case
    note(f"sent: {text}")
    response = answer(text)
    assert PAGE_SCHEMA.is_valid(response.json())
    page = page_of(response)
    decoded = page.to_dict()
    assert decoded == body
    errors = [f"{dotted(tuple(e.absolute_path))}: {e.message}" for e in STRICT_PAGE_SCHEMA.iter_errors(decoded)]
    assert not errors, f"decoded, but not to the types the schema names: {errors}"


@SEEDED
@given(sent_pages(), st.data())
def test_every_breakage_is_rejected_by_both_naming_the_same_path(case: tuple[Any, str], data: st.DataObject) -> None:
    body, _ = case
    sites = list(mutations(document("ListRunStepsResponse"), body))
    mutation: Mutation = data.draw(st.sampled_from(sites))
    broken = mutated(body, mutation)
    note(f"{mutation.kind} at {dotted(mutation.path)}: {json.dumps(broken)}")
    errors = list(PAGE_SCHEMA.iter_errors(broken))
    assert errors, f"jsonschema accepts {mutation}"
    assert mutation.path in named_paths(errors), (mutation, [e.message for e in errors])
    try:
        page_of(answer(spelled(broken, data.draw)))
    except DecodeError as error:
        assert error.path == dotted(mutation.path), (mutation, str(error))
    else:
        raise AssertionError(f"the client accepted {mutation}, which the schema rejects")


ERRORS = valid_bodies("ErrorResponse", {"type": "object"})
ERROR_SCHEMA = validator("ErrorResponse")


@settings(SEEDED, max_examples=20)
@given(ERRORS, st.data())
def test_error_bodies_follow_the_same_rule(body: Any, data: st.DataObject) -> None:
    assert ErrorResponse.from_dict(body).to_dict() == body
    mutation: Mutation = data.draw(st.sampled_from(list(mutations(document("ErrorResponse"), body))))
    broken = mutated(body, mutation)
    assert mutation.path in named_paths(ERROR_SCHEMA.iter_errors(broken))
    try:
        ErrorResponse.from_dict(broken)
    except DecodeError as error:
        assert error.path == dotted(mutation.path), (mutation, str(error))
    else:
        raise AssertionError(f"the client accepted {mutation}, which the schema rejects")
