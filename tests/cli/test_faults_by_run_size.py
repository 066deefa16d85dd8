"""Every reference-provider fault against the reference run sizes (0, 1, 2, 5 and 250 steps), each at
that run's minimum budget: caught (exit 1, by the check that names it) where the run can show the fault, and
never conformant, never a false failure, where it cannot.

One `conformance matrix` per run size (a target per fault), the five side by side in subprocesses, as a user
would run them. README "Which run shows which fault" is this test's `SHOWN_FROM`, and a test keeps them equal.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conformance.plan import minimum_budget
from conformance.reference import CAUGHT_BY, CONFORMING, FAULTS, RUN_SIZES
from tests.cli.test_faults_detected import DETECTED_BY
from tests.paths import ROOT
from tests.support import load_report

# The sweep (five matrices of every fault) is the slowest module of the suite (several minutes on two cores).
pytestmark = pytest.mark.timeout(900)
# Each size where a fault starts to show (0, 1, 2, 5) and the main run (past the largest page; the headline). The
# 3-step run (between 2 and 5) and the 100-step run (below 250, past the largest page too) show nothing the others
# do not: left out for test time.
RUNS = {0: "run_ref_empty", 1: "run_ref_one", 2: "run_ref_two", 5: "run_ref_five", 250: "run_ref_main"}
# The smallest run that shows each fault (every run size at or above it does), as each fault declares it
# (`shown_from`). A fault that needs a step (its data, a cursor to follow) is shown from 1; one that needs two
# steps (an order, a second page, a first_id unlike the last_id) or a kind of step the 1-step run lacks
# (file_search, tool_calls) from 2.
SHOWN_FROM = {name: size for name, (_, size) in CAUGHT_BY.items()}
# Where a smaller run shows a fault through another check than the 250-step run does.
BUGS = sorted(set(FAULTS) - CONFORMING)  # the conforming variants (a provider that gzips) are no fault to catch
DETECTED_ON_SMALL_RUNS = {
    ("server-error", 0): "unknown_cursor",  # no step id to page with: only the cursor probe
    # A walk whose last page is full asks for the page after it (has_more=false could be a lie): on runs of up to
    # 20 steps (walked at small limits) it meets the run served again first, and cursor_walk fails.
    **{("past-end-restarts", size): "cursor_walk" for size in (1, 2, 5)},
}


SERVER_ERROR_CHECKS = frozenset({"not_a_server_error", "hostile_inputs"})


def test_every_fault_has_a_smallest_run() -> None:
    assert set(SHOWN_FROM) == set(BUGS)
    assert set(RUNS.values()) <= set(RUN_SIZES) and all(RUN_SIZES[run] == n for n, run in RUNS.items())


def budget(size: int) -> int:
    """The run's minimum budget; for the 100-step run, that of a run of over 100 steps, which is what its full
    first page claims where a fault makes it say has_more=true (the suite then refuses less, exit 2)."""
    return minimum_budget(size if size != 100 else 101)


# Every hung request costs the whole timeout, so the faults that hang get a short one in a matrix of their own;
# the others get a long one, so that a loaded machine (CI runs two test workers on two cores) is never taken for
# a slow provider. response_time is left out for the same reason: it is not what this sweep is about.
SLOW_FAULTS = frozenset({"hang"})
# Shows only where a page boundary of the plan falls inside a tie (steps sharing a second): never on the 2- and
# 3-step runs (no tie), nor on the 100-step run (its walks' boundaries miss its ties) (issue 37).
TIED = frozenset({"ties-cursor-by-time"})
TIES_UNCROSSED = frozenset({2, 3, 100})


def _matrix(size: int, faults: list[str], timeout: str, directory: Path) -> subprocess.CompletedProcess[str]:
    """The matrix of `faults` on one run size; only report.json is read (each target's table, its Markdown,
    HTML, JUnit and badge are other tests' concern, and would be most of the sweep's time after the runs)."""
    config = directory / f"targets-{timeout}s.toml"
    directory.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "".join(f'[[target]]\nname = "{f}"\nbase_url = "embedded:{f}"\nrun_id = "{RUNS[size]}"\n\n' for f in faults),
        encoding="utf-8",
    )
    args = ["matrix", "--config", str(config), "--report-dir", str(directory / "reports"), "--seed", "7",
            "--max-examples", "5", "--timeout", timeout, "--retries", "1", "--max-requests", str(budget(size)),
            "--exclude-checks", "response_time", "--output", str(config.with_suffix(".md")),
            "--report", "json", "--quiet"]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "conformance", *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
        check=False, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "NO_COLOR": "1"},
    )  # fmt: skip


def _matrices(size: int, root: Path) -> list[subprocess.CompletedProcess[str]]:
    quick = [f for f in BUGS if f not in SLOW_FAULTS]
    return [_matrix(size, quick, "10", root / str(size)), _matrix(size, sorted(SLOW_FAULTS), "1.5", root / str(size))]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five run sizes, three at a time (most of a run is spent waiting on sockets)."""
    root = tmp_path_factory.mktemp("sweep")
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = dict(zip(RUNS, pool.map(lambda n: _matrices(n, root), RUNS), strict=True))
    for size, processes in done.items():
        for process in processes:
            assert process.returncode in (1, 5), f"run size {size}: exit {process.returncode}: {process.stderr[-2000:]}"
    return root


def _report(sweep: Path, size: int, fault: str) -> dict[str, Any]:
    return load_report(sweep / str(size) / "reports" / fault)


@pytest.mark.parametrize("size", sorted(RUNS))
def test_each_fault_is_caught_exactly_where_the_run_can_show_it(sweep: Path, size: int) -> None:
    wrong = []
    for fault in BUGS:
        report = _report(sweep, size, fault)
        statuses = {c["name"]: c["status"] for c in report["checks"]}
        if fault in TIED and size in TIES_UNCROSSED and report["verdict"] == "conformant":
            pass  # no page boundary of this run's plan falls inside a tie: it cannot tell this provider apart
        elif size >= SHOWN_FROM[fault]:
            check = DETECTED_ON_SMALL_RUNS.get((fault, size), DETECTED_BY[fault])
            if report["verdict"] != "non-conformant" or statuses.get(check) != "failed":
                wrong.append(f"{fault}: {report['summary'][:160]} (expected {check} to fail)")
        elif report["verdict"] != "incomplete" or "failed" in statuses.values():
            wrong.append(f"{fault} cannot show on {size} steps, yet: {report['summary'][:160]}")
        assert report["requests"] <= budget(size)
        if size == max(RUNS) and fault in DETECTED_BY:  # the headline a person reads (issue 37)
            summary = report["summary"]
            first = report["root_causes"][:1]
            # A 5xx to a generated request is one cause whichever of the two checks that judge it leads: the
            # schemathesis cases (not_a_server_error) and the hostile ones (hostile_inputs) both reach it.
            same_cause = {*first, DETECTED_BY[fault]} <= SERVER_ERROR_CHECKS
            if len(summary) > 200 or (first != [DETECTED_BY[fault]] and not same_cause):
                wrong.append(f"{fault}: the headline must name {DETECTED_BY[fault]} first in 200 characters: {summary}")
    assert not wrong, "\n".join(wrong)


def test_the_readme_table_is_the_sweep_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Which run shows which fault") :]
    rows = {}
    for line in section.splitlines()[1:]:
        if line.startswith("### ") or line.startswith("## "):
            break
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = int(cells[1].split()[0])
    assert rows == SHOWN_FROM
