"""No pattern of network faults makes the suite crash or run unbounded: a real socket (a chaos proxy on
127.0.0.1 in front of the reference provider) misbehaves per request as Hypothesis chooses, and every run ends
with exit 1, 3 or 5 (never 4), in bounded time, with a report.json that validates against its schema."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from conformance.reference.server import ReferenceServer
from tests.cli.chaos_proxy import ACTIONS, ChaosProxy, Plan
from tests.support import Cli, load_report, run_cli

# Small for CI: 5 generated examples plus 1 explicit (each one full run in this process, about 1-3 s);
# CHAOS_EXAMPLES raises the generated count locally (20 pass).
EXAMPLES = int(os.environ.get("CHAOS_EXAMPLES", "5"))
TIMEOUT = 0.5  # --timeout: a hang costs this much, and the breaker stops the run after a few
BOUND = 60.0  # seconds: far above a healthy run (about 3 s) and far below "unbounded"
ARGS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main", "--api-key", "sk-ref-conformance",
        "--seed", "5", "--max-examples", "2", "--timeout", str(TIMEOUT), "--retries", "0"]  # fmt: skip


def origin(server: ReferenceServer) -> str:
    return server.base_url.removesuffix("/v1")


def run_through(
    server: ReferenceServer, plan: Plan, report_dir: Path, cli: Cli | None = None
) -> tuple[int, float, ChaosProxy]:
    """The run through a chaos proxy, in a process of its own (as a user runs it, killed past twice the bound), or
    through `cli` (this process: the generated plans, about 2 s less each)."""
    args = ["run", "--base-url", "", *ARGS, "--report-dir", str(report_dir)]
    with ChaosProxy(origin(server), plan) as proxy:
        args[2] = proxy.base_url
        started = time.monotonic()
        done = run_cli(*args, timeout=BOUND * 2) if cli is None else cli(*args)
        elapsed = time.monotonic() - started
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done.returncode, elapsed, proxy


# Faults are chosen for the first 60 requests (preflight, the walks, the single probes and the first cases);
# every later request is answered.
plans = st.lists(st.sampled_from(ACTIONS), max_size=60)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every CI run; raise CHAOS_EXAMPLES to explore more
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
# Besides the 5 generated: the first page cut short, which crashed the has_more boundary probe (IndexError,
# exit 4) before it was placed only from a complete walk; Hypothesis found it at 12 examples.
@example(plan=["truncate"])
def test_no_pattern_of_network_faults_crashes_the_suite(
    servers: Callable[[str | None], ReferenceServer],
    tmp_path_factory: pytest.TempPathFactory,
    conformance: Cli,
    plan: list[str],
) -> None:
    note(f"plan: {plan}")
    report_dir = tmp_path_factory.mktemp("chaos")
    code, elapsed, proxy = run_through(
        servers(None), lambda i: plan[i] if i < len(plan) else "answer", report_dir, conformance
    )
    assert code in (1, 3, 5) or (code == 0 and set(proxy.actions) == {"answer"}), (code, plan)
    assert elapsed < BOUND, (elapsed, plan)
    report = load_report(report_dir)  # validated against report.schema.json
    assert report["requests"] == len(proxy.actions)


@pytest.mark.parametrize(
    ("name", "plan"),
    [
        ("hangs on its third request", lambda i: "hang" if i == 2 else "answer"),
        ("resets every fourth connection", lambda i: "reset" if i % 4 == 3 else "answer"),
    ],
)
def test_a_flaky_provider_ends_in_bounded_time(
    servers: Callable[[str | None], ReferenceServer], tmp_path: Path, name: str, plan: Plan
) -> None:
    code, elapsed, proxy = run_through(servers(None), plan, tmp_path)
    assert code in (1, 3), name
    assert elapsed < BOUND
    report = load_report(tmp_path)
    assert report["verdict"] in ("non-conformant", "untestable")
    failed = {c["name"] for c in report["checks"] if c["status"] == "failed"}
    assert "network_reliability" in failed, (name, failed, proxy.actions[:10])
