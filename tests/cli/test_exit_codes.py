"""Exit codes and error lines, as a user meets them: 2 for bad usage (one line, no traceback), 3 unreachable."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.contract import MAX_LIMIT
from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from conformance.reference.server import ReferenceServer
from tests.ports import free_port
from tests.support import Cli, run_cli

IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main"]


# The CLI runs in this process (the `conformance` fixture, tests/conftest.py): what a user sees is its exit code,
# stdout and stderr. The real process is covered by test_refused_connection_is_exit_3 and
# test_console_script_is_installed.


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--base-url", "ftp://example/v1", "--api-key", "k", *IDS], "--base-url must be an http(s) URL"),
        (["run", "--base-url", "not a url", "--api-key", "k", *IDS], "--base-url must be an http(s) URL"),
        (["run", "--profile", "bedrock"], "Invalid value for '--profile'"),
        (["run", "--base-url", "http://127.0.0.1:9/v1", *IDS], "profile openai needs a key"),
        (["run", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "k"], "--thread-id and --run-id are required"),
        (
            ["run", "--profile", "portkey", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "k", *IDS],
            "profile portkey needs",
        ),
        (["run", "--profile", "portkey-self-hosted"], "needs --base-url"),
        (
            ["run", "--profile", "portkey-self-hosted", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "k", *IDS],
            "needs --portkey-provider",
        ),
        (["run", "--max-examples", "-3"], "Invalid value for '--max-examples'"),
        (["run", "--timeout", "-1"], "Invalid value for '--timeout'"),
        (["run", "--max-requests", "0"], "Invalid value for '--max-requests'"),
        (["run", "--header", "no-colon"], "--header expects NAME:VALUE"),
        (["run", "--fault", "gremlins"], "unknown fault 'gremlins'"),
        (
            ["run", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "k", "--fault", "hang", *IDS],
            "--fault applies to the embedded provider only",
        ),
        (["matrix"], "matrix needs at least one --target"),
        (["matrix", "--target", "nameonly"], "--target expects NAME=URL"),
        (["frobnicate"], "No such command"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(conformance: Cli, args: list[str], message: str) -> None:
    result = conformance(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_refused_connection_is_exit_3() -> None:
    """In a process of its own, as `python -m conformance` (the other tests run in process): the exit code and
    the error line of a real process, through conformance/__main__.py."""
    result = run_cli("run", "--base-url", f"http://127.0.0.1:{free_port()}/v1", "--api-key", "k", *IDS, timeout=120)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "unreachable: connection failed" in result.stderr
    assert "┏" not in result.stdout  # no empty table
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers: a provider that hangs on every request."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_hang_on_every_request_is_exit_3_within_bounded_time(conformance: Cli, silent_server: int) -> None:
    started = time.monotonic()
    result = conformance(
        "run", "--base-url", f"http://127.0.0.1:{silent_server}/v1", "--api-key", "k", "--timeout", "0.5", *IDS
    )
    assert result.returncode == 3
    assert "unreachable: timeout" in result.stderr
    assert time.monotonic() - started < 20


def test_a_budget_below_the_minimum_is_refused_up_front(conformance: Cli) -> None:
    # The preflight page shows 100 steps and more: the lower bound (the minimum of a 101-step run) is refused
    # at once ...
    bound, steps = minimum_budget(MAX_LIMIT + 1), RUN_SIZES[MAIN_RUN]
    result = conformance("run", "--seed", "1", "--max-requests", str(bound - 1))
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "semantic phase" not in result.stdout
    assert (
        f"--max-requests {bound - 1} is below at least the {bound} requests a full verdict needs for a run of over "
        f"{MAX_LIMIT} steps" in result.stderr
    )
    # ... and the exact minimum as soon as the first walk has counted the steps.
    exact = minimum_budget(steps)
    assert bound <= exact - 1  # else the first refusal would already be the exact one
    result = conformance("run", "--seed", "1", "--max-requests", str(exact - 1))
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        f"--max-requests {exact - 1} is below the {exact} requests a full verdict needs for this run ({steps} steps)"
        in result.stderr
    )


def test_allow_incomplete_spends_the_budget_and_is_never_conformant(conformance: Cli) -> None:
    result = conformance("run", "--seed", "1", "--max-requests", "60", "--allow-incomplete")
    assert result.returncode == 5, result.stdout + result.stderr
    assert "requests: 60 (budget 60)" in result.stdout
    assert "incomplete: core checks not judged: not_a_server_error" in result.stdout


def test_tls_to_a_plain_http_server_is_exit_3(reference: ReferenceServer) -> None:
    """In a process of its own: the provider, in this one, logs the TLS bytes it cannot read as HTTP, and only
    what the suite prints is under test."""
    https_url = reference.base_url.replace("http://", "https://")
    result = run_cli("run", "--base-url", https_url, "--api-key", "k", "--timeout", "2", *IDS)
    assert result.returncode == 3
    assert "TLS error" in result.stderr and "Traceback" not in result.stdout + result.stderr


def test_console_script_is_installed() -> None:
    """The console-script entry point, in a process of its own."""
    script = Path(sys.executable).parent / "conformance"
    result = subprocess.run([str(script), "run", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "--max-requests" in result.stdout


def test_an_excluded_optional_check_is_named_not_counted_as_passed(conformance: Cli) -> None:
    """Leaving out response_time (optional) keeps a conformant verdict, but the line does not count it among
    the checks that passed (found by a new user: "all 35 checks passed" with 1 excluded)."""
    full = str(minimum_budget(RUN_SIZES[MAIN_RUN]))
    result = conformance("run", "--exclude-checks", "response_time", "--max-requests", full, "--seed", "3")
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-500:]
    assert last.startswith("conformant: all ") and last.endswith("checks passed; excluded: response_time"), last
    passed = int(last.split()[2])
    assert f"checks: {passed} passed, 0 failed, 0 skipped, 1 excluded" in result.stdout
