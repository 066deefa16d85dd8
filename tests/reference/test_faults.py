"""Each named fault really produces its deviation, over a real socket, and a clean provider does not."""

from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.contract import INCLUDE_CONTENT
from conformance.reference import wire
from conformance.reference.faults import FAULTS, HUGE_BODY_BYTES
from conformance.reference.fixtures import MAIN_RUN, build_run
from conformance.reference.server import ReferenceServer
from tests.support import HEADERS, STEPS_PATH

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


def past_end_restarts(s: ReferenceServer) -> None:
    past = body(s, order="asc", after=ASCENDING[-1])
    assert [step["id"] for step in past["data"]] == ASCENDING[:1] and past["has_more"] is False


def has_more_early(s: ReferenceServer) -> None:
    assert body(s, limit=10)["has_more"] is False


def has_more_by_length(s: ReferenceServer) -> None:
    last = body(s, order="asc", limit=5, after=ASCENDING[-6])
    assert len(last["data"]) == 5 and last["has_more"] is True


def cursor_inclusive(s: ReferenceServer) -> None:
    assert body(s, order="asc", limit=3, after=ASCENDING[5])["data"][0]["id"] == ASCENDING[5]


def order_ignored(s: ReferenceServer) -> None:
    assert body(s, order="asc", limit=2)["data"][0]["id"] == ASCENDING[-1]


def limit_ignored(s: ReferenceServer) -> None:
    assert len(body(s, limit=5)["data"]) == 20


def limit_unbounded(s: ReferenceServer) -> None:
    assert len(body(s, limit=150)["data"]) == 150


def limit_unvalidated(s: ReferenceServer) -> None:
    for bad in ("0", "-1", "abc", "", "101"):
        assert len(body(s, limit=bad)["data"]) == 20


def order_unvalidated(s: ReferenceServer) -> None:
    for bad in ("sideways", ""):
        assert body(s, order=bad, limit=2)["data"][0]["id"] == ASCENDING[-1]


def include_unvalidated(s: ReferenceServer) -> None:
    assert body(s, **{"include[]": "step_details.unknown"})["object"] == "list"


def unknown_cursor_ignored(s: ReferenceServer) -> None:
    for cursor in ("after", "before"):
        assert len(body(s, limit=3, **{cursor: "step_nope"})["data"]) == 3


def status_inconsistent(s: ReferenceServer) -> None:
    completed = [step for step in body(s, limit=100)["data"] if step["status"] == "completed"]
    assert completed and all(step["completed_at"] is None for step in completed)


def ids_swapped(s: ReferenceServer) -> None:
    page = body(s, limit=5)
    assert (page["first_id"], page["last_id"]) == (page["data"][-1]["id"], page["data"][0]["id"])


def field_missing(s: ReferenceServer) -> None:
    assert all("assistant_id" not in step for step in body(s)["data"])


def wrong_type(s: ReferenceServer) -> None:
    assert all(isinstance(step["created_at"], str) for step in body(s)["data"])


def enum_outside(s: ReferenceServer) -> None:
    assert "done" in {step["status"] for step in body(s, limit=100)["data"]}


def foundry_call_without_id(s: ReferenceServer) -> None:
    calls = [
        c
        for step in body(s, limit=20)["data"]
        if step["type"] == "tool_calls"
        for c in step["step_details"]["tool_calls"]
    ]
    assert any(c["type"] == "bing_grounding" and "id" not in c for c in calls)
    assert all("id" in c for c in calls if c["type"] in ("code_interpreter", "file_search", "function"))


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
    """HTML only where a cursor is given: the first page is JSON, so the preflight passes and the walk fails."""
    first = fetch(s, limit="2")
    assert first.status_code == 200 and first.json()["object"] == "list"
    response = fetch(s, limit="2", after=first.json()["last_id"])
    assert response.status_code == 200 and response.text.startswith("<!DOCTYPE html>")


def _tied_pairs(data: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["id"], b["id"]) for a, b in itertools.pairwise(data) if a["created_at"] == b["created_at"]]


def ties_ascending(s: ReferenceServer) -> None:
    """Steps sharing a second come by ascending id in both orders (legal: the operation sorts by created_at)."""
    for order in ("asc", "desc"):
        pairs = _tied_pairs(body(s, limit="100", order=order)["data"])
        assert pairs and all(a < b for a, b in pairs), (order, pairs[:3])


def ties_cursor_by_time(s: ReferenceServer) -> None:
    """A page after a step skips the rest of its second: the tied step that follows it is never listed."""
    data = body(s, limit="100", order="asc")["data"]
    (first, second), *_ = _tied_pairs(data)
    created = {step["id"]: step["created_at"] for step in data}
    after = body(s, limit="1", order="asc", after=first)["data"]
    assert after and after[0]["id"] != second and after[0]["created_at"] > created[first]


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


def gzip_answers(s: ReferenceServer) -> None:
    response = fetch(s)
    assert response.headers["content-encoding"] == "gzip" and response.json()["object"] == "list"
    assert int(response.headers["content-length"]) < len(response.content)  # httpx inflated it


def gzip_bomb(s: ReferenceServer) -> None:
    with httpx.stream("GET", s.base_url + MAIN, headers=HEADERS, timeout=5) as response:
        assert response.headers["content-encoding"] == "gzip"
        sent = int(response.headers["content-length"])
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        start = inflater.decompress(next(response.iter_raw()), 1 << 20)
    assert sent < 2 * 1024 * 1024 and start.startswith(b'{"object":"list"')
    # What it inflates to, from the gzip trailer (ISIZE: the size modulo 2**32), without inflating 1 GiB here.
    assert struct.unpack("<I", wire.gzip_bomb()[-4:])[0] > 1 << 30


def gzip_mislabelled(s: ReferenceServer) -> None:
    with pytest.raises(httpx.DecodingError):
        fetch(s)


def page_object_wrong(s: ReferenceServer) -> None:
    assert body(s, limit=1)["object"] == "thread.run.step"


def malformed_auth_crash(s: ReferenceServer) -> None:
    for value in ("Bearer", "Bearer sk-ref-conformance sk-ref-conformance"):
        assert fetch(s, headers={**HEADERS, "Authorization": value}).status_code == 500
    assert fetch(s).status_code == 200


def permissive(s: ReferenceServer) -> None:
    assert fetch(s, STEPS_PATH.format(run="run_nope")).json()["data"] == []
    assert fetch(s, limit="0").status_code == 200 and fetch(s, order="sideways").status_code == 200
    assert fetch(s, headers={"Authorization": HEADERS["Authorization"]}).status_code == 200  # no OpenAI-Beta
    refused = fetch(s, headers={"OpenAI-Beta": "assistants=v2"})
    assert refused.status_code == 403 and refused.json() == {"detail": "Forbidden"}


def gateway_crash(s: ReferenceServer) -> None:
    crashed = fetch(s)
    assert crashed.status_code == 500 and crashed.json()["status"] == "failure"
    assert "reading 'stream'" in crashed.json()["message"]


def float_timestamps(s: ReferenceServer) -> None:
    answer = fetch(s)
    step = answer.json()["data"][0]
    assert type(step["created_at"]) is float and f'"created_at":{step["created_at"]!r}' in answer.text


def crashes(s: ReferenceServer, path: str = MAIN, **params: Any) -> None:
    """The request crashes this server (500), while the same request without the odd input is served."""
    answer = fetch(s, path, **params)
    assert answer.status_code == 500 and answer.json()["error"]["type"] == "server_error", answer.text[:200]
    assert fetch(s, limit="2").status_code == 200


def cursor_non_ascii_crash(s: ReferenceServer) -> None:
    crashes(s, after="step_\u00e9")
    assert fetch(s, after="step_e").status_code == 400  # an unknown ASCII cursor is refused, not a crash


def cursor_length_crash(s: ReferenceServer) -> None:
    crashes(s, before="step_" + "0" * 60)
    assert fetch(s, before="step_" + "0" * 59).status_code == 400


def id_escape_crash(s: ReferenceServer) -> None:
    crashes(s, STEPS_PATH.format(run="run%25ref"))
    crashes(s, STEPS_PATH.format(run="run%20ref"))
    assert fetch(s, STEPS_PATH.format(run="run%2Fref")).status_code == 404


def repeated_param_crash(s: ReferenceServer) -> None:
    crashes(s, limit=["1", "1"])


def limit_fraction_crash(s: ReferenceServer) -> None:
    crashes(s, limit="1.5")
    crashes(s, limit="1e1")
    assert fetch(s, limit="abc").status_code == 400


def unknown_param_crash(s: ReferenceServer) -> None:
    crashes(s, colour="blue")


def strict_input(s: ReferenceServer) -> None:
    for refused, param in ((fetch(s, colour="blue"), "colour"), (fetch(s, limit=["1", "2"]), "limit")):
        assert refused.status_code == 400 and refused.json()["error"]["param"] == param, refused.text[:200]
    assert fetch(s, after="").json()["error"]["param"] == "after"
    include: dict[str, Any] = {"include[]": [INCLUDE_CONTENT, INCLUDE_CONTENT]}
    assert fetch(s, **include).status_code == 200  # a list may repeat


# Written out by hand: a fault added to faults.py without a demonstration here fails the test below.
SHOWS: dict[str, Callable[[ReferenceServer], None]] = {
    "has-more-stuck": has_more_stuck,
    "past-end-restarts": past_end_restarts,
    "has-more-early": has_more_early,
    "has-more-by-length": has_more_by_length,
    "cursor-inclusive": cursor_inclusive,
    "order-ignored": order_ignored,
    "limit-ignored": limit_ignored,
    "limit-unbounded": limit_unbounded,
    "limit-unvalidated": limit_unvalidated,
    "order-unvalidated": order_unvalidated,
    "include-unvalidated": include_unvalidated,
    "unknown-cursor-ignored": unknown_cursor_ignored,
    "ids-swapped": ids_swapped,
    "field-missing": field_missing,
    "wrong-type": wrong_type,
    "float-timestamps": float_timestamps,
    "enum-outside": enum_outside,
    "foundry-call-without-id": foundry_call_without_id,
    "status-inconsistent": status_inconsistent,
    "wrong-object": wrong_object,
    "ids-duplicated": ids_duplicated,
    "foreign-step": foreign_step,
    "include-ignored": include_ignored,
    "type-mismatch": type_mismatch,
    "unsorted": unsorted,
    "server-error": server_error,
    "rate-limited": rate_limited,
    "hang": hang,
    "reset": reset,
    "non-json": non_json,
    "ties-ascending": ties_ascending,
    "ties-cursor-by-time": ties_cursor_by_time,
    "huge-body": huge_body,
    "wrong-content-type": wrong_content_type,
    "auth-not-enforced": auth_not_enforced,
    "error-shape": error_shape,
    "not-found-empty": not_found_empty,
    "gzip": gzip_answers,
    "gzip-bomb": gzip_bomb,
    "gzip-mislabelled": gzip_mislabelled,
    "page-object-wrong": page_object_wrong,
    "malformed-auth-crash": malformed_auth_crash,
    "permissive": permissive,
    "gateway-crash": gateway_crash,
    "cursor-non-ascii-crash": cursor_non_ascii_crash,
    "cursor-length-crash": cursor_length_crash,
    "id-escape-crash": id_escape_crash,
    "repeated-param-crash": repeated_param_crash,
    "limit-fraction-crash": limit_fraction_crash,
    "unknown-param-crash": unknown_param_crash,
    "strict-input": strict_input,
}


def test_every_fault_has_a_demonstration() -> None:
    missing = sorted(set(FAULTS) - set(SHOWS))
    unknown = sorted(set(SHOWS) - set(FAULTS))
    assert not missing and not unknown, (
        f"faults without a demonstration: {missing}; demonstrations of no fault: {unknown}"
    )


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_produces_its_deviation(servers: Callable[[str | None], ReferenceServer], fault: str) -> None:
    SHOWS[fault](servers(fault))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_clean_provider_does_not_show_the_deviation(reference: ReferenceServer, fault: str) -> None:
    """The same demonstration fails on a clean provider, so none of them can pass vacuously."""
    with pytest.raises((AssertionError, httpx.HTTPError, KeyError, ValueError, pytest.fail.Exception)):
        SHOWS[fault](reference)
