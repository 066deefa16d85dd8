"""The user's address: a base URL that redirects is untestable (and the key never follows), credentials in a URL
are refused and never shown."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import load_report, run_cli

KEY = "sk-live-redirect-secret-0123456789"


class Recorder:
    """An HTTP server on loopback that records each request's path and headers and answers `status` with
    `location` (or a JSON page)."""

    def __init__(self, status: int, location: str | None = None) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(status)
                if location is not None:
                    self.send_header("Location", location)
                body = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def elsewhere() -> Iterator[Recorder]:
    """Where a redirect points: it must never see a request."""
    server = Recorder(200)
    yield server
    server.close()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirecting_base_url_is_untestable_and_the_key_never_follows(
    tmp_path: Path, elsewhere: Recorder, status: int
) -> None:
    # The Location carries credentials of its own: they are masked wherever it is shown.
    target = elsewhere.url.replace("http://", "http://admin:hunter2@") + "/threads/t/runs/r/steps"
    moved = Recorder(status, target)
    try:
        done = run_cli("run", "--base-url", moved.url, "--thread-id", "t", "--run-id", "r", "--api-key", KEY,
                       "--report-dir", str(tmp_path), "--record", str(tmp_path / "run.har"))  # fmt: skip
    finally:
        moved.close()
    assert done.returncode == 3, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    shown = elsewhere.url.replace("http://", "http://***@")
    assert line.startswith(f"conformance: untestable: the base URL redirects: GET {moved.url}/threads/t/runs/r")
    assert f"answered {status} to {shown}/threads/t/runs/r/steps" in line
    assert len(moved.seen) == 1 and moved.seen[0][1]["authorization"] == f"Bearer {KEY}"
    assert elsewhere.seen == []
    report = load_report(tmp_path)
    assert report["verdict"] == "untestable" and report["untestable"]["kind"] == "redirected"
    for path in [*tmp_path.iterdir()]:
        text = path.read_text(encoding="utf-8")
        assert "hunter2" not in text and KEY not in text, path.name
    assert "hunter2" not in done.stdout + done.stderr and KEY not in done.stdout + done.stderr


def test_userinfo_in_the_base_url_is_refused_in_one_line_without_showing_it() -> None:
    done = run_cli("run", "--base-url", "http://user:s3cret-pass@127.0.0.1:9/v1", "--thread-id", "t", "--run-id", "r")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "must not hold credentials" in done.stderr
    assert "s3cret-pass" not in done.stderr + done.stdout and "http://***@127.0.0.1:9/v1" in done.stderr


def test_userinfo_in_a_matrix_base_url_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "targets.toml"
    config.write_text(
        '[[target]]\nname = "a"\nbase_url = "https://me:s3cret-pass@example.invalid/v1"\n'
        'thread_id = "t"\nrun_id = "r"\napi_key_env = "K"\n',
        encoding="utf-8",
    )
    done = run_cli("matrix", "--config", str(config), env={"K": KEY})
    assert done.returncode == 2 and "must not hold credentials" in done.stderr
    assert "s3cret-pass" not in done.stderr + done.stdout and done.stderr.count("\n") == 1
