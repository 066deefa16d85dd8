"""The preflight over real sockets: each situation the user (not the provider) is responsible for ends in one
line on stderr, exit 3, a report with verdict `untestable`, and no phase run; a short run is said up front."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.support import load_report

KEY = "sk-ref-conformance"


def run(
    base_url: str, report_dir: Path, *extra: str, key: str = KEY, run_id: str = "run_ref_main"
) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    args = ["run", "--base-url", base_url, "--api-key", key, "--thread-id", "thread_ref_main", "--run-id", run_id]
    result = subprocess.run(
        [sys.executable, "-m", "conformance", *args, "--max-examples", "3", "--report-dir", str(report_dir), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert "Traceback" not in result.stdout + result.stderr
    report: dict[str, object] = load_report(report_dir)
    return result, report


@pytest.fixture(scope="module")
def provider() -> Iterator[ReferenceServer]:
    with ReferenceServer() as server:
        yield server


@pytest.fixture(scope="module")
def file_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A plain static file server (python's http.server), as a misaddressed base URL might point at."""
    folder = tmp_path_factory.mktemp("static")
    (folder / "index.html").write_text("<h1>hello</h1>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def assert_stopped(result: subprocess.CompletedProcess[str], report: dict[str, object], kind: str, text: str) -> None:
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and text in result.stderr, result.stderr
    assert "┏" not in result.stdout  # no table of checks that never ran
    assert report["verdict"] == "untestable" and report["requests"] == 1 and report["checks"] == []
    untestable = report["untestable"]
    assert isinstance(untestable, dict) and untestable["kind"] == kind
    assert untestable["request"]["curl"].startswith("curl ") and "Authorization: ***" in untestable["request"]["curl"]


def test_wrong_path_prefix_is_not_served(provider: ReferenceServer, tmp_path: Path) -> None:
    started = time.monotonic()
    result, report = run(provider.base_url.replace("/v1", "/v2"), tmp_path)
    assert_stopped(result, report, "not_served", "the operation is not served at")
    assert (
        "Invalid URL (GET /v2/threads" in result.stderr and "retired the Assistants API on 2026-08-26" in result.stderr
    )
    assert time.monotonic() - started < 15


def test_a_plain_file_server_is_not_served(file_server: str, tmp_path: Path) -> None:
    result, report = run(file_server, tmp_path)
    assert_stopped(result, report, "not_served", "answered 404 with a text/html body")


def test_wrong_key_is_credentials_rejected(provider: ReferenceServer, tmp_path: Path) -> None:
    result, report = run(provider.base_url, tmp_path, key="sk-not-the-key")
    assert_stopped(result, report, "credentials_rejected", "credentials rejected: 401 to profile openai")
    assert "sent Authorization" in result.stderr and "Incorrect API key" in result.stderr
    assert "sk-not-the-key" not in result.stdout + result.stderr + json.dumps(report)


def test_unknown_ids_are_named(provider: ReferenceServer, tmp_path: Path) -> None:
    result, report = run(provider.base_url, tmp_path, run_id="run_does_not_exist")
    assert_stopped(result, report, "unknown_ids", "unknown thread or run: 404 for thread thread_ref_main")
    assert "run_does_not_exist" in result.stderr


@pytest.mark.parametrize(("run_id", "steps"), [("run_ref_one", 1), ("run_ref_empty", 0)])
def test_a_short_run_is_said_up_front_and_is_at_best_incomplete(
    provider: ReferenceServer, tmp_path: Path, run_id: str, steps: int
) -> None:
    result, report = run(provider.base_url, tmp_path, run_id=run_id)
    assert result.returncode == 5, result.stdout
    warning = f"warning: the run has {steps} step{'s' if steps != 1 else ''}; a cursor crossing a page and has_more"
    assert warning in result.stdout and result.stdout.index(warning) < result.stdout.index("semantic phase")
    assert report["verdict"] == "incomplete" and report["skipped_core_checks"] == []
    assert '"name": "cursor_walk"' in json.dumps(report) and "unobservable" in json.dumps(report["checks"])
    assert f"incomplete: the run has {steps} step" in str(report["summary"])


class WebPage(http.server.BaseHTTPRequestHandler):
    """A web site at the base URL: every path answers 200 with an HTML page (or plain text under /text)."""

    def do_GET(self) -> None:
        plain = self.path.startswith("/text")
        body = b"console ready\n" if plain else b"<!DOCTYPE html><html><body><h1>Dashboard</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if plain else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def web_page() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WebPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("prefix", "kind"), [("", "text/html"), ("/text", "text/plain")])
def test_a_web_page_at_the_base_url_is_untestable_with_a_path_prefix_hint(
    web_page: str, tmp_path: Path, prefix: str, kind: str
) -> None:
    """A 2xx that is not JSON on the first request: the user's address, not the provider's fault (exit 3, one
    line naming what answered and the path prefix), never non-conformant."""
    result, report = run(web_page + prefix, tmp_path)
    assert_stopped(result, report, "not_served", "the base URL serves a web page, not this API")
    assert f"answered 200 with a {kind} body" in result.stderr and "path prefix (e.g. .../v1" in result.stderr
    assert "non-conformant" not in result.stdout + result.stderr
