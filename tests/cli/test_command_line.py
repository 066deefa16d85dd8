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

from tests.paths import ROOT
from tests.support import run_cli

# An SGR sequence that sets a colour (foreground 30-38/90-97, background 40-48/100-107); bold or dim is no colour.
COLOUR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9]+)*m")


conformance = run_cli


def test_version() -> None:
    result = conformance("--version")
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
    text = " ".join(conformance("run", "--help").stdout.split())
    for code, word in ((0, "conformant"), (1, "non-conformant"), (2, "bad usage"), (3, "untestable"),
                       (4, "internal error"), (5, "incomplete")):  # fmt: skip
        assert f"{code} {word}" in text
    assert "--record" in text and "--allow-incomplete" in text


def test_matrix_help_speaks_of_targets_not_base_url() -> None:
    text = " ".join(conformance("matrix", "--help").stdout.split())
    assert "--base-url" not in text
    assert "matrix.md" in text and "a folder per target" in text


def test_an_empty_thread_id_without_base_url_is_an_error() -> None:
    result = conformance("run", "--thread-id", "")
    assert result.returncode == 2 and "--thread-id and --run-id cannot be empty" in result.stderr


@pytest.fixture(scope="module")
def failing_run() -> subprocess.CompletedProcess[str]:
    return conformance("run", "--seed", "2", "--max-examples", "3", "--fault", "cursor-inclusive")


def test_in_a_pipe_the_verdict_line_is_whole(failing_run: subprocess.CompletedProcess[str]) -> None:
    last = failing_run.stdout.rstrip().splitlines()[-1]
    assert failing_run.returncode == 1
    assert last.startswith("non-conformant: cursor_walk: ") and len(last) > 120 and last.endswith(")")
    assert "\x1b[" not in failing_run.stdout  # no colour codes in a pipe


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_color_is_honoured_even_when_colour_is_forced(how: str) -> None:
    args = ["run", "--seed", "2", "--max-examples", "2", "--max-requests", "80"]
    forced = conformance(*args, env={"FORCE_COLOR": "1"})
    assert COLOUR.search(forced.stdout)  # the test can fail: colour really is on when forced
    quiet = (
        conformance(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
        if how == "NO_COLOR"
        else conformance(*args, "--no-color", env={"FORCE_COLOR": "1"})
    )
    assert quiet.returncode == 0 and not COLOUR.search(quiet.stdout)


def test_scripts_conformance_passes_options_to_run(tmp_path: object) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "conformance"), "--fault", "ids-swapped", "--seed", "1", "--max-examples", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout[-1000:] + result.stderr
    assert result.stdout.rstrip().splitlines()[-1].startswith("non-conformant: first_last_ids")
