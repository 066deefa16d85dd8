"""The client's front door and its one error family, over real sockets: every error path of the iterators and
of the one-page call, the README's first example run as written, and one DeprecationWarning per process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import httpx
import pytest
import run_steps_client
from run_steps_client import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticatedClient,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    RetryPolicy,
    RunStepsError,
    iter_run_steps,
    list_run_steps,
    presets,
    raise_for_error,
)
from run_steps_client.api.assistants import list_run_steps as generated

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.ports import free_port

KEY, THREAD, RUN = "sk-ref-conformance", "thread_ref_main", "run_ref_main"
NO_RETRY = RetryPolicy(max_retries=0)
Servers = Callable[[str | None], ReferenceServer]


def client(server: ReferenceServer, key: str = KEY, timeout: float = 10.0) -> AuthenticatedClient:
    return presets.openai(key, base_url=server.base_url, timeout=timeout, retry=NO_RETRY)


def test_every_name_the_root_offers_resolves() -> None:
    for name in run_steps_client.__all__:
        assert getattr(run_steps_client, name) is not None, name


@pytest.mark.parametrize(
    ("fault", "call", "error", "status"),
    [
        (None, lambda c: list_run_steps(c, THREAD, "run_nope"), NotFoundError, 404),
        (None, lambda c: list_run_steps(c, THREAD, RUN, limit=500), BadRequestError, 400),
        ("rate-limited", lambda c: list_run_steps(c, THREAD, RUN), RateLimitError, 429),
        ("server-error", lambda c: list(iter_run_steps(c, THREAD, RUN, limit=100)), InternalServerError, 500),
    ],
)
def test_error_answers_raise_their_subclass(
    servers: Servers, fault: str | None, call: Callable[[object], object], error: type[ApiError], status: int
) -> None:
    with pytest.raises(error) as caught:
        call(client(servers(fault)))
    assert caught.value.status == status and isinstance(caught.value, ApiError) and caught.value.message
    if status == 429:
        assert caught.value.retry_after == 1.0
    if status == 400:
        assert caught.value.param == "limit"


def test_a_wrong_key_is_an_authentication_error(reference: ReferenceServer) -> None:
    with pytest.raises(AuthenticationError) as caught:
        list(iter_run_steps(client(reference, key="sk-wrong"), THREAD, RUN))
    assert caught.value.code == "invalid_api_key"


def test_a_refused_port_is_a_connection_error() -> None:
    refused = presets.openai(KEY, base_url=f"http://127.0.0.1:{free_port()}/v1", retry=NO_RETRY)
    with pytest.raises(ApiConnectionError) as caught:
        list_run_steps(refused, THREAD, RUN)
    assert isinstance(caught.value.__cause__, httpx.ConnectError) and not isinstance(caught.value, ApiTimeoutError)


def test_a_hanging_provider_is_a_timeout_error(servers: Servers) -> None:
    with pytest.raises(ApiTimeoutError) as caught:
        list(iter_run_steps(client(servers("hang"), timeout=0.3), THREAD, RUN, limit=100))
    assert isinstance(caught.value.__cause__, httpx.TimeoutException) and isinstance(caught.value, RunStepsError)


def test_a_repeated_page_is_a_pagination_error(servers: Servers) -> None:
    # cursor-inclusive at limit 1: the page after step X is step X again.
    with pytest.raises(PaginationError, match="again"):
        list(iter_run_steps(client(servers("cursor-inclusive")), THREAD, RUN, limit=1))


def test_raise_for_error_turns_the_generated_answer_into_the_family(reference: ReferenceServer) -> None:
    c = client(reference)
    page = raise_for_error(generated.sync_detailed(THREAD, RUN, client=c, limit=2))
    assert len(page.data) == 2
    with pytest.raises(NotFoundError):
        raise_for_error(generated.sync_detailed(THREAD, "run_nope", client=c))


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The generated client") :]
    start = section.index("```python\n") + len("```python\n")
    return section[start : section.index("```", start)]


def test_the_readme_example_runs_as_written_against_conformance_serve() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--port", str(port)], cwd=ROOT, stderr=subprocess.PIPE
    )
    try:
        assert server.stderr is not None and b"reference provider on" in server.stderr.readline()
        example = readme_example().replace("127.0.0.1:8080", f"127.0.0.1:{port}")
        result = subprocess.run(
            [sys.executable, "-W", "default", "-c", example], capture_output=True, text=True, timeout=60, check=False
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "5 True" and len(lines) == 1 + 250 + 1 and lines[-1].startswith("404 No run found")
    # Under -W default an unclosed client shows as "ResourceWarning: unclosed <socket...>"; the example closes it.
    assert "DeprecationWarning" in result.stderr and "ResourceWarning" not in result.stderr, result.stderr


def test_one_deprecation_warning_per_process(reference: ReferenceServer) -> None:
    code = (
        "import sys, warnings\nwarnings.simplefilter('always')\n"
        "from run_steps_client import list_run_steps, iter_run_steps, presets\n"
        f"c = presets.openai('{KEY}', base_url=sys.argv[1])\n"
        f"for _ in range(3): list_run_steps(c, '{THREAD}', '{RUN}', limit=1)\n"
        f"list(iter_run_steps(c, '{THREAD}', '{RUN}', limit=100))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, reference.base_url], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("DeprecationWarning") == 1 and "retired by OpenAI on 2026-08-26" in result.stderr


def test_the_generated_docstrings_carry_the_spec(reference: ReferenceServer) -> None:
    doc = generated.sync.__doc__ or ""
    assert "Deprecated: OpenAI retired the Assistants API on 2026-08-26" in doc
    assert "thread_id (str): Id of the thread that holds the run." in " ".join(doc.split())
    from run_steps_client.models import RunStep

    source = (ROOT / "generated" / "run_steps_client" / "models" / "run_step.py").read_text(encoding="utf-8")
    assert "When the step expired" in source and RunStep.__doc__
