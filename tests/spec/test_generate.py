"""scripts/generate is deterministic and its --check catches a spec edit until the client is regenerated.

Works on a copy of the project's generator inputs in a temporary folder, so the real tree is untouched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "generate.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    for name in ("openapi.yaml", "scripts/generate.py"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, copy / name)
    shutil.copytree(ROOT / "codegen", copy / "codegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "generated", copy / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_committed_client_matches_the_spec(project: Path) -> None:
    result = run(project, "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_spec_edit_is_caught_until_regenerated(project: Path) -> None:
    spec = project / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "description: Id of the run this step is part of."
    assert old in text
    edited = text.replace(old, "description: The run this step belongs to (edited).")
    spec.write_text(edited, encoding="utf-8")

    stale = run(project, "--check")
    assert stale.returncode == 1
    assert "differs   run_steps_client/models/run_step.py" in stale.stdout

    regenerated = run(project)
    assert regenerated.returncode == 0, regenerated.stderr
    assert "The run this step belongs to (edited)." in (
        project / "generated/run_steps_client/models/run_step.py"
    ).read_text(encoding="utf-8")
    # Deterministic: a second run changes nothing and the check is clean again.
    again = run(project)
    assert "(0 file(s) changed)" in again.stdout
    assert run(project, "--check").returncode == 0


def test_hand_edit_inside_generated_is_caught(project: Path) -> None:
    target = project / "generated/run_steps_client/errors.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n# hand edit\n", encoding="utf-8")
    (project / "generated/run_steps_client/stray.py").write_text("x = 1\n", encoding="utf-8")
    result = run(project, "--check")
    assert result.returncode == 1
    assert "differs   run_steps_client/errors.py" in result.stdout
    assert "extra     run_steps_client/stray.py" in result.stdout
