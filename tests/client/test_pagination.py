"""iter_run_steps / aiter_run_steps against the reference provider, over real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from run_steps_client import AuthenticatedClient, presets
from run_steps_client.models import FileSearchToolCall, ListRunStepsIncludeItem, RunStep, ToolCallsDetails
from run_steps_client.pagination import ApiError, aiter_run_steps, iter_run_steps

from conformance.reference.auth import BEARER_KEY, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY
from conformance.reference.fixtures import MAIN_RUN, THREAD_ID, build_run
from conformance.reference.server import ReferenceServer

ASCENDING = [s["id"] for s in build_run(MAIN_RUN, 250).steps]
CONTENT: ListRunStepsIncludeItem = "step_details.tool_calls[*].file_search.results[*].content"


def expected(order: str) -> list[str]:
    return ASCENDING if order == "asc" else ASCENDING[::-1]


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [7, 13, 100])
def test_sync_iterator_sees_every_step(reference: ReferenceServer, order: str, limit: int) -> None:
    client = presets.openai(BEARER_KEY, base_url=reference.base_url)
    steps = list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=limit, order=order))  # type: ignore[arg-type]
    assert all(isinstance(s, RunStep) for s in steps)
    assert [s.id for s in steps] == expected(order)


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [7, 13, 100])
def test_async_iterator_sees_every_step(reference: ReferenceServer, order: str, limit: int) -> None:
    client = presets.openai(BEARER_KEY, base_url=reference.base_url)

    async def collect() -> list[str]:
        found = [s.id async for s in aiter_run_steps(client, THREAD_ID, MAIN_RUN, limit=limit, order=order)]  # type: ignore[arg-type]
        await client.get_async_httpx_client().aclose()
        return found

    assert asyncio.run(collect()) == expected(order)


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("limit", [7, 13, 100])
def test_before_walks_backwards_nearest_first(reference: ReferenceServer, order: str, limit: int) -> None:
    client = presets.openai(BEARER_KEY, base_url=reference.base_url)
    ids = expected(order)
    steps = list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=limit, order=order, before=ids[-1]))  # type: ignore[arg-type]
    assert [s.id for s in steps] == ids[-2::-1]


def test_after_resumes_mid_run_and_include_fills_content(reference: ReferenceServer) -> None:
    client = presets.openai(BEARER_KEY, base_url=reference.base_url)
    steps = list(iter_run_steps(client, THREAD_ID, MAIN_RUN, order="asc", after=ASCENDING[99], include=[CONTENT]))
    assert [s.id for s in steps] == ASCENDING[100:]
    results = [
        r
        for s in steps
        if isinstance(s.step_details, ToolCallsDetails)
        for c in s.step_details.tool_calls
        if isinstance(c, FileSearchToolCall)
        for r in (c.file_search.results or [])
    ]
    assert results and all(r.content for r in results)


def test_generated_client_keeps_working_as_generated(reference: ReferenceServer) -> None:
    client = AuthenticatedClient(base_url=reference.base_url, token=BEARER_KEY, headers={"X-Test": "1"})
    assert len(list(iter_run_steps(client, THREAD_ID, "run_ref_hundred", limit=30))) == 100
    assert list(iter_run_steps(client, THREAD_ID, "run_ref_empty")) == []


def test_portkey_preset_sends_portkey_headers(reference: ReferenceServer) -> None:
    client = presets.portkey(PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY, base_url=reference.base_url)
    assert len(list(iter_run_steps(client, THREAD_ID, "run_ref_one"))) == 1
    headers = client.get_httpx_client().headers
    assert headers["x-portkey-virtual-key"] == PORTKEY_VIRTUAL_KEY and headers["OpenAI-Beta"] == "assistants=v2"


def test_self_hosted_preset_headers() -> None:
    client = presets.portkey_self_hosted("http://127.0.0.1:8787/v1", "openai", "http://127.0.0.1:8080/v1", "sk-x")
    headers = client.get_httpx_client().headers
    assert headers["x-portkey-provider"] == "openai"
    assert headers["x-portkey-custom-host"] == "http://127.0.0.1:8080/v1"
    assert headers["authorization"] == "Bearer sk-x" and headers["openai-beta"] == "assistants=v2"


@pytest.mark.parametrize(
    ("run", "key", "status", "code"),
    [("run_nope", BEARER_KEY, 404, None), (MAIN_RUN, "sk-wrong", 401, "invalid_api_key")],
)
def test_errors_raise_typed_api_error(
    reference: ReferenceServer, run: str, key: str, status: int, code: str | None
) -> None:
    client = presets.openai(key, base_url=reference.base_url)
    with pytest.raises(ApiError) as caught:
        list(iter_run_steps(client, THREAD_ID, run))
    error = caught.value
    assert (error.status, error.code, error.type) == (status, code, "invalid_request_error")
    assert error.message and error.param is None


def test_bad_parameter_names_param(reference: ReferenceServer) -> None:
    client = presets.openai(BEARER_KEY, base_url=reference.base_url)
    with pytest.raises(ApiError) as caught:
        list(iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=500))
    assert (caught.value.status, caught.value.param, caught.value.code) == (400, "limit", "integer_above_max_value")


def test_iterator_is_lazy(servers: Callable[[str | None], ReferenceServer]) -> None:
    """Only the pages consumed are fetched: the second page of the server-error fault is never asked for."""
    client = presets.openai(BEARER_KEY, base_url=servers("server-error").base_url)
    first = iter_run_steps(client, THREAD_ID, MAIN_RUN, limit=5)
    assert len([next(first) for _ in range(5)]) == 5
