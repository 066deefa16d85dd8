"""The reference provider's Foundry surface over 127.0.0.1: a project-scoped path, an Entra token as bearer and
nothing else, api-version on every request, no OpenAI-Beta needed; the same runs as its OpenAI surface."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from conformance.reference import BEARER_KEY, FOUNDRY_RUN, FOUNDRY_TOKEN, THREAD_ID, foundry_base_url
from conformance.reference.server import ReferenceServer
from conformance.spec import ResponseValidator

ROUTE = f"/threads/{THREAD_ID}/runs/{FOUNDRY_RUN}/steps"
TOKEN = {"Authorization": f"Bearer {FOUNDRY_TOKEN}"}
V1 = {"api-version": "v1"}


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer() as running:
        yield running


def get(url: str, params: dict[str, str], headers: dict[str, str]) -> httpx.Response:
    return httpx.get(url, params=params, headers=headers, timeout=10)


@pytest.mark.parametrize("version", ["v1", "2025-05-01", "2025-05-15-preview"])
def test_a_token_and_an_api_version_get_the_run_without_openai_beta(server: ReferenceServer, version: str) -> None:
    answer = get(foundry_base_url(server.base_url) + ROUTE, {"api-version": version}, TOKEN)
    assert answer.status_code == 200
    body = answer.json()
    assert len(body["data"]) == 6 and all(s["run_id"] == FOUNDRY_RUN for s in body["data"])
    # The Foundry calls break only OpenAI's closed reading of the spec: its plain validation reports them.
    assert ResponseValidator().schema_errors(200, body)


@pytest.mark.parametrize(
    ("params", "headers", "status", "says"),
    [
        ({}, TOKEN, 404, "Resource not found"),
        ({"api-version": "2023-01-01"}, TOKEN, 400, "API version not supported"),
        (V1, {}, 401, "Microsoft Entra token"),
        (V1, {"api-key": FOUNDRY_TOKEN}, 401, "Key-based authentication is not supported"),
        (V1, {"Authorization": f"Bearer {BEARER_KEY}"}, 401, "Invalid or expired"),
    ],
)
def test_what_foundry_refuses(
    server: ReferenceServer, params: dict[str, str], headers: dict[str, str], status: int, says: str
) -> None:
    answer = get(foundry_base_url(server.base_url) + ROUTE, params, headers)
    assert answer.status_code == status and says in answer.text


def test_an_unknown_project_is_404_and_the_openai_surface_keeps_its_own_rules(server: ReferenceServer) -> None:
    other = server.base_url.removesuffix("/v1") + "/api/projects/someone-else" + ROUTE
    assert get(other, V1, TOKEN).status_code == 404
    # /v1 does not take the Entra token, and still needs OpenAI-Beta with its own key.
    assert get(server.base_url + ROUTE, {}, {**TOKEN, "OpenAI-Beta": "assistants=v2"}).status_code == 401
    assert get(server.base_url + ROUTE, {}, {"Authorization": f"Bearer {BEARER_KEY}"}).status_code == 400
