"""A recording knows whether it is complete, and judging it gives the live run's verdict and exit code: an
interrupted run (which keeps what it judged before the signal) and a budget-cut one. `serve --replay` refuses
what `judge` refuses, and the run line it prints can be pasted as it is."""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conformance.cli import main
from conformance.evidence import FIELD
from conformance.evidence.read import load
from conformance.reference import MAIN_RUN, THREAD_ID
from conformance.reference.server import ReferenceServer
from tests.cli.evidence import FAST, failed, judged, statuses
from tests.paths import ROOT
from tests.support import load_report

IDS = ["--thread-id", THREAD_ID, "--run-id", MAIN_RUN, "--api-key", "sk-ref-conformance"]
SEMANTIC_REQUESTS = 37  # the main run's semantic phase (plan.semantic_requests(250))


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """A live run against a provider 20 ms away, sent SIGINT once its schemathesis phase is under way."""
    directory = tmp_path_factory.mktemp("interrupted")
    arrivals: list[float] = []
    with ReferenceServer(arrivals=arrivals, latency=0.02) as slow:
        proc = subprocess.Popen(
            [sys.executable, "-m", "conformance", "run", "--base-url", slow.base_url, *IDS, "--seed", "1",
             "--report-dir", str(directory / "live"), "--record", str(directory / "run.har")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while len(arrivals) < SEMANTIC_REQUESTS + 15 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    return directory, load_report(directory / "live"), out


def test_an_interrupted_run_keeps_the_checks_whose_probes_all_answered(
    interrupted: tuple[Path, dict[str, Any], str],
) -> None:
    _, live, out = interrupted
    assert live["verdict"] == "incomplete"
    summary = live["summary"]
    assert summary.startswith("incomplete: interrupted (SIGINT) after ") and "not reached: " in summary, summary
    assert summary in out
    by_phase: dict[str, set[str]] = {}
    for check in live["checks"]:
        by_phase.setdefault(check["phase"], set()).add(check["status"])
    # The semantic phase was over: every semantic check was judged on its answers.
    assert "skipped" not in by_phase["semantic"] and "passed" in by_phase["semantic"], by_phase
    # Schemathesis' phase was not: its checks are not judged, and say why.
    assert by_phase["schemathesis"] == {"skipped"}
    reasons = {c["detail"] for c in live["checks"] if c["phase"] == "schemathesis"}
    assert all("interrupted (SIGINT)" in r for r in reasons), reasons


def test_the_recording_of_an_interrupted_run_judges_to_the_same_verdict_and_exit(
    interrupted: tuple[Path, dict[str, Any], str],
) -> None:
    directory, live, _ = interrupted
    recording = load(directory / "run.har")
    assert recording.incomplete is not None and recording.incomplete.startswith("interrupted (SIGINT) after")
    code, again = judged(directory, directory / "run.har", "judged")
    assert code == 130  # as the live run exited (128 + SIGINT)
    assert again["verdict"] == live["verdict"] == "incomplete"
    assert again["summary"] == live["summary"]
    assert statuses(again) == statuses(live)


def test_a_budget_cut_recording_judges_to_the_live_runs_incomplete_verdict(tmp_path: Path) -> None:
    har = tmp_path / "cut.har"
    args = ["run", *FAST, "--seed", "1", "--max-requests", "20", "--allow-incomplete"]
    code = main([*args, "--record", str(har), "--report-dir", str(tmp_path / "live")])
    live = load_report(tmp_path / "live")
    assert code == 5 and live["verdict"] == "incomplete"
    recording = load(har)
    assert recording.incomplete is not None and "budget" in recording.incomplete
    judge_code, again = judged(tmp_path, har)
    assert judge_code == code
    assert again["summary"] == live["summary"] and statuses(again) == statuses(live)
    assert again["notes"] == live["notes"]


@pytest.mark.parametrize("entries", [[], "no preflight"])
def test_serve_replay_refuses_what_judge_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entries: list[Any] | str
) -> None:
    empty = tmp_path / "empty.har"
    if entries == "no preflight":
        request = {"method": "GET", "url": "http://x/v1/threads/t/runs/r/steps", "headers": []}
        response = {"status": 200, "headers": [], "content": {"text": "{}"}}
        entries = [{"request": request, "response": response, "comment": "probe: no key"}]
    empty.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    assert main(["judge", str(empty)]) == 2
    judge_says = capsys.readouterr().err.strip().splitlines()
    assert main(["serve", "--replay", str(empty), "--port", "0"]) == 2
    serve_says = capsys.readouterr().err.strip().splitlines()
    assert len(judge_says) == 1 and judge_says == serve_says, (judge_says, serve_says)
    assert "no run to judge or serve" in judge_says[0]


def _serve(har: Path) -> tuple[subprocess.Popen[str], str]:
    """`conformance serve --replay` in its own process, and the run line it prints."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--replay", str(har), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert "The recorded run again: " in line, line
    return proc, line.split("The recorded run again: ", 1)[1].strip()


def test_the_run_line_serve_replay_prints_can_be_pasted(tmp_path: Path) -> None:
    har = tmp_path / "live.har"
    code = main(["run", *FAST, "--seed", "3", "--record", str(har), "--report-dir", str(tmp_path / "live")])
    live = load_report(tmp_path / "live")
    proc, line = _serve(har)
    try:
        words = shlex.split(line)
        assert words[:2] == ["conformance", "run"]
        base_url = words[words.index("--base-url") + 1]
        assert base_url.endswith("/v1"), line  # the recorded base URL's path prefix
        assert words[words.index("--run-id") + 1] == MAIN_RUN
        again = main([*words[1:], "--report-dir", str(tmp_path / "again")])
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    replayed = load_report(tmp_path / "again")
    assert again == code and failed(replayed) == failed(live) and replayed["verdict"] == live["verdict"]
    assert "0 had no recorded answer" in err, err


def test_an_older_recordings_run_line_has_the_prefix_and_the_ids(tmp_path: Path) -> None:
    """A recording without the suite's fields: the base URL's prefix and the ids come from its preflight."""
    har = tmp_path / "live.har"
    main(["run", *FAST, "--seed", "3", "--record", str(har), "--report-dir", str(tmp_path / "live")])
    data = json.loads(har.read_text(encoding="utf-8"))
    del data["log"][FIELD]
    old = tmp_path / "old.har"
    old.write_text(json.dumps(data), encoding="utf-8")
    proc, line = _serve(old)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    words = shlex.split(line)
    assert words[words.index("--base-url") + 1].endswith("/v1"), line
    assert words[words.index("--thread-id") + 1] == THREAD_ID and words[words.index("--run-id") + 1] == MAIN_RUN


def test_serve_replay_on_a_busy_port_is_one_line(
    interrupted: tuple[Path, dict[str, Any], str], capsys: pytest.CaptureFixture[str]
) -> None:
    """No count of answers served when nothing was served: the port was taken."""
    import socket

    directory, _, _ = interrupted
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["serve", "--replay", str(directory / "run.har"), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"conformance: error: cannot listen on 127.0.0.1:{port}"), err
