"""Progress on a long run: a live display per phase on a terminal (driven through a pseudo-terminal), a short
line every period without one, nothing with --quiet, and never a trace of it in the report files.

Each run is against a reference provider 100 ms away (the `serve --latency 100` of the README) and capped with
a small budget, so it lasts a couple of seconds; the period of the lines is set short (a hidden option)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT
from tests.support import run_cli

IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main", "--api-key", "sk-ref-conformance"]
SHORT = ["--max-requests", "20", "--allow-incomplete", "--max-examples", "1", "--seed", "1"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(scope="module")
def distant() -> Iterator[ReferenceServer]:
    with ReferenceServer(latency=0.1) as server:
        yield server


def report_texts(directory: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(directory.iterdir()))


def run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """`python -m conformance ARGS` with stdout and stderr on a pseudo-terminal; everything it drew."""
    leader, follower = os.openpty()
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "conformance", *args], cwd=ROOT, env=env, stdin=follower, stdout=follower,
        stderr=follower, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
    code = proc.wait(timeout=30)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_each_phase_with_requests_sent_of_planned(tmp_path: Path, distant: ReferenceServer) -> None:
    args = ["run", "--base-url", distant.base_url, *IDS, *SHORT, "--report-dir", str(tmp_path)]
    code, drawn = run_on_a_terminal(args)
    screen = ANSI.sub("", drawn)
    assert code == 5, screen[-2000:]  # the budget leaves the verdict incomplete
    # rich's live line: the phase, a bar, sent/planned; it is redrawn in place (cursor movements).
    shown = re.findall(r"semantic\s+\S*\s+(\d+)/(\d+)", screen)
    assert shown, screen[-2000:]
    assert any(0 < int(sent) < int(planned) for sent, planned in shown), shown
    assert "\x1b[" in drawn and "progress:" not in screen  # the live display, not the plain lines
    assert re.search(r"about \d+ s left", screen)
    assert "incomplete:" in screen
    assert not re.search(r"\d+/\d+ .*s left|━", report_texts(tmp_path))


def test_without_a_terminal_a_line_comes_every_period(tmp_path: Path, distant: ReferenceServer) -> None:
    args = ["run", "--base-url", distant.base_url, *IDS, *SHORT, "--report-dir", str(tmp_path)]
    done = run_cli(*args, "--progress-period", "0.3")
    assert done.returncode == 5, done.stdout[-2000:] + done.stderr
    lines = re.findall(r"^progress: semantic: (\d+) of (\d+) requests", done.stdout, re.MULTILINE)
    assert len(lines) >= 2, done.stdout  # a run of about 2 s, a line every 0.3 s
    counts = [int(sent) for sent, _ in lines]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert "progress:" not in report_texts(tmp_path)
    assert "\x1b[" not in done.stdout


def test_quiet_shows_no_progress(tmp_path: Path, distant: ReferenceServer) -> None:
    done = run_cli("run", "--base-url", distant.base_url, *IDS, *SHORT, "--progress-period", "0.3", "--quiet")
    assert done.returncode == 5 and "progress:" not in done.stdout, done.stdout[-2000:]
    assert "incomplete:" in done.stdout  # the verdict still comes


def test_a_matrix_counts_the_targets_done(tmp_path: Path, distant: ReferenceServer) -> None:
    targets = ["--target", f"a={distant.base_url}", "--target", f"b={distant.base_url}"]
    done = run_cli("matrix", *targets, *IDS, *SHORT, "--progress-period", "0.3", "--report-dir", str(tmp_path))
    assert done.returncode == 5, done.stdout[-2000:] + done.stderr
    assert re.search(r"^progress: targets: 0 of 2 done", done.stdout, re.MULTILINE), done.stdout
    assert re.search(r"^progress: targets: 1 of 2 done", done.stdout, re.MULTILINE), done.stdout
    assert re.search(r"^progress: b semantic: \d+ of \d+ requests", done.stdout, re.MULTILINE), done.stdout
    assert "progress:" not in (tmp_path / "matrix.md").read_text(encoding="utf-8")
