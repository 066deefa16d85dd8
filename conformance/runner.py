"""Drives one conformance run against one target: preflight, the schemathesis phase, the semantic phase.

Returns a `RunResult`; knows nothing of argv, exit codes or output formats.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from conformance.checks import NETWORK, SEMANTIC, description
from conformance.observe import Observer
from conformance.results import RunResult
from conformance.schema_phase import CHECKS as SCHEMA_CHECKS
from conformance.schema_phase import SchemaPhase
from conformance.settings import Settings, Target
from conformance.transport import BudgetSpent, Transport

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def run_target(target: Target, settings: Settings, progress: Progress = _quiet) -> RunResult:
    result = RunResult(
        target=target.name,
        base_url=target.base_url,
        profile=target.profile.name,
        seed=settings.seed,
        budget=settings.max_requests,
    )
    started = time.perf_counter()
    transport = Transport(
        target.base_url,
        target.profile.headers,
        timeout=settings.timeout,
        max_body_bytes=settings.max_body_bytes,
        max_requests=settings.max_requests,
        retry_429=settings.retry_429,
        max_retry_wait=settings.max_retry_wait,
    )
    try:
        _run(target, settings, transport, result, progress)
    finally:
        transport.close()
        result.requests = transport.sent
        result.elapsed = time.perf_counter() - started
    return result


def _run(target: Target, settings: Settings, transport: Transport, result: RunResult, progress: Progress) -> None:
    path = f"/threads/{target.thread_id}/runs/{target.run_id}/steps"
    progress(f"preflight: GET {target.base_url}{path}")
    try:
        preflight = transport.get(path, [("order", "asc"), ("limit", "100")])
    except BudgetSpent as exc:
        result.unreachable = str(exc)
        return
    if preflight.status is None:
        result.unreachable = preflight.error or "no answer"
        return
    known_ids: list[str] = []
    if preflight.ok:
        try:
            body = preflight.json()
            known_ids = [str(s["id"]) for s in body["data"] if isinstance(s, dict) and "id" in s]
        except (ValueError, TypeError, KeyError):
            known_ids = []
    if not known_ids:
        result.notes.append(
            f"preflight answered {preflight.status} without steps; cursors are left out of generated requests"
        )

    progress("schemathesis phase: coverage and fuzzing cases")
    phase = SchemaPhase(
        transport,
        target.profile.headers,
        target.thread_id,
        target.run_id,
        known_ids,
        settings.max_examples,
        settings.seed,
    )
    result.checks.extend(phase.run())
    result.cases += phase.cases_run
    if phase.stopped:
        result.notes.append(f"schemathesis phase stopped early: {phase.stopped}")

    progress("semantic phase: cursor walks, consistency, errors")
    observer = Observer(
        transport,
        target.thread_id,
        target.run_id,
        target.profile.without_credentials(),
        target.profile.with_wrong_credentials(),
    )
    try:
        seen = observer.observe()
    except BudgetSpent as exc:
        seen = observer.seen
        result.notes.append(f"semantic phase stopped early: {exc}; checks without data are skipped")
    result.cases += seen.requests
    for check in SEMANTIC:
        outcome = check(seen)
        outcome.phase, outcome.description = "semantic", description(check)
        result.checks.append(outcome)
    for network_check in NETWORK:
        outcome = network_check(transport.exchanges)
        outcome.phase, outcome.description = "network", description(network_check)
        result.checks.append(outcome)


def check_names() -> list[str]:
    """Every check a run reports, in report order."""
    return [*SCHEMA_CHECKS, *(c.__name__ for c in SEMANTIC), *(c.__name__ for c in NETWORK)]
