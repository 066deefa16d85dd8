"""`root_causes.schema_violations` asks jsonschema-rs first whether an answer is valid (a valid 100-step page in
under a millisecond) and jsonschema for the detail only when it is not: the two must agree on validity, or a
violation would go unexplained. Shown on every reference fault's answers and on generated changes of a page; on
the same answers, the extension walk finds what its first, plain version (tests/checks/extension_oracle.py) finds."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import extensions
from conformance.reference import BEARER_KEY, FAULTS, MAIN_RUN, THREAD_ID, embedded
from conformance.root_causes import _quick_validator, schema_violations
from conformance.spec import response_validator
from tests.checks import extension_oracle as oracle

HEADERS = {"Authorization": f"Bearer {BEARER_KEY}", "OpenAI-Beta": "assistants=v2"}
QUERIES = ["limit=2&order=asc", "limit=7", "limit=0"]  # two pages (one past a page boundary), an error
# No JSON body to validate, only time to lose: an answer that never comes, one that inflates to gigabytes.
NO_BODY = frozenset({"hang", "gzip-bomb"})


def agree(status: int, body: Any) -> None:
    validator, quick_validator = response_validator(status), _quick_validator(status)
    assert validator is not None and quick_validator is not None
    detailed = list(validator.iter_errors(body))
    try:
        quick = quick_validator.is_valid(body)
    except Exception:  # schema_violations then asks jsonschema alone
        return
    assert quick == (not detailed), f"jsonschema-rs says valid={quick}, jsonschema: {[e.message for e in detailed]}"
    assert bool(schema_violations(status, body)) == bool(detailed)
    assert extensions.find(body, status) == oracle.find(body, status)


def answers(fault: str | None) -> list[tuple[int, Any]]:
    found = []
    with embedded(fault) as provider, httpx.Client(timeout=10) as client:
        for query in QUERIES:
            try:
                answer = client.get(f"{provider.base_url}/threads/{THREAD_ID}/runs/{MAIN_RUN}/steps?{query}",
                                    headers=HEADERS)  # fmt: skip
                body = json.loads(answer.content)
            except (httpx.HTTPError, ValueError):
                continue  # a fault of the wire, or no JSON: nothing to validate
            if response_validator(answer.status_code) is not None:
                found.append((answer.status_code, body))
    return found


@pytest.mark.parametrize("fault", [None, *sorted(set(FAULTS) - NO_BODY)])
def test_both_validators_agree_on_every_reference_answer(fault: str | None) -> None:
    for status, body in answers(fault):
        agree(status, body)


def _page() -> dict[str, Any]:
    status, body = answers(None)[0]
    assert status == 200 and len(body["data"]) == 2
    return dict(body)


PAGE = _page()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        found += [p for k, v in value.items() for p in _paths(v, (*path, k))]
    elif isinstance(value, list):
        found += [p for i, v in enumerate(value) for p in _paths(v, (*path, i))]
    return found


def _changed(page: Any, path: tuple[Any, ...], value: Any, drop: bool) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(page))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    if drop and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_paths(PAGE)), value=JSON, drop=st.booleans())
def test_both_validators_agree_on_any_change_to_a_page(path: tuple[Any, ...], value: Any, drop: bool) -> None:
    agree(200, _changed(PAGE, path, value, drop))
