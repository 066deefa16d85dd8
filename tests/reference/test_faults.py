"""Each named fault really produces its deviation, over a real socket, and a clean provider does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.reference.faults import FAULTS, HUGE_BODY_BYTES
from conformance.reference.fixtures import MAIN_RUN, build_run
from conformance.reference.server import ReferenceServer
from conformance.spec import INCLUDE_CONTENT
from tests.conftest import HEADERS, STEPS_PATH

MAIN = STEPS_PATH.format(run=MAIN_RUN)
ASCENDING = [s["id"] for s in build_run(MAIN_RUN, 250).steps]
CURSOR = ASCENDING[-21]  # in desc order, this leaves 20 more after it and more beyond


def fetch(
    server: ReferenceServer,
    path: str = MAIN,
    headers: dict[str, str] | None = None,
    timeout: float = 5,
    **params: Any,
) -> httpx.Response:
    return httpx.get(
        server.base_url + path,
        params=params,
        headers=HEADERS if headers is None else headers,
        timeout=timeout,
    )


def body(server: ReferenceServer, **params: Any) -> dict[str, Any]:
    response = fetch(server, **params)
    assert response.status_code == 200, response.text[:200]
    data: dict[str, Any] = response.json()
    return data


def has_more_stuck(s: ReferenceServer) -> None:
    last = body(s, order="asc", limit=10, after=ASCENDING[-5])
    assert len(last["data"]) == 4 and last["has_more"] is True


def has_more_early(s: ReferenceServer) -> None:
    assert body(s, limit=10)["has_more"] is False


def cursor_inclusive(s: ReferenceServer) -> None:
    assert body(s, order="asc", limit=3, after=ASCENDING[5])["data"][0]["id"] == ASCENDING[5]


def order_ignored(s: ReferenceServer) -> None:
    assert body(s, order="asc", limit=2)["data"][0]["id"] == ASCENDING[-1]


def limit_ignored(s: ReferenceServer) -> None:
    assert len(body(s, limit=5)["data"]) == 20


def limit_unbounded(s: ReferenceServer) -> None:
    assert len(body(s, limit=150)["data"]) == 150


def ids_swapped(s: ReferenceServer) -> None:
    page = body(s, limit=5)
    assert (page["first_id"], page["last_id"]) == (page["data"][-1]["id"], page["data"][0]["id"])


def field_missing(s: ReferenceServer) -> None:
    assert all("assistant_id" not in step for step in body(s)["data"])


def wrong_type(s: ReferenceServer) -> None:
    assert all(isinstance(step["created_at"], str) for step in body(s)["data"])


def enum_outside(s: ReferenceServer) -> None:
    assert "done" in {step["status"] for step in body(s, limit=100)["data"]}


def wrong_object(s: ReferenceServer) -> None:
    assert {step["object"] for step in body(s)["data"]} == {"thread.run_step"}


def ids_duplicated(s: ReferenceServer) -> None:
    assert body(s, limit=5, after=CURSOR)["data"][-1]["id"] == ASCENDING[-1]


def foreign_step(s: ReferenceServer) -> None:
    assert body(s, limit=5)["data"][-1]["run_id"] == "run_ref_hundred"


def include_ignored(s: ReferenceServer) -> None:
    page = body(s, limit=100, **{"include[]": INCLUDE_CONTENT})
    results = [
        r
        for step in page["data"]
        for call in step["step_details"].get("tool_calls", [])
        if call["type"] == "file_search"
        for r in call["file_search"].get("results", [])
    ]
    assert results and all("content" not in r for r in results)


def type_mismatch(s: ReferenceServer) -> None:
    assert any(step["type"] != step["step_details"]["type"] for step in body(s)["data"])


def unsorted(s: ReferenceServer) -> None:
    data = body(s, limit=5)["data"]
    assert (data[0]["created_at"], data[0]["id"]) < (data[1]["created_at"], data[1]["id"])


def server_error(s: ReferenceServer) -> None:
    assert fetch(s).status_code == 200
    failed = fetch(s, after=CURSOR)
    assert failed.status_code == 500 and failed.json()["error"]["type"] == "server_error"


def rate_limited(s: ReferenceServer) -> None:
    response = fetch(s)
    assert response.status_code == 429 and response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"


def hang(s: ReferenceServer) -> None:
    assert fetch(s).status_code == 200
    with pytest.raises(httpx.ReadTimeout):
        fetch(s, timeout=0.5, after=CURSOR)


def reset(s: ReferenceServer) -> None:
    assert fetch(s).status_code == 200
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        fetch(s, after=CURSOR)


def non_json(s: ReferenceServer) -> None:
    response = fetch(s)
    assert response.status_code == 200 and response.text.startswith("<!DOCTYPE html>")


def huge_body(s: ReferenceServer) -> None:
    assert len(fetch(s).content) > HUGE_BODY_BYTES


def wrong_content_type(s: ReferenceServer) -> None:
    response = fetch(s)
    assert response.headers["content-type"].startswith("text/html") and response.json()["object"] == "list"


def auth_not_enforced(s: ReferenceServer) -> None:
    assert fetch(s, headers={"OpenAI-Beta": "assistants=v2"}).status_code == 200
    assert fetch(s, headers={"OpenAI-Beta": "assistants=v2", "Authorization": "Bearer nope"}).status_code == 200


def error_shape(s: ReferenceServer) -> None:
    response = fetch(s, STEPS_PATH.format(run="run_nope"))
    assert response.status_code == 404 and set(response.json()) == {"detail"}


def not_found_empty(s: ReferenceServer) -> None:
    response = fetch(s, STEPS_PATH.format(run="run_nope"))
    assert response.status_code == 200 and response.json()["data"] == []


SHOWS: dict[str, Callable[[ReferenceServer], None]] = {name: globals()[name.replace("-", "_")] for name in FAULTS}


def test_every_fault_has_a_demonstration() -> None:
    assert len(FAULTS) >= 15 and set(SHOWS) == set(FAULTS)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_produces_its_deviation(servers: Callable[[str | None], ReferenceServer], fault: str) -> None:
    SHOWS[fault](servers(fault))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_clean_provider_does_not_show_the_deviation(reference: ReferenceServer, fault: str) -> None:
    """The same demonstration fails on a clean provider, so none of them can pass vacuously."""
    with pytest.raises((AssertionError, httpx.HTTPError, KeyError, ValueError, pytest.fail.Exception)):
        SHOWS[fault](reference)
