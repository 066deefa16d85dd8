"""The CLI as CI logs and habits expect it: no wrapping in pipes, colours on request only, --version, help that
lists what it should, and scripts/conformance passing options through."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from tests.paths import ROOT
from tests.support import Cli, run_cli

# An SGR sequence that sets a colour (foreground 30-38/90-97, background 40-48/100-107); bold or dim is no colour.
COLOUR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9]+)*m")

# A budget that buys a full verdict on the 250-step run (from the plan: a new probe moves it).
FULL = str(minimum_budget(RUN_SIZES[MAIN_RUN]))


# The CLI runs in this process (the `conformance` fixture, tests/conftest.py). What is about a real process
# stays with run_cli: --version and --help as typed, stdout in a real pipe, the scripts and the venv's console script.


def test_version() -> None:
    result = run_cli("--version")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert result.returncode == 0 and result.stdout.strip() == f"conformance {version}"


def test_setting_up_the_venv_prints_no_warning_block(tmp_path: Path) -> None:
    """scripts/_env.sh's `ensure_venv`, run for real on a fresh project folder: it installs the project without
    pip's editable install (whose setuptools warning block used to appear on every first setup), puts both
    package roots on sys.path, and writes the console script. The lock there holds only pip itself, so the
    setup's own steps run without installing the whole lock again."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "conformance").mkdir()
    (project / "generated").mkdir()
    shutil.copy2(ROOT / "scripts" / "_env.sh", project / "scripts" / "_env.sh")
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "requirements.lock").write_text("pip==26.3\n", encoding="utf-8")
    (project / "conformance" / "__init__.py").write_text("WHERE = 'the copy'\n", encoding="utf-8")
    setup = subprocess.run(
        ["bash", "-c", 'source scripts/_env.sh && ensure_venv && ensure_venv && echo "python: $PY"'],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if setup.returncode != 0 and "pip" in setup.stderr and "No matching distribution" in setup.stderr:
        pytest.skip(f"no package index reachable for pip: {setup.stderr.strip().splitlines()[-1]}")
    assert setup.returncode == 0, setup.stderr[-2000:]
    noise = [line for line in setup.stderr.splitlines() if "Location 'file:" not in line]  # this machine's pip
    assert noise == [f"setting up {project}/.venv (pinned packages from requirements.lock)"], noise  # once
    python = project / ".venv" / "bin" / "python"
    found = subprocess.run(
        [str(python), "-c", "import conformance; print(conformance.WHERE)"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert found.stdout.strip() == "the copy", found.stderr
    console = project / ".venv" / "bin" / "conformance"
    assert os.access(console, os.X_OK) and console.read_text().startswith(f"#!{python}\n")
    installed = ROOT / ".venv" / "bin" / "conformance"
    result = subprocess.run([str(installed), "--version"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("conformance ")


def test_run_help_lists_every_exit_code_and_verdict() -> None:
    text = " ".join(run_cli("run", "--help").stdout.split())
    for code, word in ((0, "conformant"), (1, "non-conformant"), (2, "bad usage"), (3, "untestable"),
                       (4, "internal error"), (5, "incomplete")):  # fmt: skip
        assert f"{code} {word}" in text
    assert "--record" in text and "--allow-incomplete" in text


def test_matrix_help_speaks_of_targets_not_base_url() -> None:
    text = " ".join(run_cli("matrix", "--help").stdout.split())
    assert "--base-url" not in text
    assert "matrix.md" in text and "a folder per target" in text


def test_an_empty_thread_id_without_base_url_is_an_error(conformance: Cli) -> None:
    result = conformance("run", "--thread-id", "")
    assert result.returncode == 2 and "--thread-id and --run-id cannot be empty" in result.stderr


@pytest.fixture(scope="module")
def failing_run() -> subprocess.CompletedProcess[str]:
    """A real process whose stdout is a pipe, as in CI (rich asks the file itself whether it is a terminal)."""
    return run_cli("run", "--seed", "2", "--max-examples", "3", "--fault", "cursor-inclusive")


def test_in_a_pipe_the_verdict_line_is_whole(failing_run: subprocess.CompletedProcess[str]) -> None:
    last = failing_run.stdout.rstrip().splitlines()[-1]
    assert failing_run.returncode == 1
    # not wrapped at the console's width (120): one line, longer than that, cut by the headline's own rule
    assert last.startswith("non-conformant: cursor_walk: ") and 120 < len(last) <= 200
    assert last.endswith((")", "…"))
    assert "\x1b[" not in failing_run.stdout  # no colour codes in a pipe


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_color_is_honoured_even_when_colour_is_forced(conformance: Cli, how: str) -> None:
    args = ["run", "--seed", "2", "--max-examples", "2", "--max-requests", FULL]
    forced = conformance(*args, env={"FORCE_COLOR": "1"})
    assert COLOUR.search(forced.stdout)  # the test can fail: colour really is on when forced
    quiet = (
        conformance(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
        if how == "NO_COLOR"
        else conformance(*args, "--no-color", env={"FORCE_COLOR": "1"})
    )
    assert quiet.returncode == 0 and not COLOUR.search(quiet.stdout)


@pytest.mark.timeout(600)  # three whole runs through the scripts, and a spec diff
def test_scripts_take_paths_from_the_callers_folder(tmp_path: Path) -> None:
    """Relative paths are the caller's: scripts/conformance writes its reports and recording where it is called
    from, and passes every command through (judge, render); scripts/upstream-diff reads a spec named there."""

    def script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / name), *args], cwd=tmp_path, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip

    live = script("conformance", "--fault", "ids-swapped", "--seed", "1", "--max-examples", "2",
                  "--report-dir", "relrep", "--record", "rel.har")  # fmt: skip
    assert live.returncode == 1, live.stdout[-1000:] + live.stderr
    assert (tmp_path / "relrep" / "report.json").is_file() and (tmp_path / "rel.har").is_file()
    assert not (ROOT / "relrep").exists() and not (ROOT / "rel.har").exists()
    assert live.stdout.rstrip().splitlines()[-1].startswith("non-conformant: first_last_ids")
    judged = script("conformance", "judge", "rel.har", "--report-dir", "judged")
    assert judged.returncode == 1 and (tmp_path / "judged" / "report.json").is_file(), judged.stderr
    rendered = script("conformance", "render", "relrep")
    assert rendered.returncode == 0 and rendered.stdout.splitlines() == ["wrote relrep/report.html",
                                                                           "wrote relrep/badge.svg"]  # fmt: skip
    shutil.copy2(ROOT / "openapi.yaml", tmp_path / "new-spec.yaml")
    diff = script("upstream-diff", "new-spec.yaml")
    assert diff.returncode in (0, 1) and diff.stdout.startswith("# Upstream diff"), diff.stderr
    refused = script("upstream-diff", "new-spec.yaml", "--update-baseline", "--source", "new-spec.yaml")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "--source 'new-spec.yaml' is a local file name, which is no provenance" in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--custom-host", "http://127.0.0.1:8080/v1"], "--custom-host applies to --profile portkey-self-hosted"),
        (["--portkey-provider", "openai"], "--portkey-provider applies to --profile portkey-self-hosted"),
        (["--virtual-key", "vk-x"], "--virtual-key applies to --profile portkey only"),
        (["--entra-token", "t"], "--entra-token applies to --profile azure or foundry only"),
        (["--profile", "portkey", "--api-version", "2024-05-01-preview"], "--api-version applies to --profile azure"),
    ],
)
def test_an_option_of_another_profile_is_refused(conformance: Cli, args: list[str], message: str) -> None:
    """An option that would do nothing under the chosen profile is one line and exit 2, never silently dropped
    (it used to be: the HAR showed it was not sent); the matrix checks its command line the same way."""
    for command in (["run"], ["matrix", "--target", "ref=embedded"]):
        result = conformance(*command, *args)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_quiet_prints_the_verdict_line_only(conformance: Cli, tmp_path: Path) -> None:
    result = conformance("run", "--quiet", "--seed", "1", "--max-examples", "2", "--max-requests", FULL,
                         "--report-dir", str(tmp_path))  # fmt: skip
    assert result.returncode == 0 and result.stderr == ""
    from conformance.checks import names

    assert result.stdout.splitlines() == [f"conformant: all {len(names())} checks passed"]


def test_the_verdict_is_the_last_line_after_what_was_written(conformance: Cli, tmp_path: Path) -> None:
    result = conformance("run", "--seed", "1", "--max-examples", "2", "--max-requests", FULL,
                         "--report-dir", str(tmp_path))  # fmt: skip
    lines = result.stdout.rstrip().splitlines()
    assert lines[-1].startswith("conformant") and lines[-2] == f"wrote {tmp_path / 'badge.svg'}"


def test_a_paced_run_says_why_before_it_starts(conformance: Cli) -> None:
    """The default pacing (5/s against another host) slows a run: it says so first. 0.0.0.0 reaches this machine
    but is not a loopback name, so it gets the remote default; nothing listens there, so the run stops at once."""
    from tests.ports import free_port

    result = conformance("run", "--base-url", f"http://0.0.0.0:{free_port()}/v1", "--thread-id", "t", "--run-id",
                         "r", "--api-key", "sk-x")  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "> paced at 5/s: the default against a provider on another host" in result.stdout
    assert result.stderr.rstrip().splitlines()[-1].startswith("conformance: untestable: ")


@pytest.mark.parametrize(
    "args",
    [["run", "--report-dir", ""], ["run", "--record", ""], ["run", "--baseline", ""], ["render", ""],
     ["matrix", "--target", "a=embedded", "--output", ""], ["matrix", "--target", "a=embedded", "--config", " "]],
)  # fmt: skip
def test_an_empty_path_is_refused_in_one_line(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """An empty argument is not the current folder (`--report-dir ""` wrote there; `--output ""` said `Is a
    directory: .`)."""
    from conformance.cli import main

    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Is a directory" not in err, err
    assert "an empty path" in err or "does not exist" in err, err


def test_the_plan_line_says_why_a_phase_spent_more_than_planned() -> None:
    from conformance.reporters.common import plan_line
    from conformance.results import RunResult

    result = RunResult("t", "http://h/v1", "openai", 1, planned={"semantic": 34, "schemathesis": 40},
                       spent={"semantic": 36, "schemathesis": 40})  # fmt: skip
    assert plan_line(result) == (
        "spent/planned: semantic 36/34 (+2: pages past a correct provider's, which the plan counts), schemathesis 40/40"
    )


def test_bench_shows_a_ratio_that_agrees_with_its_verdict() -> None:
    """0.2049 against a goal of 0.2 misses: shown as 0.205, never as 0.20 beside MISSES."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert [bench.shown_ratio(r, 0.2) for r in (0.2049, 0.2001, 0.1999, 0.18)] == ["0.205", "0.2001", "0.20", "0.18"]
