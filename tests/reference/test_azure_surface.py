"""The reference provider as Azure OpenAI's client meets it: the `api-key` header, and (with
`require_api_version`, `serve --require-api-version`) the classic surface's answers to a missing or unserved
api-version, each over a real socket."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from conformance.reference.auth import BEARER_KEY
from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.ports import free_port
from tests.support import STEPS_PATH

BETA = {"OpenAI-Beta": "assistants=v2"}
VERSION = "2024-05-01-preview"
MAIN = STEPS_PATH.format(run="run_ref_main")


@pytest.fixture(scope="module")
def classic() -> Iterator[ReferenceServer]:
    with ReferenceServer(require_api_version=VERSION) as server:
        yield server


def test_the_api_key_header_is_accepted_like_the_bearer_key(reference: ReferenceServer) -> None:
    ok = httpx.get(reference.base_url + MAIN, headers={"api-key": BEARER_KEY, **BETA}, params={"limit": 3})
    assert ok.status_code == 200 and len(ok.json()["data"]) == 3
    wrong = httpx.get(reference.base_url + MAIN, headers={"api-key": "sk-wrong-key-000", **BETA})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    missing = httpx.get(reference.base_url + MAIN, headers=BETA)
    assert missing.status_code == 401 and "api-key" in missing.json()["error"]["message"]


def test_a_request_without_api_version_is_answered_as_azure_classic_does(classic: ReferenceServer) -> None:
    headers = {"api-key": BEARER_KEY, **BETA}
    root = classic.base_url.removesuffix("/v1")
    for url in (classic.base_url + MAIN, root + "/v1/no/such/route"):  # an unknown route too, before routing
        answer = httpx.get(url, headers=headers)
        assert answer.status_code == 404
        assert answer.json() == {"error": {"code": "404", "message": "Resource not found"}}
    unserved = httpx.get(classic.base_url + MAIN, headers=headers, params={"api-version": "2023-01-01"})
    assert unserved.status_code == 400
    assert unserved.json() == {"error": {"code": "BadRequest", "message": "API version not supported"}}
    served = httpx.get(classic.base_url + MAIN, headers=headers, params={"api-version": VERSION, "limit": 100})
    assert served.status_code == 200 and len(served.json()["data"]) == 100


def test_the_version_is_checked_before_the_key(classic: ReferenceServer) -> None:
    """No key and no api-version: the 404 of the missing version, not the 401 (what Azure checks first is not
    documented; a wrong base URL is the likelier mistake, so it is named first)."""
    assert httpx.get(classic.base_url + MAIN, headers=BETA).status_code == 404
    assert httpx.get(classic.base_url + MAIN, headers=BETA, params={"api-version": VERSION}).status_code == 401


def test_serve_require_api_version_from_the_command_line() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--port", str(port), "--require-api-version", VERSION],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        announced = proc.stderr.readline()
        assert f"requires api-version={VERSION}" in announced, announced
        base = f"http://127.0.0.1:{port}/v1"
        headers = {"api-key": BEARER_KEY, **BETA}
        assert httpx.get(base + MAIN, headers=headers, timeout=5).status_code == 404
        assert httpx.get(base + MAIN, headers=headers, params={"api-version": VERSION}, timeout=5).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "Traceback" not in err and BEARER_KEY not in err


def test_serve_refuses_an_empty_required_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--port", "0", "--require-api-version", ""],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2 and "--require-api-version" in result.stderr and "Traceback" not in result.stderr
