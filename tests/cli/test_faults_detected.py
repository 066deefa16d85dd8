"""The suite against the reference provider: clean passes, and the summary leads with the root cause.

That every fault fails the check that names it (`DETECTED_BY`) is shown once per fault and run size by
tests/cli/test_faults_by_run_size.py, whose 250-step column is this run (at its minimum budget)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.checks import checks
from conformance.cli import main
from conformance.plan import minimum_budget
from conformance.reference import CAUGHT_BY, CONFORMING, FAULTS, MAIN_RUN, RUN_SIZES
from tests.paths import ROOT
from tests.support import load_report

# The check that must report each fault (others may fail too: one bug often shows in several ways), as each
# fault declares it (`caught_by` in conformance/reference/faults.py).
DETECTED_BY = {name: check for name, (check, _) in CAUGHT_BY.items()}
BUGS = sorted(set(FAULTS) - CONFORMING)
FAST = ["--seed", "7", "--max-examples", "5", "--timeout", "1", "--retries", "1"]


def run_report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *FAST, "--report-dir", str(tmp_path), *args])
    report: dict[str, Any] = load_report(tmp_path)
    return code, report


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def test_every_fault_has_a_detecting_check() -> None:
    assert set(DETECTED_BY) == set(BUGS)
    unknown = {fault: check for fault, check in DETECTED_BY.items() if check not in {c.name for c in checks()}}
    assert not unknown, f"faults whose caught_by names no check: {unknown}"


@pytest.mark.parametrize("profile", ["openai", "portkey"])
def test_clean_provider_is_conformant(tmp_path: Path, profile: str) -> None:
    code, report = run_report(tmp_path, "--profile", profile)
    assert code == 0, [c for c in report["checks"] if c["status"] != "passed"]
    assert report["verdict"] == "conformant"
    assert set(statuses(report).values()) == {"passed"}


@pytest.mark.parametrize("fault", sorted(CONFORMING))
def test_correct_provider_as_real_hosts_behave_is_conformant(tmp_path: Path, fault: str) -> None:
    """A provider that gzips every answer, as hosts behind a CDN do: conformant, every check judged."""
    code, report = run_report(tmp_path, "--fault", fault)
    assert code == 0, [c for c in report["checks"] if c["status"] != "passed"]
    assert report["verdict"] == "conformant"
    assert set(statuses(report).values()) == {"passed"}


MINIMUM = minimum_budget(RUN_SIZES[MAIN_RUN])


def test_the_documented_minimum_budget() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"minimum for `run_ref_main` is {MINIMUM} requests" in readme


def test_clean_provider_at_the_minimum_budget_is_conformant_with_nothing_skipped(tmp_path: Path) -> None:
    code, report = run_report(tmp_path, "--max-requests", str(MINIMUM))
    assert code == 0 and report["verdict"] == "conformant"
    assert set(statuses(report).values()) == {"passed"} and report["requests"] == MINIMUM


@pytest.mark.parametrize("budget", [1, 10, 36, 60, MINIMUM - 1])
def test_below_the_minimum_never_conformant(tmp_path: Path, budget: int) -> None:
    assert main(["run", *FAST, "--max-requests", str(budget)]) == 2
    code, report = run_report(tmp_path, "--max-requests", str(budget), "--allow-incomplete")
    assert code == 5 and report["verdict"] == "incomplete" and report["skipped_core_checks"]
    assert report["requests"] <= budget


def test_has_more_by_length_fails_has_more_and_nothing_unrelated(tmp_path: Path) -> None:
    code, report = run_report(tmp_path, "--fault", "has-more-by-length")
    assert code == 1
    assert {name for name, status in statuses(report).items() if status != "passed"} == {"has_more"}
    assert report["summary"].startswith("non-conformant: has_more: a page holding the last 7 steps")


@pytest.mark.parametrize(
    ("fault", "cause"),
    [("has-more-early", "has_more"), ("limit-unbounded", "limit_validation"), ("hang", "network_reliability")],
)
def test_the_summary_leads_with_the_root_cause(tmp_path: Path, fault: str, cause: str) -> None:
    quick = ["--timeout", "0.3"] if fault == "hang" else []  # every hung request costs the whole timeout
    _, report = run_report(tmp_path, "--fault", fault, *quick)
    assert report["summary"].startswith(f"non-conformant: {cause}: ")
    echoes = [c for c in report["checks"] if c["status"] == "failed" and c["name"] != cause]
    assert all(c["echo_of"] for c in echoes), echoes
