"""`conformance matrix`: several targets, one Markdown table of check x target."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from tests.support import load_report

FAST = ["--seed", "3", "--max-examples", "3"]

# A budget that buys a full verdict on the 250-step run (from the plan: a new probe moves it).
FULL = str(minimum_budget(RUN_SIZES[MAIN_RUN]))


def test_matrix_from_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "matrix",
            *FAST,
            "--target",
            "reference=embedded",
            "--target",
            "swapped=embedded:ids-swapped",
            "--report-dir",
            str(tmp_path),
        ]
    )
    assert code == 1  # one target is non-conformant
    table = (tmp_path / "matrix.md").read_text(encoding="utf-8")
    assert "| check | reference | swapped |" in table
    assert "| `first_last_ids` | pass | **FAIL** |" in table
    assert "| `cursor_walk` | pass | pass |" in table
    assert "| **verdict** | **conformant** | **non-conformant** |" in table
    for name, verdict in (("reference", "conformant"), ("swapped", "non-conformant")):
        assert load_report(tmp_path / name)["verdict"] == verdict
    assert table in capsys.readouterr().out


def test_matrix_from_toml_reads_keys_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATRIX_TEST_KEY", "sk-ref-conformance")
    config = tmp_path / "targets.toml"
    config.write_text(
        '[[target]]\nname = "clean"\nbase_url = "embedded"\napi_key_env = "MATRIX_TEST_KEY"\n\n'
        '[[target]]\nname = "portkey-style"\nbase_url = "embedded"\nprofile = "portkey"\n',
        encoding="utf-8",
    )
    output = tmp_path / "out" / "table.md"
    assert main(["matrix", *FAST, "--config", str(config), "--output", str(output)]) == 0
    assert "| check | clean | portkey-style |" in output.read_text(encoding="utf-8")


def test_matrix_rejects_unknown_toml_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "targets.toml"
    config.write_text('[[target]]\nname = "x"\nbase_url = "embedded"\napi_key = "inline"\n', encoding="utf-8")
    assert main(["matrix", "--config", str(config)]) == 2
    assert "unknown keys ['api_key']" in capsys.readouterr().err


@pytest.fixture(scope="module")
def mixed_matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """One matrix of every kind of target, run once for the tests below: a provider at a URL (the reference
    provider started apart, so it is a URL target with ids and a key), the embedded reference, a faulty embedded
    one and a URL where nothing listens (untestable). The URL targets' ids and key must not reach the embedded
    ones, or the comparison the matrix is for could not be made."""
    from contextlib import redirect_stdout
    from io import StringIO

    from conformance import reference
    from tests.ports import free_port

    out = tmp_path_factory.mktemp("mixed")
    printed = StringIO()
    with reference.embedded() as provider, redirect_stdout(printed):
        code = main(
            ["matrix", *FAST, "--max-requests", FULL, "--report-dir", str(out),
             "--target", f"ok={provider.base_url}", "--target", "ref=embedded",
             "--target", "broken=embedded:cursor-inclusive", "--target", f"gone=http://127.0.0.1:{free_port()}/v1",
             "--thread-id", "thread_ref_main", "--run-id", "run_ref_main", "--api-key", "sk-ref-conformance"]
        )  # fmt: skip
    return code, printed.getvalue(), out


def test_a_url_target_and_the_embedded_reference_compare_in_one_matrix(mixed_matrix: tuple[int, str, Path]) -> None:
    code, _, out = mixed_matrix
    assert code == 1  # the worst outcome: a failure
    verdicts = {name: load_report(out / name)["verdict"] for name in ("ok", "ref", "broken", "gone")}
    assert verdicts == {"ok": "conformant", "ref": "conformant", "broken": "non-conformant", "gone": "untestable"}


def test_the_matrix_ends_with_one_overall_line_after_what_it_wrote(mixed_matrix: tuple[int, str, Path]) -> None:
    _, printed, out = mixed_matrix
    lines = printed.rstrip().splitlines()
    assert lines[-1] == "4 targets: 2 conformant, 1 non-conformant, 1 untestable"
    wrote = [i for i, line in enumerate(lines) if line.startswith("wrote ")]
    assert wrote and max(wrote) == len(lines) - 2
    assert f"wrote {out / 'matrix.html'}" in lines


def test_a_missing_baseline_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in --baseline-dir must not silently turn regression tracking off; nor a folder holding no report of
    these targets."""
    assert main(["matrix", "--target", "ref=embedded", "--baseline-dir", str(tmp_path / "no-such")]) == 2
    assert "--baseline-dir" in capsys.readouterr().err
    (tmp_path / "other" / "report.json").parent.mkdir()
    (tmp_path / "other" / "report.json").write_text("{}", encoding="utf-8")
    assert main(["matrix", "--target", "ref=embedded", "--baseline-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"conformance: error: --baseline-dir {tmp_path}: holds no NAME/report.json of these targets (ref)"


def test_a_quiet_matrix_prints_its_overall_line_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["matrix", *FAST, "--max-requests", FULL, "--quiet", "--target", "ref=embedded",
                 "--report-dir", str(tmp_path)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    assert captured.out.splitlines() == ["1 target: 1 conformant"]
    assert (tmp_path / "matrix.md").is_file() and (tmp_path / "ref" / "report.json").is_file()


def test_a_target_refused_for_its_budget_is_not_an_error_of_the_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["matrix", "--max-requests", "5", "--target", "ref=embedded", "--report-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 3, captured  # untestable
    assert captured.err.startswith("conformance: target 'ref' not run: --max-requests 5"), captured.err
    assert "error" not in captured.err.split(":")[1]
    assert captured.out.splitlines()[-1] == "1 target: 1 untestable"
    assert load_report(tmp_path / "ref")["verdict"] == "untestable"


def test_run_matrix_runs_every_target_and_records_a_refused_one() -> None:
    """The executor without the command line: results in the targets' order, the watcher told of each, a
    target refused before its first phase (a budget below its run's minimum) recorded as untestable while the
    others run, and one masker holding every target's secrets."""
    from dataclasses import dataclass, field

    from conformance.matrix_run import run_matrix
    from conformance.progress import Silent
    from conformance.results import RunResult
    from conformance.secrets import Masker
    from conformance.settings import Settings
    from conformance.targets import TargetOptions, resolve

    @dataclass
    class Seen:
        progress: Silent = field(default_factory=Silent)
        events: list[str] = field(default_factory=list)

        def refused(self, reason: str) -> None:
            self.events.append(f"refused: {reason}")

        def done(self, result: RunResult, masker: Masker) -> None:
            self.events.append(f"done: {result.verdict.value}")

    secret = {"X-Trace": "sk-matrix-run-secret-0123"}  # a header that looks like a key: masked, and ignored
    targets = [resolve(TargetOptions(name="small", base_url="embedded", run_id="run_ref_two"), {}),
               resolve(TargetOptions(name="main", base_url="embedded", headers=secret), {})]  # fmt: skip
    seen: dict[str, Seen] = {}

    def watch(resolved: object) -> Seen:
        name = resolved.options.name  # type: ignore[attr-defined]
        seen[name] = Seen()
        return seen[name]

    from conformance.plan import minimum_budget

    budget = minimum_budget(2)  # the 2-step run's minimum: enough for it, below the 250-step run's
    assert budget < minimum_budget(250)
    done = run_matrix(targets, Settings(seed=1, max_examples=2, max_requests=budget), {}, 1, watch)
    assert [r.target_name for r in done.results] == ["small", "main"]
    assert seen["small"].events == ["done: conformant"]
    assert seen["main"].events[0].startswith("refused: ") and seen["main"].events[1] == "done: untestable"
    assert done.overall() == "2 targets: 1 conformant, 1 untestable"
    assert done.masker.text("key sk-matrix-run-secret-0123") == "key ***"
