"""The suite and the client through Portkey's real open-source gateway (npm, two pinned versions).

The gateway forwards to the reference provider via x-portkey-provider: openai and x-portkey-custom-host.
1.9.8 passes the provider's answers through; 1.15.2 on Node 20 answers 500 to every upstream 200, and the
suite must say so.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from run_steps_client import presets
from run_steps_client.pagination import iter_run_steps

from conformance.errors import GatewayUnavailable
from conformance.reference.server import ReferenceServer
from tests.gateway.process import PortkeyGateway, check_installed
from tests.paths import ROOT
from tests.support import load_report


def gateway(version: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortkeyGateway]:
    reason = os.environ.get("RUN_STEPS_GATEWAY_SKIP")
    if reason:
        pytest.skip(f"Portkey gateway tests skipped: {reason}")
    log = tmp_path_factory.mktemp("gateway") / f"gateway-{version}.log"
    try:
        started = PortkeyGateway(version, log_path=log).start()
    except GatewayUnavailable as exc:
        pytest.skip(f"Portkey gateway {version} unavailable: {exc}")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def gateway_1_9_8(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortkeyGateway]:
    yield from gateway("1.9.8", tmp_path_factory)


@pytest.fixture(scope="module")
def gateway_1_15_2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortkeyGateway]:
    yield from gateway("1.15.2", tmp_path_factory)


def run_through(gw: PortkeyGateway, upstream: ReferenceServer, report_dir: Path) -> tuple[int, dict[str, str]]:
    args = [
        "run",
        "--base-url",
        gw.base_url,
        "--profile",
        "portkey-self-hosted",
        "--portkey-provider",
        "openai",
        "--custom-host",
        upstream.base_url,
        "--api-key",
        "sk-ref-conformance",
        "--thread-id",
        "thread_ref_main",
        "--run-id",
        "run_ref_main",
        "--seed",
        "4",
        "--max-examples",
        "10",
        "--report-dir",
        str(report_dir),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "conformance", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert "Traceback" not in result.stdout + result.stderr
    report = load_report(report_dir)
    return result.returncode, {c["name"]: c["status"] for c in report["checks"]}


def test_conformant_through_1_9_8(gateway_1_9_8: PortkeyGateway, reference: ReferenceServer, tmp_path: Path) -> None:
    code, checks = run_through(gateway_1_9_8, reference, tmp_path)
    assert code == 0, {k: v for k, v in checks.items() if v != "passed"}


def test_non_conformant_through_1_15_2(
    gateway_1_15_2: PortkeyGateway, reference: ReferenceServer, tmp_path: Path
) -> None:
    code, checks = run_through(gateway_1_15_2, reference, tmp_path)
    assert code == 1
    assert checks["not_a_server_error"] == "failed" and checks["cursor_walk"] == "failed"


def test_fault_behind_the_gateway_is_still_detected(
    gateway_1_9_8: PortkeyGateway, servers: Callable[[str | None], ReferenceServer], tmp_path: Path
) -> None:
    code, checks = run_through(gateway_1_9_8, servers("cursor-inclusive"), tmp_path)
    assert code == 1 and checks["cursor_walk"] == "failed"


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_client_lists_all_steps_through_1_9_8(
    gateway_1_9_8: PortkeyGateway, reference: ReferenceServer, order: str
) -> None:
    client = presets.portkey_self_hosted(gateway_1_9_8.base_url, "openai", reference.base_url, "sk-ref-conformance")
    steps = list(iter_run_steps(client, "thread_ref_main", "run_ref_main", limit=20, order=order))  # type: ignore[arg-type]
    assert len(steps) == 250 and len({s.id for s in steps}) == 250
    keys = [(s.created_at, s.id) for s in steps]
    assert keys == sorted(keys, reverse=order == "desc")


def table_rows(text: str) -> list[str]:
    """The check and verdict rows of a matrix (ports and timings vary from run to run; these must not)."""
    return [line for line in text.splitlines() if line.startswith(("| `", "| **verdict**", "| check |"))]


def test_committed_example_matrix_matches_a_fresh_run(gateway_1_9_8: PortkeyGateway, tmp_path: Path) -> None:
    fresh = tmp_path / "matrix.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gateway_matrix.py"), str(fresh), str(tmp_path / "pages")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    committed = (ROOT / "examples" / "gateway-matrix.md").read_text(encoding="utf-8")
    assert table_rows(fresh.read_text(encoding="utf-8")) == table_rows(committed)
    page = (tmp_path / "pages" / "matrix.html").read_text(encoding="utf-8")
    assert page.count('<a href="gateway-1.15.2/report.html#check-not_a_server_error">') == 1
    assert "| **verdict** | **conformant** | **conformant** | **non-conformant** | **non-conformant** |" in committed


def test_a_port_taken_before_the_gateway_binds_it_is_given_up_for_another(tmp_path: Path) -> None:
    """The race that once skipped the 1.15.2 tests: the port picked was bound by another process before the
    gateway bound it (EADDRINUSE, exit 1). The gateway is started again on another port."""
    if reason := os.environ.get("RUN_STEPS_GATEWAY_SKIP"):
        pytest.skip(f"Portkey gateway tests skipped: {reason}")
    try:
        check_installed("1.15.2")
    except GatewayUnavailable as exc:
        pytest.skip(f"Portkey gateway 1.15.2 unavailable: {exc}")
    gateway = PortkeyGateway("1.15.2", log_path=tmp_path / "gateway.log")
    taken = gateway.port
    with socket.socket() as squatter:
        squatter.bind(("0.0.0.0", taken))
        squatter.listen()
        gateway.start()
        try:
            assert gateway.port != taken
            assert httpx.get(f"http://127.0.0.1:{gateway.port}/", timeout=5).status_code == 200
        finally:
            gateway.stop()
