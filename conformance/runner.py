"""Drives one conformance run against one target: preflight, the semantic phase (the core checks' probes,
planned first), the schemathesis phase (whatever the budget leaves), then every check over what was seen.

Returns a `RunResult`; knows nothing of argv, exit codes or output formats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from conformance.checks import Check, Phase, checks
from conformance.contract import CREDENTIAL_HEADER_NAMES, MAX_LIMIT, route_path
from conformance.observations import Observations, as_page
from conformance.observe import Observer, first_page_size
from conformance.pacing import Pacer
from conformance.plan import MIN_JUDGED_STEPS, BudgetTooSmall, require_budget, semantic_requests
from conformance.preflight import diagnose
from conformance.probes import NO_CREDENTIALS, PREFLIGHT, WRONG_CREDENTIALS
from conformance.progress import Progress, Silent
from conformance.recorded import recipe
from conformance.results import CheckResult, Outcome, RunResult, Status
from conformance.schema_phase import SchemaPhase, classes_for, start_generating
from conformance.settings import Settings
from conformance.spec import spec_version
from conformance.targets import Target
from conformance.transport import Transport

__all__ = ["About", "BudgetTooSmall", "run_target", "selected"]  # BudgetTooSmall: what the CLI catches


@dataclass(frozen=True)
class About:
    """What the run is of, beyond the target it talks to: set on the result when it is made, so the result
    leaves `run_target` finished (see `RunResult`)."""

    target_id: str = ""
    run_ref: str = ""
    notes: tuple[str, ...] = ()
    embedded_fault: str | None = None
    replay: str | None = None


def run_target(
    target: Target,
    settings: Settings,
    progress: Progress | None = None,
    about: About = About(),
    make_transport: Callable[..., Transport] = Transport,
) -> RunResult:
    """One run of the suite against `target`; the result is finished when it is returned (a baseline
    comparison, if any, makes a new one: `execution.run`). `make_transport`: what sends the requests
    (`conformance.judge` answers them from a recording)."""
    progress = progress or Silent()
    result = RunResult(
        target_name=target.name,
        base_url=target.base_url,
        profile=target.profile.name,
        seed=settings.seed,
        budget=settings.max_requests,
        rate_limit=settings.rate_limit,
        workers=settings.workers,
        spec_version=spec_version(),
        target_id=about.target_id,
        run_ref=about.run_ref,
        notes=list(about.notes),
        embedded_fault=about.embedded_fault,
        replay=about.replay,
        recipe=recipe(target, settings),
    )
    started = time.perf_counter()
    transport = make_transport(
        target.base_url,
        target.profile.headers,
        timeout=settings.timeout,
        max_body_bytes=settings.max_body_bytes,
        max_requests=settings.max_requests,
        retries_429=settings.retries_429,
        max_retry_wait=settings.max_retry_wait,
        pacer=Pacer(settings.rate_limit),
        workers=settings.workers,
        query=target.query,
    )
    try:
        _run(target, settings, transport, result, progress)
    except KeyboardInterrupt as stop:  # SIGINT, or SIGTERM as the CLI turns it into one: keep what was seen
        result.interrupted = getattr(stop, "signal_name", "SIGINT")
        result.untestable = None
        reason = f"not judged: the run was interrupted ({result.interrupted})"
        result.checks = [CheckResult(c, Outcome.skipped(reason)) for c in checks()]
        result.notes.append(f"interrupted by {result.interrupted}; the report holds the requests sent so far")
    finally:
        transport.close()
        result.requests = transport.sent
        result.exchanges = transport.exchanges
        result.elapsed = time.perf_counter() - started
        result.link_echoes()
    return result


def _run(target: Target, settings: Settings, transport: Transport, result: RunResult, progress: Progress) -> None:
    path = route_path(target.thread_id, target.run_id)
    progress(f"preflight: GET {target.base_url}{path}")
    first = transport.get(path, PREFLIGHT.params, used_by=PREFLIGHT.label)
    sent = [k for k in first.request_headers if k.lower() in CREDENTIAL_HEADER_NAMES]
    stop = diagnose(
        first,
        base_url=target.base_url,
        thread_id=target.thread_id,
        run_id=target.run_id,
        profile=target.profile.name,
        credential_headers=sent,
    )
    if stop is not None:
        result.untestable = stop
        result.spent["preflight"] = transport.sent
        return
    page = as_page(first, PREFLIGHT.params)
    estimate, exact = first_page_size(page)
    if page.body is not None and exact and estimate < MIN_JUDGED_STEPS:
        warning = (
            f"the run has {estimate} step{'s' if estimate != 1 else ''}; a cursor crossing a page and has_more "
            f"true need at least {MIN_JUDGED_STEPS}, so the verdict can be at best incomplete (choose a longer run)"
        )
        result.notes.append(warning)
        progress(f"warning: {warning}")

    # Before any phase with what the first page shows when that settles the plan (its exact size, or over 100
    # steps, where a longer run only costs more); again once the first walk knows the run's size.
    # The exact minimum is checked by the observer once the first walk has counted the steps.
    if (exact or estimate > MAX_LIMIT) and not settings.allow_incomplete:
        require_budget(settings.max_requests, estimate, lower_bound=not exact)

    cases = None
    if any(selected(c.name, settings) for c in checks(Phase.SCHEMATHESIS)):  # else no case is sent
        cases = start_generating(target.thread_id, target.run_id, settings.max_examples, settings.seed)
    progress("semantic phase: cursor walks, parameters, errors")
    credentials = {
        NO_CREDENTIALS: target.profile.without_credentials(),
        WRONG_CREDENTIALS: target.profile.with_wrong_credentials(),
        **target.profile.with_malformed_credentials(),
    }
    progress.phase("semantic", lambda: transport.sent, lambda: semantic_requests(estimate), transport.pacer.interval)
    observer = Observer(
        transport,
        target.thread_id,
        target.run_id,
        credentials,
        workers=settings.workers,
        budget=settings.max_requests,
        allow_incomplete=settings.allow_incomplete,
    )
    seen = observer.observe(page)
    result.observations = seen
    result.steps = seen.steps
    result.planned["semantic"] = semantic_requests(seen.steps if seen.steps is not None else estimate)
    result.spent["semantic"] = transport.sent
    result.cases += seen.requests

    if seen.stopped:
        result.notes.append(f"semantic phase: {seen.stopped}")
    schema_outcomes: dict[str, Outcome] = {}
    if cases is not None:
        phase = SchemaPhase(
            transport,
            target.profile.headers,
            target.thread_id,
            target.run_id,
            known_ids=sorted({i for p in seen.pages() for i in p.ids}),  # real cursors: the steps the walks saw
            cases=cases,
            max_cases=transport.remaining,  # the budget left is the phase's
            workers=settings.workers,
            classes=classes_for(lambda name: selected(name, settings)),
        )
        schema_outcomes = _schema_phase(phase, transport, result, progress)
    result.checks = [
        CheckResult(
            c, _judge(c, seen, transport, schema_outcomes) if selected(c.name, settings) else _left_out(c, settings)
        )
        for c in checks()
    ]


def _schema_phase(
    phase: SchemaPhase, transport: Transport, result: RunResult, progress: Progress
) -> dict[str, Outcome]:
    progress("schemathesis phase: coverage and fuzzing cases")
    before = transport.sent
    progress.phase(
        "schemathesis", lambda: transport.sent - before, lambda: phase.cases_planned or None, transport.pacer.interval
    )
    schema_outcomes = phase.run()
    result.planned["schemathesis"] = phase.cases_planned
    result.spent["schemathesis"] = transport.sent - result.spent["semantic"]
    result.planned_by_class, result.spent_by_class = dict(phase.planned_by_class), dict(phase.spent_by_class)
    result.cases += phase.cases_run
    if phase.stopped:
        result.notes.append(f"schemathesis phase stopped after {phase.cases_run} cases: {phase.stopped}")
    return schema_outcomes


def selected(name: str, settings: Settings) -> bool:
    return (settings.checks is None or name in settings.checks) and name not in settings.excluded


def _left_out(check: Check, settings: Settings) -> Outcome:
    how = "--exclude-checks" if check.name in settings.excluded else "--checks (not listed)"
    return Outcome(Status.EXCLUDED, f"excluded by {how}")


def _judge(check: Check, seen: Observations, transport: Transport, schema: dict[str, Outcome]) -> Outcome:
    if check.phase is Phase.SCHEMATHESIS:
        return schema[check.name]
    assert check.function is not None
    if check.phase is Phase.SEMANTIC:
        return check.function(seen)
    return check.function(transport.exchanges)
