"""Faults nobody named: Hypothesis draws, per request, a misbehaviour from the provider's catalogue (see
`tests.wire_faults.provider`) and the suite's CLI and the client's front door must survive whatever it drew.

The suite: never exit 4 (our own bugs) nor a traceback, always a report.json valid against its schema, done
within (requests x --timeout + the 429 waits + a constant), and never `conformant` once a harmful fault
reached a request. The client: done within its deadline per page, with every step in order or one error of
its family (never the base class, never anything else), in bounded memory; and with only legal variation on
the wire, every step.

CI runs a fixed seed and a few examples (about a minute in all). To look harder, e.g. before a release:
    WIRE_FAULTS_SEED=7 WIRE_FAULTS_EXAMPLES=40 WIRE_FAULTS_CLIENT_EXAMPLES=400 \\
        .venv/bin/python -m pytest -p no:xdist tests/wire_faults/test_generated_faults.py
Each failure found this way becomes a named regression (`test_named_faults.py`, or an `@example` here).
"""

from __future__ import annotations

import asyncio
import os
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, event, given, note, seed, settings
from hypothesis import strategies as st
from run_steps_client import RetryPolicy, RunStepsError, aiter_run_steps, iter_run_steps, presets

from conformance.reference.server import ReferenceServer
from tests.support import load_report, run_cli
from tests.wire_faults.provider import CATALOGUE, RETRIED_BY_CLIENT, FaultProvider

SEED = int(os.environ.get("WIRE_FAULTS_SEED", "29"))
SUITE_EXAMPLES = int(os.environ.get("WIRE_FAULTS_EXAMPLES", "2"))
CLIENT_EXAMPLES = int(os.environ.get("WIRE_FAULTS_CLIENT_EXAMPLES", "15"))
THREAD, RUN, KEY = "thread_ref_main", "run_ref_five", "sk-ref-conformance"
TIMEOUT = 2.0  # the suite's --timeout and the client's deadline: stalls and drips cost this much each
CONSTANT = 45.0  # seconds for everything but the requests: start-up, generating cases (a loaded CI machine)
RETRY_WAIT = 1.0  # the longest Retry-After (or backoff) any fault asks for with --retries 1


def planned(faults: dict[int, str]) -> Callable[[int], str]:
    return lambda index: faults.get(index, "as_is")


def origin(server: ReferenceServer) -> str:
    return server.base_url.removesuffix("/v1")


# Faults meet the first 60 requests (the preflight, the walks, the single probes and the first cases).
suite_plans = st.dictionaries(st.integers(0, 59), st.sampled_from(sorted(CATALOGUE)), max_size=6)


@pytest.mark.timeout(90 + 60 * SUITE_EXAMPLES)  # all examples are one test to pytest-timeout
@settings(
    max_examples=SUITE_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@seed(SEED)
@given(plan=suite_plans)
def test_the_suite_survives_any_fault_on_the_wire(
    servers: Callable[[str | None], ReferenceServer], tmp_path_factory: pytest.TempPathFactory, plan: dict[int, str]
) -> None:
    note(f"plan: {plan}")
    report_dir = tmp_path_factory.mktemp("wire-faults")
    with FaultProvider(origin(servers(None)), planned(plan), TIMEOUT) as provider:
        started = time.monotonic()
        done = run_cli("run", "--base-url", provider.base_url, "--thread-id", THREAD, "--run-id", RUN,
                       "--api-key", KEY, "--seed", "3", "--max-examples", "1", "--timeout", str(TIMEOUT),
                       "--retries", "1", "--report-dir", str(report_dir), "--report", "json", timeout=600)  # fmt: skip
        elapsed = time.monotonic() - started
    served = provider.served
    met = [(s.index, s.fault) for s in served if s.fault != "as_is"]
    note(f"exit {done.returncode} in {elapsed:.1f} s; faults met: {met}")
    assert done.returncode != 4 and "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    report = load_report(report_dir)  # validated against report.schema.json
    limited = sum(1 for s in served if s.fault.startswith("429"))
    assert elapsed < len(served) * TIMEOUT + limited * RETRY_WAIT + CONSTANT, (elapsed, len(served))
    harmful = provider.harmful("suite")
    event(f"{report['verdict']}, {'a harmful fault' if harmful else 'no harmful fault'} met")
    if harmful:
        assert report["verdict"] != "conformant", [(s.index, s.fault, s.target) for s in harmful]


EXPECTED: list[str] = []
STEPS_PER_PAGE = 2  # 5 steps: 3 pages
PAGES = 3
# Another request's (valid) page is indistinguishable from the right one to a client: the suite's business.
CLIENT_FAULTS = sorted(set(CATALOGUE) - {"another_body"})
client_plans = st.dictionaries(st.integers(0, 4), st.sampled_from(CLIENT_FAULTS), max_size=3)  # 3 pages, retries


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    with ReferenceServer() as server, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        EXPECTED[:] = [s.id for s in iter_run_steps(presets.openai(KEY, base_url=server.base_url), THREAD, RUN)]
        yield origin(server)


def walk(provider: FaultProvider, mode: str, into: list[str]) -> None:
    client = presets.openai(KEY, base_url=provider.base_url, deadline=TIMEOUT, retry=RetryPolicy(max_backoff=1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if mode == "sync":
            with client:
                into.extend(s.id for s in iter_run_steps(client, THREAD, RUN, limit=STEPS_PER_PAGE))
            return

        async def run() -> None:
            async with client:
                async for step in aiter_run_steps(client, THREAD, RUN, limit=STEPS_PER_PAGE):
                    into.append(step.id)

        asyncio.run(run())


@pytest.mark.timeout(60 + 10 * CLIENT_EXAMPLES)
@settings(
    max_examples=CLIENT_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@seed(SEED)
@given(plan=client_plans, mode=st.sampled_from(["sync", "async"]))
def test_the_client_survives_any_fault_on_the_wire(upstream: str, plan: dict[int, str], mode: str) -> None:
    note(f"plan: {plan}, {mode}")
    seen: list[str] = []
    error: BaseException | None = None
    with FaultProvider(upstream, planned(plan), TIMEOUT) as provider:
        tracemalloc.start()
        started = time.monotonic()
        try:
            walk(provider, mode, seen)
        except BaseException as raised:  # judged below: only the family may come out
            error = raised
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    note(f"faults met: {[s.fault for s in provider.served]}; error: {error!r}")
    event(type(error).__name__ if error is not None else "every step")
    assert elapsed < PAGES * TIMEOUT + 1.5, elapsed
    assert peak < 48 * 1024 * 1024, peak
    if error is not None:
        assert isinstance(error, RunStepsError) and type(error) is not RunStepsError, repr(error)
        assert seen == EXPECTED[: len(seen)]  # what came before the error was right and in order
    else:
        assert seen == EXPECTED
    met = [CATALOGUE[s.fault] for s in provider.served]
    legal = all(not f.harms_client for f in met) and not any(s.fault.startswith("429") for s in provider.served)
    if legal:
        assert error is None, repr(error)
    beyond_retry = [s for s in provider.served if CATALOGUE[s.fault].harms_client and s.fault not in RETRIED_BY_CLIENT]
    if beyond_retry:
        assert error is not None, [s.fault for s in beyond_retry]


def test_the_catalogue_has_every_kind_of_fault_the_issue_names() -> None:
    names = set(CATALOGUE)
    for kind in ("close", "reset", "stall", "drip", "length", "chunk", "json", "huge", "deep", "binary", "shape",
                 "error", "429", "redirect", "informational", "odd", "another", "gzip"):  # fmt: skip
        assert any(kind in name for name in names), kind
