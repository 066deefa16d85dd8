"""Helpers the tests share (imported explicitly; pytest advises against importing from conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jsonschema
import pytest

from conformance.reference import BEARER_KEY
from conformance.reporters import SCHEMA_PATH
from tests.cli import in_process
from tests.paths import ROOT

STEPS_PATH = "/threads/thread_ref_main/runs/{run}/steps"
HEADERS = {"Authorization": f"Bearer {BEARER_KEY}", "OpenAI-Beta": "assistants=v2"}


def load_report(directory: Path) -> dict[str, Any]:
    """DIR/report.json, validated against conformance/report.schema.json (so every report a test writes is)."""
    report: dict[str, Any] = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    errors = sorted(report_validator().iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]
    return report


@cache
def report_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`python -m conformance ARGS` from the project root, with a bare environment plus `env`."""
    return subprocess.run(
        [sys.executable, "-m", "conformance", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        env={**in_process.BARE, **(env or {})},
    )  # fmt: skip


class Cli(Protocol):
    """run_cli's shape (a test's `conformance` fixture, `run_in_process` bound to its capfd and monkeypatch)."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]: ...


def run_in_process(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`conformance ARGS` as run_cli runs it, but in this process (tests/cli/in_process.py): run_cli's bare
    environment plus `env`, from the project root, its output captured at the file descriptors. No
    interpreter to start (~1.8 s of imports), and the cases this process has generated are reused. What is
    about a real process (the console script, --help and --version as typed, the scripts, a real pipe) stays
    with run_cli."""
    in_process.bare_environment(monkeypatch, env)
    return in_process.run_in_process(capfd, *args).process
