"""The hostile class over real sockets, at the default budget: each reference provider that crashes on one
unusual but well-typed input is non-conformant by `hostile_inputs`, whose detail and curl show the smallest
failing input; the clean provider's run sends no more requests than the schemathesis cases (the phase's size
before it had classes) and says how each class spent them. The same faults at every run size's minimum budget:
tests/cli/test_faults_by_run_size.py; the strict provider that refuses such input: test_faults_detected."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest

from conformance.cli import main
from conformance.plan import HOSTILE, NEGATIVE, POSITIVE
from conformance.reference import MAIN_RUN, THREAD_ID
from conformance.schema_phase import generate
from tests.support import load_report

FAST = ["--seed", "7", "--max-examples", "5", "--timeout", "5", "--retries", "1", "--workers", "4"]
# Each fault, the smallest input its detail must show, and that input as the curl sends it.
SMALLEST = {
    "cursor-non-ascii-crash": ("a cursor holding a non-ASCII character, after='\\x80'", "?after=%C2%80'"),
    "cursor-length-crash": ("a cursor over 64 characters, after='step_", "?after=step_" + "0" * 60 + "'"),
    "id-escape-crash": ("a thread or run id holding a percent sign, thread_id='%'", "/threads/%25/runs/"),
    "repeated-param-crash": ("a query parameter given twice, limit='', limit=''", "?limit=&limit='"),
    "limit-fraction-crash": ("a limit that is a number but not a whole one, limit='.5'", "?limit=.5'"),
    "unknown-param-crash": ("an unknown query parameter, 0=''", "?0='"),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    found = {}
    for fault in [*SMALLEST, "none"]:
        directory = tmp_path_factory.mktemp(fault)
        said = io.StringIO()
        with contextlib.redirect_stderr(said):
            code = main(["run", *FAST, "--fault", fault, "--quiet", "--report-dir", str(directory), "--report", "json"])
        assert code in (0, 1), f"{fault}: exit {code}: {said.getvalue()[-2000:]}"  # a report to read, or why not
        found[fault] = load_report(directory)
        assert code == (0 if fault == "none" else 1), found[fault]["summary"]
    return found


def hostile(report: dict[str, Any]) -> dict[str, Any]:
    check: dict[str, Any] = next(c for c in report["checks"] if c["name"] == "hostile_inputs")
    return check


@pytest.mark.parametrize("fault", sorted(SMALLEST))
def test_each_input_crash_is_caught_with_its_smallest_input_in_the_detail_and_the_curl(
    reports: dict[str, dict[str, Any]], fault: str
) -> None:
    check = hostile(reports[fault])
    detail, curl = SMALLEST[fault]
    assert check["status"] == "failed" and f"smallest failing: {detail}" in check["detail"], check["detail"]
    assert "answered 500" in check["detail"] and check["request"]["status"] == 500
    assert curl in check["request"]["curl"], check["request"]["curl"]


def test_the_default_run_sends_no_more_than_the_schemathesis_cases_and_reports_each_class(
    reports: dict[str, dict[str, Any]],
) -> None:
    report = reports["none"]
    cases = len(generate(THREAD_ID, MAIN_RUN, 5, 7).cases)
    planned, spent = report["requests_planned_by_class"], report["requests_spent_by_class"]
    assert sum(planned.values()) == report["requests_planned"]["schemathesis"] == cases
    assert report["requests_spent"]["schemathesis"] <= cases
    assert all(0 < spent[name] <= planned[name] for name in (POSITIVE, NEGATIVE, HOSTILE)), (planned, spent)
    assert hostile(report)["status"] == "passed" and "shrinking" not in spent


def test_shrinking_is_spent_from_the_hostile_share(reports: dict[str, dict[str, Any]]) -> None:
    report = reports["repeated-param-crash"]
    spent = report["requests_spent_by_class"]
    assert spent["shrinking"] > 0 and spent[HOSTILE] <= report["requests_planned_by_class"][HOSTILE]
    assert (
        report["requests"] <= reports["none"]["requests_planned"]["schemathesis"] + report["requests_spent"]["semantic"]
    )
