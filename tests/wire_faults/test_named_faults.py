"""The faults issue 29 found, each a named regression over a real socket on 127.0.0.1: the suite (in process, its
CLI entry point) and the client's front door against the byte-level fault provider, and `conformance serve`
against clients that never finish their request head."""

from __future__ import annotations

import asyncio
import json
import select
import socket
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from run_steps_client import (
    ApiTimeoutError,
    DecodeError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    RunStepsError,
    alist_run_steps,
    iter_run_steps,
    list_run_steps,
    presets,
)

from conformance.cli import main
from conformance.reference.server import ReferenceServer
from tests.support import HEADERS, load_report
from tests.wire_faults.provider import HTTP_DATE, FaultProvider

THREAD, RUN, KEY = "thread_ref_main", "run_ref_five", "sk-ref-conformance"
TIMEOUT = 1.0


def origin(server: ReferenceServer) -> str:
    return server.base_url.removesuffix("/v1")


def planned(faults: dict[int, str]) -> Callable[[int], str]:
    return lambda index: faults.get(index, "as_is")


def run_suite(provider: FaultProvider, report_dir: Path, *extra: str) -> tuple[int, dict[str, Any], list[Any], float]:
    """One run of the suite on the fault provider: exit code, report.json, HAR entries, seconds."""
    started = time.monotonic()
    code = main(["run", "--base-url", provider.base_url, "--thread-id", THREAD, "--run-id", RUN, "--api-key", KEY,
                 "--seed", "1", "--max-examples", "1", "--timeout", str(TIMEOUT), "--retries", "1",
                 "--report-dir", str(report_dir), "--report", "json,har", "--record", str(report_dir / "run.har"),
                 *extra])  # fmt: skip
    elapsed = time.monotonic() - started
    entries = json.loads((report_dir / "run.har").read_text(encoding="utf-8"))["log"]["entries"]
    return code, load_report(report_dir), entries, elapsed


def status_of(report: dict[str, Any], check: str) -> tuple[str, str]:
    found = next(c for c in report["checks"] if c["name"] == check)
    return found["status"], found.get("detail") or ""


def no_internal_error(report: dict[str, Any]) -> None:
    skipped = [c for c in report["checks"] if "internal error" in (c.get("detail") or "")]
    assert not skipped, skipped


def test_nan_retry_after_deep_json_and_a_header_drip_are_findings(
    servers: Callable[[str | None], ReferenceServer], tmp_path: Path
) -> None:
    """Before: `Retry-After: nan` crashed the run (ValueError in the sleep, exit 4, no report); a 200 or a 400
    nested 100,000 deep crashed it (RecursionError); headers dripped a byte at a time took far past --timeout,
    because the deadline was only checked between body chunks."""
    faults = {0: "429_nan", 2: "deep_json", 4: "drip_headers", 100: "deep_json_400"}
    with FaultProvider(origin(servers(None)), planned(faults), TIMEOUT) as provider:
        code, report, entries, _ = run_suite(provider, tmp_path)
    assert code == 1 and report["verdict"] == "non-conformant", report["summary"]
    no_internal_error(report)
    assert status_of(report, "rate_limit_handling") == (
        "failed", "Retry-After is 'nan', not a whole number of seconds >= 1 (attempt 1, then retried)")  # fmt: skip
    reliability = status_of(report, "network_reliability")
    assert reliability[0] == "failed" and "timeout" in reliability[1]
    dripped = [e for e in entries if e["_conformance"]["error_kind"] == "timeout"]
    assert len(dripped) == 1 and dripped[0]["time"] <= (TIMEOUT + 0.5) * 1000, dripped
    deep = [e for e in entries if e["response"]["content"]["text"].startswith("[[[[")]
    assert {e["response"]["status"] for e in deep} == {200, 400}
    failed_details = " ".join(c.get("detail") or "" for c in report["checks"] if c["status"] == "failed")
    assert "nests deeper than 64 levels" in failed_details and "response_schema_conformance" in {
        c["name"] for c in report["checks"] if c["status"] == "failed"
    }


def test_a_date_retry_after_fails_even_when_the_retry_succeeds(
    servers: Callable[[str | None], ReferenceServer], tmp_path: Path
) -> None:
    """Before: only the answer to the retry was kept, so a 429 with an HTTP-date Retry-After (the spec asks for
    whole seconds) passed whenever the retry was answered. Now the retried 429 is an exchange of its own: in
    the HAR (attempt 1, retried) before its retry (attempt 2), and judged."""
    with FaultProvider(origin(servers(None)), planned({3: "429_date"}), TIMEOUT) as provider:
        code, report, entries, _ = run_suite(provider, tmp_path)
    assert code == 1, report["summary"]
    detail = f"Retry-After is '{HTTP_DATE}', not a whole number of seconds >= 1 (attempt 1, then retried)"
    assert status_of(report, "rate_limit_handling") == ("failed", detail)
    retried = [i for i, e in enumerate(entries) if e["_conformance"]["retried"]]
    assert len(retried) == 1 and entries[retried[0]]["response"]["status"] == 429
    first, second = entries[retried[0]], entries[retried[0] + 1]
    assert first["request"]["url"] == second["request"]["url"] and second["response"]["status"] == 200
    assert (first["_conformance"]["attempt"], second["_conformance"]["attempt"]) == (1, 2)
    assert second["_conformance"]["retries_429"] == 1 and report["requests"] == len(entries) == len(provider.served)


LEGAL = ["odd_headers", "gzip_gzip", "informational_first", "chunked", "close_delimited", "gzip"]


def test_legal_variation_on_every_answer_is_conformant(
    servers: Callable[[str | None], ReferenceServer], tmp_path: Path
) -> None:
    """Before: a header value with bytes >= 0x80 (obs-text, legal) made every schemathesis check skip with
    `internal error ... UnicodeEncodeError` (run incomplete, exit 5), and `Content-Encoding: gzip, gzip` failed
    in the suite although the client accepted it. Every answer here is legal, in one of several odd ways, and
    one 429 says `Retry-After: 1` and is cleared by its retry."""

    def plan(index: int) -> str:
        return "429_seconds" if index == 7 else LEGAL[index % len(LEGAL)]

    with FaultProvider(origin(servers(None)), plan, TIMEOUT) as provider:
        code, report, entries, _ = run_suite(provider, tmp_path)
    assert (code, report["verdict"]) == (0, "conformant"), report["summary"]
    assert status_of(report, "rate_limit_handling")[0] == "passed"
    obs = [e for e in entries if any(h["name"] == "x-obs-text" for h in e["response"]["headers"])]
    assert obs and all(
        h["value"] == "caf\xe9 \xff\x80" for e in obs for h in e["response"]["headers"] if h["name"] == "x-obs-text"
    )


# --- the client's front door --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    with ReferenceServer() as server:
        yield origin(server)


def client_of(provider: FaultProvider, retry: RetryPolicy | None = None) -> Any:
    options: dict[str, Any] = {} if retry is None else {"retry": retry}
    return presets.openai(KEY, base_url=provider.base_url, deadline=TIMEOUT, **options)


def raised(action: Callable[[], object]) -> RunStepsError:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(RunStepsError) as caught:
            action()
    return caught.value


def test_a_date_retry_after_in_any_zone_never_escapes_as_type_error(upstream: str) -> None:
    """Before: `Retry-After: Wed, 21 Oct 2015 07:28:00 -0000` on a 404 (or a 429 without retries) raised a
    bare TypeError (naive minus aware datetime); under retries the same 429 came out as DecodeError."""
    with FaultProvider(upstream, planned({0: "404_date"}), TIMEOUT) as provider:
        error = raised(lambda: list_run_steps(client_of(provider), THREAD, RUN))
    assert type(error) is NotFoundError and error.retry_after == 0.0
    with FaultProvider(upstream, planned({0: "429_date"}), TIMEOUT) as provider:
        error = raised(lambda: list_run_steps(client_of(provider, RetryPolicy(max_retries=0)), THREAD, RUN))
    assert type(error) is RateLimitError and error.retry_after == 0.0
    with FaultProvider(upstream, lambda _: "429_date", TIMEOUT) as provider:
        error = raised(lambda: list_run_steps(client_of(provider, RetryPolicy(max_retries=2)), THREAD, RUN))
    assert type(error) is RateLimitError and len(provider.served) == 3
    with FaultProvider(upstream, planned({0: "429_date"}), TIMEOUT) as provider, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        steps = [s.id for s in iter_run_steps(client_of(provider, RetryPolicy(max_retries=2)), THREAD, RUN, limit=2)]
    assert len(steps) == 5 and [s.fault for s in provider.served][:2] == ["429_date", "as_is"]


def test_a_deeply_nested_body_is_a_decode_error_sync_and_async(upstream: str) -> None:
    """Before: a body nested 100,000 deep raised the base RunStepsError (a RecursionError inside)."""
    with FaultProvider(upstream, lambda _: "deep_json", TIMEOUT) as provider:
        error = raised(lambda: list_run_steps(client_of(provider), THREAD, RUN))
        assert type(error) is DecodeError and "nests deeper" in str(error)
        error = raised(lambda: asyncio.run(alist_run_steps(client_of(provider), THREAD, RUN)))
        assert type(error) is DecodeError


def test_a_header_drip_ends_at_the_client_deadline(upstream: str) -> None:
    with FaultProvider(upstream, lambda _: "drip_headers", TIMEOUT) as provider:
        started = time.monotonic()
        error = raised(lambda: list_run_steps(client_of(provider, RetryPolicy(max_retries=0)), THREAD, RUN))
        took = time.monotonic() - started
    assert type(error) is ApiTimeoutError and took < TIMEOUT + 0.5, took


# --- conformance serve: request heads that never end --------------------------------------------------------


def test_serve_closes_connections_whose_request_head_never_completes() -> None:
    """Before: 50 connections that sent half a request head were held open indefinitely. Now each is closed
    once its head has taken `head_timeout` seconds (a head dripped a byte at a time too), while other clients
    are answered as usual meanwhile, idle kept-alive connections included."""
    with ReferenceServer(head_timeout=1.0) as server:
        stalled = []
        for _ in range(50):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sock.sendall(b"GET /v1/threads/thread_ref_main/runs/run_ref_five/steps HTTP/1.1\r\nHost: x\r\n")
            stalled.append(sock)
        started = time.monotonic()
        with httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=5) as http:
            answers = [http.get(f"/threads/{THREAD}/runs/{RUN}/steps").status_code for _ in range(3)]
            time.sleep(1.5)  # idle between requests on a kept-alive connection is not a slow head
            answers.append(http.get(f"/threads/{THREAD}/runs/{RUN}/steps").status_code)
        assert answers == [200, 200, 200, 200]
        for sock in stalled:
            assert sock.recv(1) == b""  # closed by the server (EOF), not left open
            sock.close()
        assert time.monotonic() - started < 5
        assert drip_closed_after(server) < 3


def drip_closed_after(server: ReferenceServer) -> float:
    """Seconds until the server closes a connection whose head arrives a byte every 0.2 s (10 s: never)."""
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        started = time.monotonic()
        for byte in b"GET /v1/threads/thread_ref_main/runs/run_ref_five/steps HTTP/1.1\r\nHost: x\r\n" * 2:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                return time.monotonic() - started
            if select.select([sock], [], [], 0.2)[0]:
                assert sock.recv(1) == b""
                return time.monotonic() - started
    return 10.0
