"""Evidence that travels: trimming, a replay with another seed, probes missing from a recording, a recording
by an older suite, masking, bad files, and the same cases for a seed whatever is loaded. The sweep over every
reference fault (record, judge, replay) is in test_evidence_sweep_1.py and _2.py (tests/cli/evidence.py).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import httpx
import pytest

from conformance.cli import main
from conformance.evidence import FIELD, REPLAY_HEADER
from conformance.evidence.read import load
from conformance.evidence.server import ReplayServer
from conformance.reference import MAIN_RUN, THREAD_ID
from conformance.schema_phase import generate
from tests.cli.evidence import FAST, IDS, failed, judged, record, statuses
from tests.support import load_report


def test_another_seed_against_the_replay_says_how_many_had_no_answer(tmp_path: Path) -> None:
    code, _, har = record(tmp_path, "none")
    assert code == 0
    with ReplayServer(load(har)) as server:
        main(["run", *FAST, "--seed", "2", "--base-url", server.base_url, *IDS, "--api-key", "sk-other",
              "--report-dir", str(tmp_path / "other")])  # fmt: skip
        missing = server.matcher.unrecorded
        answer = httpx.get(f"{server.base_url}/threads/x/runs/y/steps?limit=3")
    assert missing > 0
    notes = load_report(tmp_path / "other")["notes"]
    assert [n for n in notes if n.startswith(f"{missing} of ") and "no recorded answer" in n], notes
    assert answer.status_code == 404 and answer.headers[REPLAY_HEADER] == "no-recorded-answer"
    error = answer.json()["error"]
    assert error["code"] == "no_recorded_answer" and "GET /v1/threads/x/runs/y/steps?limit=3" in error["message"]


def test_trimmed_cursor_inclusive_is_small_and_still_fails_cursor_walk(tmp_path: Path) -> None:
    """With the default --max-examples, as a bug report's recording would be made."""
    har = tmp_path / "full.har"
    # response_time left out: a test of one check must not depend on an optional one staying quiet (a slow
    # answer on a loaded machine would keep its entry in the trimmed recording)
    run = ["run", "--seed", "1", "--fault", "cursor-inclusive", "--exclude-checks", "response_time"]
    assert main([*run, "--record", str(har)]) == 1
    trimmed = tmp_path / "trimmed.har"
    code, full = judged(tmp_path, har, "full", "--keep-failing", str(trimmed))
    assert code == 1 and "cursor_walk" in failed(full)
    assert trimmed.stat().st_size < 0.10 * har.stat().st_size
    code, small = judged(tmp_path, trimmed, "small")
    assert code == 1 and failed(small) == failed(full)
    assert len(json.loads(trimmed.read_text(encoding="utf-8"))["log"]["entries"]) < 5
    assert any("no answer for" in n for n in small["notes"])


def test_probes_missing_from_a_recording_leave_their_checks_unjudged_never_failed(tmp_path: Path) -> None:
    code, _, har = record(tmp_path, "none")
    assert code == 0
    data = json.loads(har.read_text(encoding="utf-8"))
    data["log"]["entries"] = [e for e in data["log"]["entries"] if e[FIELD]["probes"] != ["no key"]]
    cut = tmp_path / "cut.har"
    cut.write_text(json.dumps(data), encoding="utf-8")
    code, report = judged(tmp_path, cut)
    assert code == 5 and report["verdict"] == "incomplete"
    assert statuses(report)["auth_required"] == "skipped" and not failed(report)
    said = [n for n in report["notes"] if "no answer for" in n]
    assert len(said) == 1 and "no key" in said[0] and "auth_required" in said[0]


def test_a_recording_without_the_suites_fields_is_judged_as_far_as_it_goes(tmp_path: Path) -> None:
    """As an older suite wrote them: HAR fields and comments only, no recipe (so no seed)."""
    code, live, har = record(tmp_path, "cursor-inclusive")
    data = json.loads(har.read_text(encoding="utf-8"))
    del data["log"][FIELD]
    for entry in data["log"]["entries"]:
        del entry[FIELD]
    old = tmp_path / "old.har"
    old.write_text(json.dumps(data), encoding="utf-8")
    code, report = judged(tmp_path, old)
    assert code == 1 and "cursor_walk" in failed(report)
    assert statuses(report)["auth_required"] == statuses(live)["auth_required"] == "passed"


def test_recordings_stay_masked_and_bad_files_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "sk-live-0123456789abcdefSECRET"
    with ReplayServer(load(record(tmp_path, "none")[2])) as server:
        har = tmp_path / "masked.har"
        main(["run", *FAST, "--seed", "1", "--base-url", server.base_url, *IDS, "--api-key", secret,
              "--record", str(har)])  # fmt: skip
    text = har.read_text(encoding="utf-8")
    assert secret not in text and "Bearer ***" in text
    assert main(["judge", str(har)]) == 0
    assert secret not in capsys.readouterr().out
    bad = tmp_path / "bad.har"
    bad.write_text("not json", encoding="utf-8")
    assert main(["judge", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a HAR file" in err[0]


def test_a_seed_generates_the_same_cases_whatever_else_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hypothesis draws literals from loaded local modules; a recording made with other modules loaded (the
    embedded provider's) must still be judged with its own cases (conformance.seeded). 25 examples per mode."""

    def cases() -> list[str]:
        generated = generate(THREAD_ID, MAIN_RUN, 25, 1)
        return [repr((c.query, dict(c.headers or {}))) for c in generated.cases] + [repr(h) for h in generated.hostile]

    before = cases()
    module = "evidence_odd_literals"
    literals = [f"q{n}" for n in range(300)] + [-7 - n for n in range(300)] + [0.25 + n for n in range(100)]
    (tmp_path / f"{module}.py").write_text(f"VALUES = {literals!r}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module(module)
    assert cases() == before
