"""Each step belongs where it was asked for, and says consistently what it is and how it ended."""

from __future__ import annotations

from typing import Any, TypeGuard

from conformance.checks.registry import MEMBERSHIP, Severity, schema_at, semantic
from conformance.observations import Exchange, Observations, Page
from conformance.outcome import Outcome
from conformance.probes import PAGES


def no_steps(seen: Observations, missing: str) -> Outcome:
    """Nothing to judge: an empty run cannot show it (unobservable); otherwise the probes did not get there."""
    if seen.steps == 0:
        return Outcome.unobservable("the run has no steps", "a run of 1+ steps")
    return Outcome.skipped(seen.stopped or missing)


TIMESTAMP_OF = {
    "completed": "completed_at",
    "failed": "failed_at",
    "cancelled": "cancelled_at",
    "expired": "expired_at",
}


IDENTITY = ("body.data.thread_id", "body.data.run_id", "body.data.object")


@semantic(Severity.DATA, reads=PAGES, parts=IDENTITY, blames=(MEMBERSHIP,), explains=[schema_at(p) for p in IDENTITY])
def step_identity(seen: Observations) -> Outcome:
    """Every step has the thread_id and run_id asked for and object `thread.run.step`."""
    steps = 0
    expected = {"thread_id": seen.thread_id, "run_id": seen.run_id, "object": "thread.run.step"}
    first: tuple[str, Page] | None = None
    shown_by: list[Exchange] = []  # every page holding such a step: what else fails on them follows from it
    for page in seen.pages():
        for step in page.data:
            steps += 1
            wrong = next((f for f, want in expected.items() if step.get(f) != want), None)
            if wrong is not None:
                detail = f"step {step.get('id')}: {wrong} is {step.get(wrong)!r}, expected {expected[wrong]!r}"
                first = first or (detail, page)
                if page.exchange not in shown_by:
                    shown_by.append(page.exchange)
    if first is not None:
        return Outcome.failed(first[0], first[1].exchange, steps, evidence=shown_by)
    if not steps:
        return no_steps(seen, "no step was returned")
    return Outcome.passed(f"{steps} steps", cases=steps)


@semantic(
    Severity.DATA, reads=PAGES, parts=("body.object",), blames=("body.object",), explains=[schema_at("body.object")]
)
def page_object(seen: Observations) -> Outcome:
    """Every page says what it is: its `object` is "list", as OpenAI sends on every list endpoint (the spec
    leaves it a plain string, so schema validation does not see it)."""
    pages = [p for p in seen.pages() if p.body is not None]
    for page in pages:
        said = page.body.get("object") if page.body is not None else None
        if said != "list":
            return Outcome.failed(f"the page {page.query} says object {said!r}, not 'list'", page.exchange, len(pages))
    if not pages:
        return Outcome.skipped(seen.stopped or "no page was answered")
    return Outcome.passed(f"{len(pages)} pages", cases=len(pages))


@semantic(Severity.DATA, reads=PAGES, parts=("body.data.type", "body.data.step_details"))
def step_type_consistency(seen: Observations) -> Outcome:
    """A step's `type` equals its `step_details.type`."""
    steps = 0
    for page in seen.pages():
        for step in page.data:
            details = step.get("step_details")
            if not isinstance(details, dict):
                continue
            steps += 1
            if step.get("type") != details.get("type"):
                return Outcome.failed(
                    f"step {step.get('id')}: type {step.get('type')!r} but step_details.type {details.get('type')!r}",
                    page.exchange,
                    steps,
                )
    if not steps:
        return no_steps(seen, "no step with step_details was returned")
    return Outcome.passed(f"{steps} steps", cases=steps)


def is_number(value: Any) -> TypeGuard[float]:
    """A timestamp is judged by its meaning: any JSON number will do here (`1699063294.0` too, which the schema
    counts as an integer); how it is written is number_wire_form's to judge."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def status_problem(step: dict[str, Any]) -> str | None:
    """Why a step's status disagrees with its timestamps or last_error, as OpenAI's run steps behave."""
    status = step.get("status")
    stamps = {name: step.get(name) for name in TIMESTAMP_OF.values()}
    created = step.get("created_at")
    if status not in TIMESTAMP_OF and status != "in_progress":
        return None  # an unknown status is response_schema_conformance's to report
    own = TIMESTAMP_OF.get(str(status))
    for name, value in stamps.items():
        if name == own:  # its meaning, not its type: 1733821202.0 is a time (how it is written: number_wire_form)
            if not is_number(value):
                return f"status {status!r} but {name} is {value!r}"
            if is_number(created) and value < created:
                return f"{name} {value} is before created_at {created}"
        elif value is not None:
            return f"status {status!r} but {name} is {value!r} (only {own or 'none'} may be set)"
    error = step.get("last_error")
    if status == "failed" and not (isinstance(error, dict) and error.get("code") and error.get("message")):
        return f"status 'failed' but last_error is {error!r} (a failed step says why)"
    if status != "failed" and error is not None:
        return f"status {status!r} but last_error is set: {error!r}"
    return None


STATUS_FIELDS = ("body.data.status", "body.data.created_at", "body.data.last_error",
                 *(f"body.data.{stamp}" for stamp in TIMESTAMP_OF.values()))  # fmt: skip


@semantic(Severity.DATA, reads=PAGES, parts=STATUS_FIELDS)
def step_status_consistency(seen: Observations) -> Outcome:
    """A step's status agrees with its timestamps and last_error: completed steps have completed_at, failed
    ones failed_at and a last_error, cancelled ones cancelled_at, expired ones expired_at, in_progress ones
    none of these; no other of the four is set, none is before created_at, and only failed steps carry
    last_error."""
    steps = 0
    for page in seen.pages():
        for step in page.data:
            steps += 1
            problem = status_problem(step)
            if problem:
                return Outcome.failed(f"step {step.get('id')}: {problem}", page.exchange, steps)
    if not steps:
        return no_steps(seen, "no step was returned")
    return Outcome.passed(f"{steps} steps", cases=steps)
