"""The CLI as CI logs and habits expect it: no wrapping in pipes, colours on request only, --version, help that
lists what it should, and scripts/conformance passing options through."""

from __future__ import annotations

import re
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
    """scripts/_env.sh installs the project without pip's editable install, whose setuptools warning block
    used to appear on every first setup; the console script and imports still work from anywhere."""
    script = (ROOT / "scripts" / "_env.sh").read_text(encoding="utf-8")
    assert "pip install" in script and " -e " not in script and "editable_mode" not in script
    console = ROOT / ".venv" / "bin" / "conformance"
    result = subprocess.run([str(console), "--version"], cwd=tmp_path, capture_output=True, text=True, check=False)
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
