"""A run cut short by SIGINT or SIGTERM (what a CI timeout sends) writes what it has, and output paths that
cannot be written are found before the first request."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.support import load_report, run_cli

IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main", "--api-key", "sk-ref-conformance"]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_run_writes_its_report_and_recording(tmp_path: Path, sig: signal.Signals, code: int) -> None:
    arrivals: list[float] = []
    with ReferenceServer(arrivals=arrivals, latency=0.05) as slow:  # a provider 50 ms away: the run takes a while
        har = tmp_path / "run.har"
        proc = subprocess.Popen(
            [sys.executable, "-m", "conformance", "run", "--base-url", slow.base_url, *IDS, "--seed", "1",
             "--report-dir", str(tmp_path), "--record", str(har)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(arrivals) < 12 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        proc.send_signal(sig)
        stopped = time.monotonic()
        out, err = proc.communicate(timeout=30)
    assert time.monotonic() - stopped < 15
    assert proc.returncode == code, err
    assert "Traceback" not in err
    report = load_report(tmp_path)
    assert report["verdict"] == "incomplete"
    assert report["summary"].startswith(f"incomplete: interrupted ({sig.name}) after ")
    assert report["requests"] >= 12
    # Interrupted in the first walks: the checks that read walks are not judged, and say why; those whose
    # probes all answered (the preflight's max_page_size, the network checks) are (test_evidence_completeness).
    skipped = {c["name"]: c["detail"] for c in report["checks"] if c["status"] == "skipped"}
    assert "cursor_walk" in skipped and all(f"interrupted ({sig.name})" in d for d in skipped.values()), skipped
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    # Every request sent is in the recording, the one cut off by the signal included.
    assert len(entries) == report["requests"] and entries[0]["comment"].startswith("probe: preflight")
    assert f"incomplete: interrupted ({sig.name})" in out


@pytest.mark.parametrize("option", ["--report-dir", "--record"])
def test_an_unwritable_output_path_is_refused_before_the_first_request(tmp_path: Path, option: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    arrivals: list[float] = []
    with ReferenceServer(arrivals=arrivals) as server:
        done = run_cli("run", "--base-url", server.base_url, *IDS, option, str(blocker / "sub" / "out.har"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"conformance: error: {option}: cannot write to" in done.stderr
    assert arrivals == []


def test_an_unwritable_matrix_report_dir_is_refused_before_the_first_target(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    done = run_cli("matrix", "--target", "a=embedded", "--report-dir", str(blocker / "reports"))
    assert done.returncode == 2 and "--report-dir: cannot write to" in done.stderr
    assert "preflight" not in done.stdout
