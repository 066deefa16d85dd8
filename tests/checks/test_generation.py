"""Generation runs once per process for the same ids, seed and --max-examples (a matrix of many targets on one
run, the tests): the generated cases are shared, and a run prepares its own copy of each case it sends, so
that what one run changes (ids, credentials, cursors) reaches no other."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from requests.structures import CaseInsensitiveDict
from schemathesis.core import NOT_SET

from conformance.generation import _generated_once, generate, own_copy
from conformance.reference import MAIN_RUN, THREAD_ID


def test_a_process_generates_once_per_seed() -> None:
    assert generate(THREAD_ID, MAIN_RUN, 3, 5) is generate(THREAD_ID, MAIN_RUN, 3, 5)
    one, other = generate(THREAD_ID, MAIN_RUN, 3, 5), generate(THREAD_ID, MAIN_RUN, 3, 6)
    assert [c.query for c in one.cases] != [c.query for c in other.cases]


def test_a_run_changes_its_own_copies_only() -> None:
    shared = generate(THREAD_ID, MAIN_RUN, 3, 5).cases
    untouched = [(dict(c.query or {}), dict(c.headers or {})) for c in shared]
    copies = [own_copy(c) for c in shared]
    assert copies == shared  # schemathesis's equality: same request
    for case in copies:  # what SchemaPhase.prepare does to a run's cases
        case.query = {**(case.query or {}), "after": "step_of_another_run"}
        case.headers = CaseInsensitiveDict({"Authorization": "Bearer another-run"})
        case.path_parameters = {"thread_id": "thread_other", "run_id": "run_other"}
    assert [(dict(c.query or {}), dict(c.headers or {})) for c in shared] == untouched
    assert all(c.meta is not None and not c.meta._dirty for c in shared)  # schemathesis's change tracking
    assert all(c.operation is shared[0].operation for c in copies)  # the parsed spec is shared
    assert all(c.body is NOT_SET for c in copies)  # a GET: its sentinel survives the copy


def test_threads_generating_side_by_side_get_what_each_would_alone() -> None:
    """Hypothesis keeps global state while it generates: targets of `matrix --parallel` generating at once
    mixed it up ("FlakyFailure: Inconsistent results") until generation took a lock."""
    seeds = [21, 22, 23, 24]
    alone = [generate(THREAD_ID, MAIN_RUN, 4, seed) for seed in seeds]
    _generated_once.cache_clear()  # generated anew, this time side by side
    with ThreadPoolExecutor(max_workers=len(seeds)) as pool:
        side_by_side = list(pool.map(lambda seed: generate(THREAD_ID, MAIN_RUN, 4, seed), seeds))
    for one, other in zip(alone, side_by_side, strict=True):
        assert one is not other
        assert [(c.query, dict(c.headers or {})) for c in one.cases] == [
            (c.query, dict(c.headers or {})) for c in other.cases
        ]
        assert one.hostile == other.hostile
