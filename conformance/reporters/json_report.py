"""`report.json`: the run as data, following `conformance/report.schema.json` (every report the tests write is
validated against it); its keys are published, so a change here goes with the schema and its tests."""

from __future__ import annotations

import json
from typing import Any

from conformance.headline import headline
from conformance.reporters.common import exchange_view, serve_line
from conformance.resources import REPORT_SCHEMA, resource_path
from conformance.results import RunResult, Status
from conformance.secrets import Masker

SCHEMA_PATH = resource_path(REPORT_SCHEMA)


class JsonReporter:
    name = "json"
    filename = "report.json"

    def render(self, result: RunResult, masker: Masker) -> str:
        return json.dumps(as_dict(result, masker), indent=2, ensure_ascii=False) + "\n"


def as_dict(result: RunResult, masker: Masker) -> dict[str, Any]:
    """report.json's content, before the masking of its text (`render` is what is written)."""
    serve = serve_line(result)
    data = {
        "verdict": result.verdict.value,
        "summary": headline(result),
        "target": result.target_name,
        "target_id": result.target_id,
        "run": result.run_ref,
        "spec_version": result.spec_version,
        "base_url": result.base_url,
        "profile": result.profile,
        "seed": result.seed,
        "cases": result.cases,
        "requests": result.requests,
        "request_budget": result.budget,
        "rate_limit_per_second": result.rate_limit,
        "workers": result.workers,
        "requests_planned": result.planned,
        "requests_spent": result.spent,
        "requests_planned_by_class": result.planned_by_class,
        "requests_spent_by_class": result.spent_by_class,
        "run_steps": result.steps,
        "observed_scope": observed_scope(result),
        "elapsed_seconds": round(result.elapsed, 3),
        "finished_at": result.finished_at.isoformat(timespec="seconds"),
        "request_times_ms": [round(e.elapsed * 1000, 1) for e in result.exchanges],
        "recording": result.recording,
        "root_causes": [c.name for c in result.failed if c.echo_of is None],
        "untestable": None
        if result.untestable is None
        else {
            "kind": result.untestable.kind,
            "reason": result.untestable.reason,
            "request": exchange_view(result.untestable.request, masker, result),
        },
        "skipped_core_checks": [c.name for c in result.skipped_core],
        "excluded_checks": [c.name for c in result.checks if c.status is Status.EXCLUDED],
        "baseline": None
        if result.baseline is None
        else {
            "path": result.baseline.path,
            "regressions": list(result.baseline.regressions),
            "known": list(result.baseline.known),
            "fixed": list(result.baseline.fixed),
            "hidden": list(result.baseline.hidden),
        },
        "reproduce": None if serve is None else {"serve": serve, "replay": result.replay},
        "notes": result.notes,
        "checks": [
            {
                "name": c.name,
                "phase": c.phase,
                "status": c.status.value,
                "core": c.core,
                "description": c.description,
                "detail": c.detail,
                "echo_of": c.echo_of,
                "blocked_by": c.outcome.blocked_by,
                "needs": c.outcome.needs,
                "cases": c.cases,
                "request": exchange_view(c.request, masker, result),
                "previous_request": exchange_view(c.outcome.previous_request, masker, result),
            }
            for c in result.checks
        ],
    }
    return data


SCOPE_COVERS = (
    "A verdict rests on the run it was given: every check judged what that run can show. A run of 2+ steps shows "
    "cursors crossing pages in both orders and directions, has_more true and false, and a full last page; the "
    "default page size needs 21+ steps, a full page of 100 needs 100+, include[] content needs a file_search "
    "call with results. What the run could not show is listed in `unobservable`, with the run that would show it."
)


def observed_scope(result: RunResult) -> dict[str, Any] | None:
    """What this run's verdict covers: the run's size, and each behaviour it could not show."""
    if not result.checks:
        return None
    return {
        "run_steps": result.steps,
        "unobservable": [{"check": c.name, "reason": c.detail, "needs": c.outcome.needs} for c in result.unobservable],
        "covers": SCOPE_COVERS,
    }
