"""What a nightly compatibility run needs, over real sockets: pacing, workers, check selection, baselines, and
a matrix in parallel. Timings here are bounds on behaviour (a rate cap), not speed goals (scripts/bench).

Cost: the README's nightly block (two whole nights against a provider 100 ms away, 20 requests a second) spends
most of its ~40 s waiting, so it is started when this file begins and runs beside the other tests, which keep a
CPU busy; its own test, the last, collects it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from conformance.checks import checks as registered_checks
from conformance.cli import main
from conformance.pacing import Pacer, default_rate, parse_rate
from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.ports import free_port
from tests.support import HEADERS, STEPS_PATH, load_report

IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main", "--api-key", "sk-ref-conformance"]
MINIMUM = str(minimum_budget(RUN_SIZES[MAIN_RUN]))  # the smallest budget that judges every check of run_ref_main
FAST = ["--seed", "5", "--max-examples", "3"]


def run(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *FAST, *args, "--report-dir", str(tmp_path)])
    return code, load_report(tmp_path)


def outcomes(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every check's status and detail (the embedded provider's port made neutral; timings left out)."""
    base = report["base_url"]
    return [(c["name"], c["status"], c["detail"].replace(base, "BASE")) for c in report["checks"]
            if c["name"] != "response_time"]  # fmt: skip


def test_parse_rate() -> None:
    assert parse_rate("5/s") == 5 and parse_rate("120/m") == 2 and parse_rate("none") is None
    with pytest.raises(ValueError, match="N/s or N/m"):
        parse_rate("fast")


def test_the_pacer_spaces_requests_evenly() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer = Pacer(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pacer.wait()
    assert slept == [0.25, 0.5, 0.75]


@pytest.fixture
def timed_provider() -> Iterator[tuple[ReferenceServer, list[float]]]:
    arrivals: list[float] = []
    with ReferenceServer(arrivals=arrivals) as server:
        yield server, arrivals


def test_the_rate_limit_holds_across_workers(
    timed_provider: tuple[ReferenceServer, list[float]], tmp_path: Path
) -> None:
    server, arrivals = timed_provider
    args = ["--base-url", server.base_url, *IDS, "--rate-limit", "40/s", "--workers", "4", "--max-requests", MINIMUM]
    code, report = run(tmp_path, *args)
    assert code == 0 and report["rate_limit_per_second"] == 40 and report["workers"] == 4
    assert len(arrivals) == int(MINIMUM)
    gaps = int(MINIMUM) - 1
    assert arrivals[-1] - arrivals[0] >= gaps / 40 * 0.9  # gaps of 25 ms at least, within scheduling noise
    # Arrival times jitter with the server's event loop (a loop held up for 0.1 s lets 4 arrivals through at
    # once, which once gave 24 in a half second); no second may see much more than 40. Unpaced, the 4 workers
    # would send the whole run in well under a second.
    busiest = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
    assert busiest <= 40 + 4, busiest


def test_a_remote_provider_is_paced_politely_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_rate("https://api.example.com/v1") == 5.0
    assert default_rate("http://10.1.2.3:8080/v1") == 5.0
    assert default_rate("http://127.0.0.1:8080/v1") is None and default_rate("http://localhost/v1") is None
    assert default_rate(None) is None  # the embedded provider
    # The run uses it (traffic stays on loopback: the rule is swapped for one that calls this port remote).
    seen: list[str | None] = []

    def remote(url: str | None) -> float:
        seen.append(url)
        return 5.0

    monkeypatch.setattr("conformance.execution.default_rate", remote)
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    code, report = run(tmp_path, "--base-url", base_url, *IDS)
    assert code == 3 and report["rate_limit_per_second"] == 5.0 and seen == [base_url]
    _, embedded = run(tmp_path / "embedded", "--max-requests", MINIMUM, "--rate-limit", "none")
    assert embedded["rate_limit_per_second"] is None


@pytest.mark.parametrize("fault", [None, "cursor-inclusive", "order-ignored"])
def test_four_workers_judge_as_one(tmp_path: Path, fault: str | None) -> None:
    extra = ["--fault", fault] if fault else []
    _, one = run(tmp_path / "one", *extra)
    _, four = run(tmp_path / "four", *extra, "--workers", "4")
    assert outcomes(one) == outcomes(four)
    assert one["requests"] == four["requests"]


def test_serve_latency_slows_every_answer() -> None:
    with ReferenceServer(latency=0.3) as slow:
        started = time.monotonic()
        answer = httpx.get(slow.base_url + STEPS_PATH.format(run="run_ref_one"), headers=HEADERS, timeout=5)
        assert answer.status_code == 200 and time.monotonic() - started >= 0.3


def test_excluded_checks_are_excluded_never_passed(tmp_path: Path) -> None:
    code, report = run(tmp_path, "--exclude-checks", "response_time")
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert code == 0 and statuses["response_time"] == "excluded"  # optional: the verdict stays conformant
    assert report["excluded_checks"] == ["response_time"]
    code, report = run(tmp_path / "core", "--exclude-checks", "has_more,cursor_walk")
    assert code == 5 and report["verdict"] == "incomplete"
    assert "core checks excluded: cursor_walk, has_more" in report["summary"]


def test_only_the_listed_checks(tmp_path: Path) -> None:
    code, report = run(tmp_path, "--checks", "auth_required,not_found", "--fault", "auth-not-enforced")
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert code == 1 and statuses["auth_required"] == "failed" and statuses["not_found"] == "passed"
    assert {s for n, s in statuses.items() if n not in ("auth_required", "not_found")} == {"excluded"}
    assert report["requests_spent"].get("schemathesis") is None  # no schemathesis check listed: no case sent


def test_unknown_check_names_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--exclude-checks", "has_more,telepathy"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown check(s) telepathy; valid: not_a_server_error" in err


def test_a_baseline_fails_only_on_what_got_worse(tmp_path: Path) -> None:
    assert run(tmp_path / "night1", "--fault", "has-more-early")[0] == 1
    baseline = str(tmp_path / "night1" / "report.json")
    code, same = run(tmp_path / "night2", "--fault", "has-more-early", "--baseline", baseline)
    assert code == 0 and same["verdict"] == "no-regression"
    assert same["baseline"]["known"] == ["has_more"] and same["baseline"]["regressions"] == []
    assert "known from the baseline: has_more" in same["summary"]
    code, worse = run(tmp_path / "night3", "--fault", "ids-swapped", "--baseline", baseline)
    assert code == 1 and worse["baseline"]["regressions"] == ["first_last_ids"]
    assert worse["baseline"]["fixed"] == ["has_more"] and worse["summary"].startswith("non-conformant: first_last_ids")
    text = (tmp_path / "night3" / "report.md").read_text(encoding="utf-8")
    assert "- regressions: `first_last_ids`" in text and "- fixed: `has_more`" in text


def test_a_baseline_of_another_target_is_refused(
    timed_provider: tuple[ReferenceServer, list[float]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server, arrivals = timed_provider
    run(tmp_path / "embedded", "--max-requests", MINIMUM)
    baseline = str(tmp_path / "embedded" / "report.json")
    code = main(["run", "--base-url", server.base_url, *IDS, "--baseline", baseline])
    assert code == 2 and not arrivals  # refused before anything is sent
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a report of embedded, not of http://127.0.0.1" in err


def test_a_parallel_matrix_gives_the_sequential_table(tmp_path: Path) -> None:
    targets = ["--target", "clean=embedded", "--target", "swapped=embedded:ids-swapped",
               "--target", "early=embedded:has-more-early"]  # fmt: skip
    tables = []
    for parallel in ("1", "3"):
        out = tmp_path / parallel
        assert main(["matrix", *FAST, *targets, "--parallel", parallel, "--report-dir", str(out)]) == 1
        table = (out / "matrix.md").read_text(encoding="utf-8")
        tables.append([line for line in table.splitlines() if line.startswith("| `") or "verdict" in line])
    assert tables[0] == tables[1] and len(tables[0]) == len(registered_checks()) + 1  # a row each, and the verdicts


@dataclass(frozen=True)
class Nightly:
    folder: Path
    process: subprocess.Popen[bytes]
    output: tuple[IO[bytes], IO[bytes]]  # its stdout and stderr, in files: a pipe no one reads yet would fill

    def wait(self) -> tuple[int, str]:
        """Its exit code and the ends of its stdout and stderr."""
        code = self.process.wait(timeout=300)
        ends = []
        for file in self.output:
            file.seek(0)
            ends.append(file.read().decode(errors="replace")[-2000:])
        return code, "".join(ends)


README_TEST = "test_the_readme_nightly_section_runs_as_written"


@pytest.fixture(scope="module", autouse=True)
def readme_nightly(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nightly | None]:
    """The README's block, on a free port instead of 8080 and in a scratch folder, started in the background
    when this file begins if its test is to run (and stopped at the end if that test never collected it). The
    tests go on once its provider listens: the block's `sleep 2` is a reader's guess, and a provider slow to
    start under the load of the tests beside it would fail the block for a reason of this file's making."""
    if f"{request.node.nodeid}::{README_TEST}" not in {item.nodeid for item in request.session.items}:
        yield None
        return
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A nightly compatibility check") :]
    block = section[section.index("```sh\n") + 6 : section.index("\n```", section.index("```sh\n"))]
    folder, port = tmp_path_factory.mktemp("nightly"), free_port()
    script = block.replace("8080", str(port)).replace(".venv/bin/python", sys.executable)
    wrapped = f"set -e\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{script}\n"
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            ["bash", "-c", wrapped], cwd=folder, stdout=stdout, stderr=stderr,
            env={"PATH": "/usr/bin:/bin", "HOME": str(folder)}, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:  # an early exit is its test's to report
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        try:
            yield Nightly(folder, process, (stdout, stderr))
        finally:
            if process.returncode is None:  # its test did not wait for it
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)  # the block, its runs and its provider
                process.wait(timeout=30)


@pytest.mark.timeout(300)  # the block's own time, less what the tests before it took
def test_the_readme_nightly_section_runs_as_written(readme_nightly: Nightly | None) -> None:
    """The README's block (started by `readme_nightly`): both nights exit 0, the second compares with the
    first."""
    assert readme_nightly is not None
    code, output = readme_nightly.wait()
    assert code == 0, output
    tmp_path = readme_nightly.folder
    second = load_report(tmp_path / "reports" / "night-2" / "reference")
    assert second["verdict"] == "conformant" and second["baseline"] == {
        "path": "reports/night-1/reference/report.json", "regressions": [], "known": [], "fixed": [], "hidden": []
    }  # fmt: skip
    assert second["rate_limit_per_second"] == 20 and second["workers"] == 4
    page = (tmp_path / "reports" / "night-2" / "matrix.html").read_text(encoding="utf-8")
    assert "the last 2 nights" in page and ">night-1<" in page
