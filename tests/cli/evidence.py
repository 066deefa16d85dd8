"""What the evidence tests share: a live run that records, `judge` on its file, and the fault sweep (split
over two test files so that `--dist loadfile` gives each worker half of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.cli import main
from conformance.evidence.read import load
from conformance.evidence.server import ReplayServer
from conformance.reference import CONFORMING, FAULTS, MAIN_RUN, THREAD_ID
from conformance.reference.faults import BY_NAME
from tests.support import load_report

FAST = ["--max-examples", "5", "--timeout", "5", "--retries", "1"]  # a roomy timeout: no spurious one on a busy machine
IDS = ["--thread-id", THREAD_ID, "--run-id", MAIN_RUN]


def _one_per_catching_check() -> list[str]:
    """The first fault (by name) of each check that catches one, and every conforming fault: each way a
    recorded verdict can go (each failing check, each legal variation) is recorded, judged and replayed once.
    Every fault against every check would repeat the same paths at about 10 s a run (issue 30: test time)."""
    chosen: dict[str, str] = {}
    for name in sorted(FAULTS):
        caught_by = BY_NAME[name].caught_by
        if caught_by is not None and caught_by not in chosen:
            chosen[caught_by] = name
    return sorted({*chosen.values(), *(f for f in FAULTS if f in CONFORMING)})


ALL = ["none", *_one_per_catching_check()]


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def failed(report: dict[str, Any]) -> set[str]:
    return {c["name"] for c in report["checks"] if c["status"] == "failed"}


def record(tmp_path: Path, fault: str, *extra: str) -> tuple[int, dict[str, Any], Path]:
    har = tmp_path / "live.har"
    fault_args = ["--fault", fault] if fault != "none" else []
    fault_args += ["--timeout", "0.5"] if fault == "hang" else []  # every timeout costs it, live and replayed
    code = main(
        ["run", *FAST, "--seed", "1", *fault_args, *extra, "--record", str(har), "--report-dir", str(tmp_path / "live")]
    )
    return code, load_report(tmp_path / "live"), har


def judged(tmp_path: Path, har: Path, name: str = "judged", *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(["judge", str(har), "--report-dir", str(tmp_path / name), *extra])
    return code, load_report(tmp_path / name)


def judge_and_replay_give_the_live_verdict(tmp_path: Path, fault: str) -> None:
    """One live run with --record; `judge` on it gives the same verdict, summary, notes and status of every
    check; a run with its seed against `serve --replay` gives the same verdict and failing checks, and every
    request it sends has a recorded answer."""
    code, live, har = record(tmp_path, fault)
    assert code == (0 if fault == "none" or fault in CONFORMING else 1)

    judge_code, again = judged(tmp_path, har)
    assert judge_code == code
    assert again["verdict"] == live["verdict"] and again["summary"] == live["summary"]
    assert statuses(again) == statuses(live)
    assert again["notes"] == live["notes"]

    timeout = ["--timeout", "0.5"] if fault == "hang" else []
    with ReplayServer(load(har)) as server:
        replay_code = main(["run", *FAST, *timeout, "--seed", "1", "--base-url", server.base_url, *IDS,
                            "--api-key", "sk-anything-at-all", "--report-dir", str(tmp_path / "replayed")])  # fmt: skip
        missing = server.matcher.unrecorded
    replayed = load_report(tmp_path / "replayed")
    assert missing == 0, replayed["notes"]
    assert replay_code == code
    assert replayed["verdict"] == live["verdict"]
    assert failed(replayed) == failed(live)
