"""`presets.azure`: the resource key as `api-key` or a Microsoft Entra token as Bearer, the base URL from a
resource endpoint, and `api-version` on every request, sync and async, against reference providers on loopback
(one of them refusing any request without the api-version, as Azure's classic surface does)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator

import pytest
from run_steps_client import aiter_run_steps, iter_run_steps, list_run_steps, presets
from run_steps_client.presets import azure_base_url

from conformance.reference.auth import BEARER_KEY
from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.ports import free_port

THREAD, RUN = "thread_ref_main", "run_ref_main"
VERSION = "2024-05-01-preview"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def classic() -> Iterator[tuple[ReferenceServer, list[dict[str, str]]]]:
    seen: list[dict[str, str]] = []
    with ReferenceServer(require_api_version=VERSION, headers_seen=seen) as server:
        yield server, seen


def test_the_key_lists_every_step_sync_sending_api_key_and_no_authorization(
    classic: tuple[ReferenceServer, list[dict[str, str]]],
) -> None:
    server, seen = classic
    seen.clear()
    client = presets.azure(server.base_url, api_key=BEARER_KEY, api_version=VERSION)
    steps = [s.id for s in iter_run_steps(client, THREAD, RUN, limit=20, order="asc")]
    assert len(steps) == len(set(steps)) == 250
    assert len(seen) == 13  # 250 steps at 20 a page; every page was answered 200, so every one had api-version
    assert all(h.get("api-key") == BEARER_KEY and "authorization" not in h for h in seen)


def test_the_entra_token_lists_every_step_async_as_bearer(
    classic: tuple[ReferenceServer, list[dict[str, str]]],
) -> None:
    server, seen = classic
    seen.clear()
    client = presets.azure(server.base_url, entra_token=BEARER_KEY, api_version=VERSION)

    async def walk() -> list[str]:
        return [s.id async for s in aiter_run_steps(client, THREAD, RUN, limit=100)]

    steps = asyncio.run(walk())
    assert len(steps) == len(set(steps)) == 250
    assert seen and all(h.get("authorization") == f"Bearer {BEARER_KEY}" and "api-key" not in h for h in seen)


def test_without_the_api_version_the_classic_surface_refuses(
    classic: tuple[ReferenceServer, list[dict[str, str]]],
) -> None:
    from run_steps_client import NotFoundError

    client = presets.azure(classic[0].base_url, api_key=BEARER_KEY)
    with pytest.raises(NotFoundError, match="Resource not found"):
        list_run_steps(client, THREAD, RUN)


def test_the_v1_api_needs_no_version(reference: ReferenceServer) -> None:
    page = list_run_steps(presets.azure(reference.base_url, api_key=BEARER_KEY), THREAD, RUN, limit=5)
    assert len(page.data) == 5 and page.has_more is True


@pytest.mark.parametrize(
    ("given", "version", "expected"),
    [
        ("https://res.openai.azure.com", None, "https://res.openai.azure.com/openai/v1"),
        ("https://res.openai.azure.com/", VERSION, "https://res.openai.azure.com/openai"),
        ("https://res.openai.azure.com/openai/v1/", None, "https://res.openai.azure.com/openai/v1"),
        ("https://res.openai.azure.com/openai", VERSION, "https://res.openai.azure.com/openai"),
        ("http://127.0.0.1:8080/v1", None, "http://127.0.0.1:8080/v1"),
    ],
)
def test_the_base_url_from_an_endpoint(given: str, version: str | None, expected: str) -> None:
    assert azure_base_url(given, version) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of api_key= and entra_token="),
        ({"api_key": "k", "entra_token": "t"}, "exactly one of api_key= and entra_token="),
        ({"api_key": "k", "api_version": " "}, "api_version cannot be empty"),
    ],
)
def test_bad_arguments_are_one_clear_error(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        presets.azure("https://res.openai.azure.com", **kwargs)  # type: ignore[arg-type]


def test_the_classic_surface_without_a_version_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="classic surface, which needs api_version"):
        presets.azure("https://res.openai.azure.com/openai", api_key="k")


def readme_azure_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Azure OpenAI") :]
    start = section.index("```python\n") + len("```python\n")
    return section[start : section.index("```", start)]


def test_the_readme_azure_example_runs_as_written_against_conformance_serve() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--port", str(port), "--require-api-version", VERSION],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stderr is not None and b"reference provider on" in server.stderr.readline()
        example = readme_azure_example().replace("127.0.0.1:8080", f"127.0.0.1:{port}")
        result = subprocess.run(
            [sys.executable, "-W", "default", "-c", example], capture_output=True, text=True, timeout=60, check=False
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["250", "250"]
    # Under -W default an unclosed client shows as "ResourceWarning: unclosed <socket...>"; the example closes both.
    assert "ResourceWarning" not in result.stderr, result.stderr
