"""`--baseline PATH/report.json`: compare a run with an earlier one of the same target, so a nightly check fails
on what got worse, lists what is known to be broken, and says what got fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.errors import BaselineRefused
from conformance.results import BaselineComparison, RunResult, Status


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineRefused(f"--baseline {path}: cannot read a report.json ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise BaselineRefused(f"--baseline {path}: not a report.json of this suite (no `checks`)")
    return data


def check_identity(baseline: dict[str, Any], target_id: str, spec_version: str, path: Path, run_ref: str) -> None:
    """Refuse a baseline of another target (its base URL, or "embedded"), of another run, or of another
    openapi.yaml version."""
    theirs = baseline.get("target_id")
    if theirs != target_id:
        raise BaselineRefused(f"--baseline {path} is a report of {theirs or 'an unknown target'}, not of {target_id}")
    if baseline.get("run") != run_ref:
        raise BaselineRefused(
            f"--baseline {path} is a report of run {baseline.get('run') or 'unknown'}, not of {run_ref}: another run "
            "shows other behaviours; make a baseline of this run"
        )
    if baseline.get("spec_version") != spec_version:
        raise BaselineRefused(
            f"--baseline {path} was made against openapi.yaml {baseline.get('spec_version')}, this run uses "
            f"{spec_version}: make a new baseline"
        )


def compare(result: RunResult, baseline: dict[str, Any], path: Path) -> BaselineComparison:
    """Regressions, known failures, fixes, and the checks a known failure hides now as it did then (the
    identity was checked before the run)."""
    check_identity(baseline, result.target_id, result.spec_version, path, result.run_ref)
    entries = [c for c in baseline["checks"] if isinstance(c, dict)]
    before = {str(c.get("name")): str(c.get("status")) for c in entries}
    blocked_before = {str(c.get("name")): c.get("blocked_by") for c in entries}
    now = {c.name: c.status for c in result.checks}
    failed_now = [name for name, status in now.items() if status is Status.FAILED]
    known = tuple(n for n in failed_now if before.get(n) == Status.FAILED.value)
    hidden = tuple(
        c.name
        for c in result.checks
        if c.status is Status.SKIPPED
        and c.outcome.blocked_by in known
        and before.get(c.name) == Status.SKIPPED.value
        and blocked_before.get(c.name) == c.outcome.blocked_by
    )
    return BaselineComparison(
        path=str(path),
        regressions=tuple(n for n in failed_now if before.get(n) != Status.FAILED.value),
        known=known,
        fixed=tuple(n for n, s in now.items() if s is Status.PASSED and before.get(n) == Status.FAILED.value),
        hidden=hidden,
    )
