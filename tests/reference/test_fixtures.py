"""The seeded runs cover every variant the spec has, deterministically."""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter

import httpx
import pytest

from conformance.contract import INCLUDE_CONTENT
from conformance.reference.faults import BY_NAME, Fault
from conformance.reference.fixtures import MAIN_RUN, RUN_SIZES, THREAD_ID, build_run, build_store
from conformance.reference.server import ReferenceServer
from tests.support import HEADERS, STEPS_PATH


def test_sizes_and_determinism() -> None:
    store = build_store()
    assert {run_id: len(run.steps) for (_, run_id), run in store.items()} == RUN_SIZES
    assert build_run(MAIN_RUN, 250).steps == store[(THREAD_ID, MAIN_RUN)].steps


def test_main_run_covers_every_variant() -> None:
    steps = build_run(MAIN_RUN, 250).steps
    seen: Counter[str] = Counter()
    for step in steps:
        seen[f"status:{step['status']}"] += 1
        seen[f"usage:{'null' if step['usage'] is None else 'set'}"] += 1
        seen[f"metadata:{'null' if step['metadata'] is None else bool(step['metadata'])}"] += 1
        seen[f"last_error:{step['last_error'] is not None}"] += 1
        details = step["step_details"]
        seen[details["type"]] += 1
        for call in details.get("tool_calls", []):
            body = call[call["type"]]
            if call["type"] == "code_interpreter":
                seen.update(f"output:{o['type']}" for o in body["outputs"])
            elif call["type"] == "file_search":
                seen[f"file_search:results={'results' in body}"] += 1
            else:
                seen[f"function:output={body['output'] is not None}"] += 1
    expected = [
        "status:in_progress", "status:completed", "status:failed", "status:cancelled", "status:expired",
        "usage:null", "usage:set", "metadata:null", "metadata:True", "metadata:False", "last_error:True",
        "message_creation", "tool_calls", "output:logs", "output:image", "file_search:results=True",
        "file_search:results=False", "function:output=True", "function:output=False",
    ]  # fmt: skip
    assert all(seen[key] for key in expected), {key: seen[key] for key in expected}
    failed = [s for s in steps if s["status"] == "failed"]
    assert all(s["last_error"] and s["failed_at"] for s in failed)


def test_created_at_never_decreases_and_ties_exist() -> None:
    steps = build_run(MAIN_RUN, 250).steps
    stamps = [s["created_at"] for s in steps]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) < len(stamps)  # some share a second: ties are broken by id
    assert [(s["created_at"], s["id"]) for s in steps] == sorted((s["created_at"], s["id"]) for s in steps)


def test_the_shared_fixtures_are_read_only_and_no_fault_changes_them() -> None:
    """Every provider of a process serves the one store `build_store` built (issue 30: test time); a fault that
    changed a step in place would leak into every later run of the process. Each fault that rewrites steps or
    pages walks every run here to one page past its end, in both orders (with and without include[]), so that the
    hooks acting only on cursor pages run too, and the store must still equal a fresh build."""
    store = build_store()
    assert build_store() is store
    with pytest.raises(TypeError):
        store[(THREAD_ID, "run_new")] = store[(THREAD_ID, MAIN_RUN)]  # type: ignore[index]
    before = copy.deepcopy(dict(store))
    default = {f.name: f.default for f in dataclasses.fields(Fault)}
    rewriting = [n for n, f in BY_NAME.items() if f.steps is not default["steps"] or f.body is not default["body"]]
    rewriting.remove("huge-body")  # pads the page it built (12 MiB a page): nothing of the store's
    assert {"foundry-call-without-id", "field-missing", "ids-duplicated", "past-end-restarts"} <= set(rewriting)
    for name in rewriting:
        with ReferenceServer(fault=name) as server, httpx.Client(headers=HEADERS, timeout=10) as client:
            for (_, run_id), run in store.items():
                for order, include in (("asc", {"include[]": INCLUDE_CONTENT}), ("desc", {})):
                    ids = [step["id"] for step in run.steps][:: 1 if order == "asc" else -1]
                    # Every page at limit 100 (cursors from the fixture: a fault may serve a foreign step last),
                    # then the page past the end.
                    for cursor in [None, *ids[99:-1:100], *ids[-1:]]:
                        after = {"after": cursor} if cursor else {}
                        url = server.base_url + STEPS_PATH.format(run=run_id)
                        answer = client.get(url, params={"limit": 100, "order": order, **include, **after})
                        assert answer.status_code == 200, (name, run_id, answer.text[:200])
    assert dict(store) == before
