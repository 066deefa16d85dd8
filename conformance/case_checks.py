"""schemathesis' checks on one generated case's answer, each judged on its own, from one check context.

`Case.validate_response` builds a check context (the checks' configuration for the operation and the case's phase,
the response checks) on every call, hashes the case again, and formats a report of any failure. Called once per
check, as judging each check apart needs, that was a fifth of a run's CPU. Here the context is built once per
case, as `validate_response` builds it, and schemathesis' `run_checks` runs each check alone, keeping and
de-duplicating that check's failures exactly as `validate_response` does. A check that recurses too deep (a body
nested past Python's limit) fails alone, as it did when each check had its own call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemathesis import Response
from schemathesis.checks import CheckContext, load_all_checks, run_checks, run_checks_for
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.engine.run import PhaseName

from conformance.generation import Case

load_all_checks()  # what validate_response does first, once per process here


def _context(case: Case) -> CheckContext:
    meta = case.meta
    phase = PhaseName.from_str(meta.phase.name.value) if meta is not None else None
    operation = case.operation
    config = operation.schema.config.checks_config_for(
        operation=operation, phase=phase.value if phase is not None else None
    )
    return CheckContext(
        override=case._override,
        auth=None,
        headers=None,
        config=config,
        transport_kwargs=None,  # none of the suite's schemathesis checks sends a request of its own
        recorder=None,
        response_checks=run_checks_for(operation.schema).for_responses(),
        phase=phase,
    )


def _keep(name: str, collected: set[Failure], failure: Failure) -> None:
    collected.add(failure)


def failures_by_check(case: Case, response: Response, checks: Mapping[str, Any]) -> dict[str, BaseException]:
    """Each failing check's failure: a `FailureGroup` of what it found, or the RecursionError it met."""
    context = _context(case)
    failed: dict[str, BaseException] = {}
    for name, check in checks.items():
        try:
            found = run_checks(case=case, response=response, ctx=context, checks=[check], on_failure=_keep)
        except RecursionError as too_deep:
            failed[name] = too_deep
            continue
        if found:
            failed[name] = FailureGroup(list(found), f"{name} failed")
    return failed
