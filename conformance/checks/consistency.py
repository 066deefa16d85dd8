"""Each step belongs where it was asked for and says consistently what it is."""

from __future__ import annotations

from conformance.checks.pagination import pages
from conformance.observe import Observations
from conformance.results import CheckResult


def step_identity(seen: Observations) -> CheckResult:
    """Every step has the thread_id and run_id asked for and object `thread.run.step`."""
    name = "step_identity"
    steps = 0
    for page in pages(seen):
        for step in page.data:
            steps += 1
            expected = {"thread_id": seen.thread_id, "run_id": seen.run_id, "object": "thread.run.step"}
            for field, want in expected.items():
                if step.get(field) != want:
                    return CheckResult.failed(
                        name,
                        f"step {step.get('id')}: {field} is {step.get(field)!r}, expected {want!r}",
                        page.exchange,
                        cases=steps,
                    )
    if not steps:
        return CheckResult.skipped(name, "no step was returned (is the run empty?)")
    return CheckResult.passed(name, f"{steps} steps", cases=steps)


def step_type_consistency(seen: Observations) -> CheckResult:
    """A step's `type` equals its `step_details.type`."""
    name = "step_type_consistency"
    steps = 0
    for page in pages(seen):
        for step in page.data:
            details = step.get("step_details")
            if not isinstance(details, dict):
                continue
            steps += 1
            if step.get("type") != details.get("type"):
                return CheckResult.failed(
                    name,
                    f"step {step.get('id')}: type {step.get('type')!r} but step_details.type {details.get('type')!r}",
                    page.exchange,
                    cases=steps,
                )
    if not steps:
        return CheckResult.skipped(name, "no step with step_details was returned")
    return CheckResult.passed(name, f"{steps} steps", cases=steps)
