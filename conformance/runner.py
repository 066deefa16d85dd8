"""Drives one conformance run against one target: preflight, the semantic phase (the core checks' probes,
planned first), the schemathesis phase (whatever the budget leaves), then every check over what was seen,
once (`conformance.judging`), into a `RunResult` built once and frozen. An interrupt (SIGINT, SIGTERM) ends the
phases; what was answered before it is still judged.

Knows nothing of argv, exit codes or output formats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from conformance.checks import Phase, checks
from conformance.contract import CREDENTIAL_HEADER_NAMES, MAX_LIMIT, route_path
from conformance.evidence.fields import recipe
from conformance.judging import Seen, extensions_note, judge_checks, selected, unrecorded_note
from conformance.observations import UNRECORDED, Observations, as_page
from conformance.observe import Observer, first_page_size
from conformance.pacing import Pacer
from conformance.plan import MIN_JUDGED_STEPS, require_budget, semantic_requests
from conformance.preflight import diagnose
from conformance.probes import PREFLIGHT
from conformance.progress import Progress, Silent
from conformance.results import Outcome, RunResult, Untestable, linked
from conformance.schema_phase import SchemaPhase, classes_for, start_generating
from conformance.settings import Settings
from conformance.spec import spec_version
from conformance.targets import Target
from conformance.transport import Transport

__all__ = ["About", "RunState", "run_target"]


@dataclass(frozen=True)
class About:
    """What the run is of, beyond the target it talks to: set on the result when it is made, so the result
    leaves `run_target` finished (see `RunResult`)."""

    target_id: str = ""
    run_ref: str = ""
    notes: tuple[str, ...] = ()
    embedded_fault: str | None = None
    replay: str | None = None


@dataclass
class RunState:
    """What a run has established so far; made into the frozen `RunResult` once, when the run ends."""

    notes: list[str]
    untestable: Untestable | None = None
    steps: int | None = None
    planned: dict[str, int] = field(default_factory=dict)
    spent: dict[str, int] = field(default_factory=dict)
    cases: int = 0
    observer: Observer | None = None
    observations: Observations | None = None
    schema: dict[str, Outcome] | None = None  # the schemathesis checks' outcomes, once the phase has run
    planned_by_class: dict[str, int] = field(default_factory=dict)  # the schemathesis phase's, per class
    spent_by_class: dict[str, int] = field(default_factory=dict)


def run_target(
    target: Target,
    settings: Settings,
    progress: Progress | None = None,
    about: About = About(),
    make_transport: Callable[..., Transport] = Transport,
) -> RunResult:
    """One run of the suite against `target`; the result is built once, when the run ends, and frozen (a
    baseline comparison, if any, makes a new one: `execution.run`). `make_transport`: what sends the requests
    (`conformance.evidence.judge` hands it a recording's replay as its http transport)."""
    progress = progress or Silent()
    state = RunState(notes=list(about.notes))
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
    interrupted = None
    try:
        _run(target, settings, transport, state, progress)
    except KeyboardInterrupt as stop:  # SIGINT, or SIGTERM as the CLI turns it into one: keep what was judged
        interrupted = str(getattr(stop, "signal_name", "SIGINT"))
        if state.observer is not None and state.observations is None:
            state.observations = state.observer.interrupted()
        state.notes.append(f"interrupted by {interrupted}; the report holds the requests sent so far")
    finally:
        transport.close()
    sent = list(transport.exchanges)
    answered = [e for e in sent if e.error_kind != UNRECORDED]
    for seq, exchange in enumerate(answered):
        exchange.seq = seq
    seen = Seen(state.observations, state.schema, answered, interrupted)
    judged = [] if state.untestable is not None else judge_checks(settings, seen)
    unrecorded = [e for e in sent if e.error_kind == UNRECORDED]
    if unrecorded:
        state.notes.append(unrecorded_note(unrecorded, judged))
    named = extensions_note(settings, seen) if judged else None
    if named:
        state.notes.append(named)
    result = RunResult(
        target_name=target.name,
        base_url=target.base_url,
        profile=target.profile.name,
        seed=settings.seed,
        checks=linked(judged),
        cases=state.cases,
        requests=transport.sent,
        budget=settings.max_requests,
        planned=state.planned,
        spent=state.spent,
        planned_by_class=state.planned_by_class,
        spent_by_class=state.spent_by_class,
        elapsed=time.perf_counter() - started,
        untestable=state.untestable,
        steps=state.steps,
        notes=state.notes,
        exchanges=answered,
        embedded_fault=about.embedded_fault,
        replay=about.replay,
        rate_limit=settings.rate_limit,
        workers=settings.workers,
        target_id=about.target_id,
        run_ref=about.run_ref,
        spec_version=spec_version(),
        interrupted=interrupted,
        recipe=recipe(target, settings),
        observations=state.observations,
    )
    return result


def _run(target: Target, settings: Settings, transport: Transport, state: RunState, progress: Progress) -> None:
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
        state.untestable = stop
        state.spent["preflight"] = transport.sent
        return
    page = as_page(first, PREFLIGHT.params)
    estimate, exact = first_page_size(page)
    if page.body is not None and exact and estimate < MIN_JUDGED_STEPS:
        warning = (
            f"the run has {estimate} step{'s' if estimate != 1 else ''}; a cursor crossing a page and has_more "
            f"true need at least {MIN_JUDGED_STEPS}, so the verdict can be at best incomplete (choose a longer run)"
        )
        state.notes.append(warning)
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
    credentials = target.profile.credential_variants()
    progress.phase("semantic", lambda: transport.sent, lambda: semantic_requests(estimate), transport.pacer.interval)
    observer = state.observer = Observer(
        transport,
        target.thread_id,
        target.run_id,
        credentials,
        workers=settings.workers,
        budget=settings.max_requests,
        allow_incomplete=settings.allow_incomplete,
    )
    seen = state.observations = observer.observe(page)
    state.steps = seen.steps
    state.planned["semantic"] = semantic_requests(seen.steps if seen.steps is not None else estimate)
    state.spent["semantic"] = transport.sent
    state.cases += seen.requests

    if seen.stopped:
        state.notes.append(f"semantic phase: {seen.stopped}")
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
        state.schema = _schema_phase(phase, transport, state, progress)
    else:
        state.schema = {}


def _schema_phase(phase: SchemaPhase, transport: Transport, state: RunState, progress: Progress) -> dict[str, Outcome]:
    progress("schemathesis phase: coverage and fuzzing cases")
    before = transport.sent
    progress.phase(
        "schemathesis", lambda: transport.sent - before, lambda: phase.cases_planned or None, transport.pacer.interval
    )
    schema_outcomes = phase.run()
    state.planned["schemathesis"] = phase.cases_planned
    state.spent["schemathesis"] = transport.sent - state.spent["semantic"]
    state.planned_by_class, state.spent_by_class = dict(phase.planned_by_class), dict(phase.spent_by_class)
    state.cases += phase.cases_run
    if phase.stopped:
        state.notes.append(f"schemathesis phase stopped after {phase.cases_run} cases: {phase.stopped}")
    return schema_outcomes
