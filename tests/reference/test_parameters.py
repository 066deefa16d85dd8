"""The reference provider's parameters, errors and auth, over a real socket."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from conformance.contract import INCLUDE_CONTENT
from conformance.reference.auth import PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY
from conformance.spec import ResponseValidator
from tests.support import STEPS_PATH

MAIN = STEPS_PATH.format(run="run_ref_main")
VALIDATOR = ResponseValidator()


def get(http: httpx.Client, path: str = MAIN, **params: Any) -> httpx.Response:
    response = http.get(path, params=params)
    problems = VALIDATOR.schema_errors(response.status_code, response.json())
    assert not problems, problems
    assert response.headers["content-type"] == "application/json"
    return response


def error_of(response: httpx.Response) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return error


def test_defaults_are_twenty_newest_first(http: httpx.Client) -> None:
    body = get(http).json()
    created = [(s["created_at"], s["id"]) for s in body["data"]]
    assert len(created) == 20 and created == sorted(created, reverse=True)
    assert body["has_more"] is True and body["object"] == "list"
    assert (body["first_id"], body["last_id"]) == (body["data"][0]["id"], body["data"][-1]["id"])


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_limit_bounds_the_page(http: httpx.Client, limit: int) -> None:
    assert len(get(http, limit=limit).json()["data"]) == limit


@pytest.mark.parametrize(
    ("limit", "code"),
    [
        ("0", "integer_below_min_value"),
        ("-3", "integer_below_min_value"),
        ("101", "integer_above_max_value"),
        ("ten", "invalid_type"),
        ("1.5", "invalid_type"),
    ],
)
def test_bad_limit_is_400_naming_limit(http: httpx.Client, limit: str, code: str) -> None:
    response = get(http, limit=limit)
    assert response.status_code == 400
    error = error_of(response)
    assert (error["param"], error["code"], error["type"]) == ("limit", code, "invalid_request_error")


def test_order_asc_and_bad_order(http: httpx.Client) -> None:
    body = get(http, order="asc", limit=100).json()
    keys = [(s["created_at"], s["id"]) for s in body["data"]]
    assert keys == sorted(keys)
    response = get(http, order="sideways")
    assert response.status_code == 400
    assert (error_of(response)["param"], error_of(response)["code"]) == ("order", "invalid_value")


def test_after_and_before_exclude_the_cursor(http: httpx.Client) -> None:
    everything = [s["id"] for s in get(http, order="asc", limit=100).json()["data"]]
    after = get(http, order="asc", limit=5, after=everything[10]).json()
    assert [s["id"] for s in after["data"]] == everything[11:16]
    before = get(http, order="asc", limit=5, before=everything[10]).json()
    assert [s["id"] for s in before["data"]] == everything[5:10]
    assert before["has_more"] is True
    start = get(http, order="asc", limit=5, before=everything[3]).json()
    assert [s["id"] for s in start["data"]] == everything[0:3] and start["has_more"] is False


@pytest.mark.parametrize("param", ["after", "before"])
def test_unknown_cursor_is_400_naming_it(http: httpx.Client, param: str) -> None:
    response = get(http, **{param: "step_does_not_exist"})
    assert response.status_code == 400
    assert error_of(response)["param"] == param


def file_search_results(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        result
        for step in body["data"] if step["step_details"]["type"] == "tool_calls"
        for call in step["step_details"]["tool_calls"] if call["type"] == "file_search"
        for result in call["file_search"].get("results", [])
    ]  # fmt: skip


def test_include_fills_file_search_content_only_when_asked(http: httpx.Client) -> None:
    plain = file_search_results(get(http, limit=100).json())
    assert plain and all("content" not in r for r in plain)
    asked = file_search_results(get(http, limit=100, **{"include[]": INCLUDE_CONTENT}).json())
    assert len(asked) == len(plain)
    assert all(r["content"] and r["content"][0]["type"] == "text" for r in asked)
    bad = get(http, **{"include[]": "step_details.everything"})
    assert bad.status_code == 400 and error_of(bad)["param"] == "include[]"


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, None),
        ({"Authorization": "Bearer sk-wrong"}, "invalid_api_key"),
        ({"x-portkey-api-key": PORTKEY_API_KEY, "x-portkey-virtual-key": "vk-wrong"}, "invalid_api_key"),
        ({"x-portkey-api-key": PORTKEY_API_KEY}, "invalid_api_key"),
    ],
)
def test_missing_or_wrong_key_is_401(reference: Any, headers: dict[str, str], code: str | None) -> None:
    response = httpx.get(reference.base_url + MAIN, headers={"OpenAI-Beta": "assistants=v2", **headers})
    assert response.status_code == 401
    error = error_of(response)
    assert (error["type"], error["code"]) == ("invalid_request_error", code)
    assert not VALIDATOR.schema_errors(401, response.json())


def test_portkey_keys_are_accepted(reference: Any) -> None:
    headers = {
        "OpenAI-Beta": "assistants=v2",
        "x-portkey-api-key": PORTKEY_API_KEY,
        "x-portkey-virtual-key": PORTKEY_VIRTUAL_KEY,
    }
    assert httpx.get(reference.base_url + MAIN, headers=headers).status_code == 200


@pytest.mark.parametrize("beta", [None, "assistants=v1"])
def test_beta_header_is_required_as_upstream(reference: Any, beta: str | None) -> None:
    headers = {"Authorization": "Bearer sk-ref-conformance"} | ({"OpenAI-Beta": beta} if beta else {})
    response = httpx.get(reference.base_url + MAIN, headers=headers)
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_beta"


def test_unknown_thread_and_run_are_404(http: httpx.Client) -> None:
    thread = get(http, "/threads/thread_nope/runs/run_ref_main/steps")
    assert thread.status_code == 404 and error_of(thread)["message"] == "No thread found with id 'thread_nope'."
    run = get(http, STEPS_PATH.format(run="run_nope"))
    assert run.status_code == 404 and error_of(run)["message"] == "No run found with id 'run_nope'."


def test_unknown_path_is_404_in_openai_shape(http: httpx.Client) -> None:
    response = http.get("/threads/thread_ref_main/messages")
    assert response.status_code == 404 and error_of(response)["type"] == "invalid_request_error"


def test_undeclared_method_is_invalid_url_as_openai_answers(http: httpx.Client) -> None:
    response = http.delete(MAIN)
    assert response.status_code == 404
    assert error_of(response)["message"] == "Invalid URL (DELETE /v1/threads/thread_ref_main/runs/run_ref_main/steps)"


def test_small_runs(http: httpx.Client) -> None:
    empty = get(http, STEPS_PATH.format(run="run_ref_empty")).json()
    assert empty == {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}
    one = get(http, STEPS_PATH.format(run="run_ref_one")).json()
    assert len(one["data"]) == 1 and one["has_more"] is False and one["first_id"] == one["last_id"]
    hundred = get(http, STEPS_PATH.format(run="run_ref_hundred"), limit=100).json()
    assert len(hundred["data"]) == 100 and hundred["has_more"] is False
    assert {s["run_id"] for s in hundred["data"]} == {"run_ref_hundred"}
