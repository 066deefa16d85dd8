"""`python -m conformance serve` as a user runs it: starts, logs each request without keys, stops on SIGTERM."""

from __future__ import annotations

import re
import signal
import socket
import statistics
import subprocess
import sys
import time

import httpx

from conformance.reference.auth import BEARER_KEY, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY
from tests.paths import ROOT
from tests.ports import free_port
from tests.support import HEADERS, STEPS_PATH


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "conformance", *args]


def test_serve_logs_requests_and_stops_on_sigterm() -> None:
    port = free_port()
    proc = subprocess.Popen(
        command("serve", "--host", "127.0.0.1", "--port", str(port)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/v1"
        for _ in range(100):
            try:
                response = httpx.get(base + STEPS_PATH.format(run="run_ref_one"), headers=HEADERS, timeout=1)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        assert response.status_code == 200
        portkey = {
            "x-portkey-api-key": PORTKEY_API_KEY,
            "x-portkey-virtual-key": PORTKEY_VIRTUAL_KEY,
            "OpenAI-Beta": "assistants=v2",
        }
        assert httpx.get(base + STEPS_PATH.format(run="run_nope"), headers=portkey).status_code == 404
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    lines = err.splitlines()
    assert any("GET /v1/threads/thread_ref_main/runs/run_ref_one/steps 200" in line for line in lines), err
    assert any("GET /v1/threads/thread_ref_main/runs/run_nope/steps 404" in line for line in lines), err
    assert "Traceback" not in err
    for secret in (BEARER_KEY, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY):
        assert secret not in out + err


def test_help_documents_keys_and_faults() -> None:
    result = subprocess.run(command("serve", "--help"), cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for text in (BEARER_KEY, PORTKEY_API_KEY, PORTKEY_VIRTUAL_KEY, "cursor-inclusive", "has-more-stuck"):
        assert text in result.stdout


def test_unknown_fault_is_one_line_exit_2() -> None:
    result = subprocess.run(
        command("serve", "--fault", "gremlins"), cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unknown fault 'gremlins'" in result.stderr


def test_port_0_announces_the_port_really_listened_on() -> None:
    proc = subprocess.Popen(
        command("serve", "--port", "0"), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        match = re.search(r"reference provider on http://127\.0\.0\.1:(\d+)/v1", banner)
        assert match and match.group(1) != "0", banner
        base = f"http://127.0.0.1:{match.group(1)}/v1"
        assert httpx.get(base + STEPS_PATH.format(run="run_ref_one"), headers=HEADERS, timeout=5).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)


def test_a_port_in_use_is_one_line_and_no_banner() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            command("serve", "--port", str(port)), cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
        )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "reference provider on" not in result.stderr


def per_request_medians(base: str, rounds: int = 3, requests: int = 10) -> tuple[float, float]:
    """Median seconds per request on one kept-alive connection, and with a new connection per request (a client
    that keeps none alive), in interleaved rounds so that a noisy machine slows both alike."""
    url = base + STEPS_PATH.format(run="run_ref_one")
    kept: list[float] = []
    fresh: list[float] = []
    reuse = httpx.Client(headers=HEADERS, timeout=5)
    new = httpx.Client(headers=HEADERS, timeout=5, limits=httpx.Limits(max_keepalive_connections=0))
    with reuse, new:
        reuse.get(url)  # the connection is open before the first timed request
        for _ in range(rounds):
            for client, times in ((reuse, kept), (new, fresh)):
                for _ in range(requests):
                    started = time.perf_counter()
                    assert client.get(url).status_code == 200
                    times.append(time.perf_counter() - started)
    return statistics.median(kept), statistics.median(fresh)


def test_serve_answers_as_fast_on_keep_alive_as_on_a_new_connection() -> None:
    """TCP_NODELAY on accepted connections: without it, Nagle and delayed ACKs add about 40 ms per answer on a
    kept-alive connection (a new connection per request does not show it)."""
    port = free_port()
    proc = subprocess.Popen(command("serve", "--port", str(port)), cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/v1"
        for _ in range(100):
            try:
                httpx.get(base + STEPS_PATH.format(run="run_ref_one"), headers=HEADERS, timeout=1)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        kept, fresh = per_request_medians(base)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    assert kept < 0.02 and kept <= fresh * 1.5 + 0.002, f"keep-alive {kept * 1000:.1f} ms, new {fresh * 1000:.1f} ms"
