"""Generation runs once per process for the same ids, seed and --max-examples (a matrix of many targets on one
run, the tests), and every run gets cases of its own: preparing them (ids, credentials, cursors) changes
nothing another run is handed."""

from __future__ import annotations

from requests.structures import CaseInsensitiveDict
from schemathesis.core import NOT_SET

from conformance.generation import generate
from conformance.reference import MAIN_RUN, THREAD_ID


def test_each_run_gets_an_equal_copy_it_may_change() -> None:
    first = generate(THREAD_ID, MAIN_RUN, 3, 5)
    untouched = [(dict(c.query or {}), dict(c.headers or {})) for c in first.cases]
    for case in first.cases:  # what SchemaPhase.prepare does to a run's cases
        case.query = {**(case.query or {}), "after": "step_of_another_run"}
        case.headers = CaseInsensitiveDict({"Authorization": "Bearer another-run"})
    second = generate(THREAD_ID, MAIN_RUN, 3, 5)
    assert len(second.cases) == len(first.cases) and second.hostile == first.hostile
    assert [(dict(c.query or {}), dict(c.headers or {})) for c in second.cases] == untouched
    assert all(c.operation is second.cases[0].operation for c in second.cases)  # the parsed spec is shared
    assert all(c.meta is not None and not c.meta._dirty for c in second.cases)  # schemathesis's change tracking
    assert all(c.body is NOT_SET for c in second.cases)  # a GET: its sentinel survives the copy


def test_another_seed_is_generated_anew() -> None:
    one, other = generate(THREAD_ID, MAIN_RUN, 3, 5), generate(THREAD_ID, MAIN_RUN, 3, 6)
    assert [c.query for c in one.cases] != [c.query for c in other.cases]
