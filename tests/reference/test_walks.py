"""Paging through all 250 steps, every way, sees each step exactly once, in order."""

from __future__ import annotations

import warnings
from typing import Any

import httpx
import openai
import pytest

from conformance.reference.auth import BEARER_KEY
from conformance.reference.fixtures import MAIN_RUN, build_run
from conformance.reference.server import ReferenceServer
from conformance.spec import ResponseValidator
from tests.support import STEPS_PATH

MAIN = STEPS_PATH.format(run=MAIN_RUN)
ASCENDING = [s["id"] for s in build_run(MAIN_RUN, 250).steps]
VALIDATOR = ResponseValidator()


def walk(http: httpx.Client, order: str, limit: int, backwards: bool) -> list[str]:
    """Forwards: `after` = last id while has_more. Backwards: start `before` the far end, then `before` =
    first id while has_more; pages are prepended so the result reads in `order`."""
    seen: list[str] = []
    params: dict[str, Any] = {"order": order, "limit": limit}
    if backwards:
        # The step at the far end in this order is the cursor; it is fetched separately.
        far = ASCENDING[-1] if order == "asc" else ASCENDING[0]
        params["before"] = far
        tail = [far]
    for _ in range(1000):
        response = http.get(MAIN, params=params)
        body = response.json()
        assert not VALIDATOR.schema_errors(response.status_code, body)
        ids = [s["id"] for s in body["data"]]
        assert len(ids) <= limit
        seen = ids + seen if backwards else seen + ids
        if not body["has_more"]:
            break
        params["before" if backwards else "after"] = ids[0] if backwards else ids[-1]
    return seen + tail if backwards else seen


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("backwards", [False, True], ids=["after", "before"])
@pytest.mark.parametrize("limit", [1, 7, 13, 20, 100])
def test_walk_sees_every_step_once(http: httpx.Client, order: str, backwards: bool, limit: int) -> None:
    seen = walk(http, order, limit, backwards)
    expected = ASCENDING if order == "asc" else ASCENDING[::-1]
    assert seen == expected


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [7, 100])
def test_openai_sdk_auto_paginates_all_steps(reference: ReferenceServer, order: str, limit: int) -> None:
    client = openai.OpenAI(api_key=BEARER_KEY, base_url=reference.base_url, max_retries=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the Assistants API is deprecated upstream
        pages = client.beta.threads.runs.steps.list(
            thread_id="thread_ref_main",
            run_id=MAIN_RUN,
            limit=limit,
            order=order,  # type: ignore[arg-type]
        )
        ids = [step.id for step in pages]
    assert ids == (ASCENDING if order == "asc" else ASCENDING[::-1])
