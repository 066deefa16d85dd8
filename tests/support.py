"""Helpers the tests share (imported explicitly; pytest advises against importing from conftest.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import jsonschema
import pytest

from conformance.cli import main
from conformance.reference import BEARER_KEY
from conformance.reporters import SCHEMA_PATH
from conformance.secrets import SECRET_ENV
from tests.paths import ROOT

STEPS_PATH = "/threads/thread_ref_main/runs/{run}/steps"
HEADERS = {"Authorization": f"Bearer {BEARER_KEY}", "OpenAI-Beta": "assistants=v2"}


def free_port() -> int:
    """A loopback port nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **(env or {})},
    )  # fmt: skip


# What a command reads from the environment, none of which run_cli's bare environment holds: keys and tokens
# (the usual variables of every profile), rich's colour and size, httpx's proxies.
CLEARED_PREFIXES = ("OPENAI_", "PORTKEY_", "AZURE_")
CLEARED = {
    *SECRET_ENV, "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "COLUMNS", "LINES", "TTY_COMPATIBLE",
    "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
}  # fmt: skip


class Cli(Protocol):
    """run_cli's shape (a test's `conformance` fixture, `run_in_process` bound to its capfd and monkeypatch)."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]: ...


def run_in_process(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`conformance ARGS` as run_cli runs it, but in this process, through the CLI's entry point: from the
    project root, with none of the variables a command reads (`CLEARED`) but those of `env`; its exit code,
    and what it printed, captured at the file descriptors. No interpreter to start (~1.8 s of imports), and
    the cases this process has generated are reused. What is about a real process (the console script,
    --help and --version as typed, the scripts, a real pipe) stays with run_cli."""
    for name in list(os.environ):
        if name.upper() in CLEARED or name.upper().startswith(CLEARED_PREFIXES):
            monkeypatch.delenv(name)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(ROOT)
    capfd.readouterr()  # what was printed before is not this command's
    code = main(list(args))
    out, err = capfd.readouterr()
    return subprocess.CompletedProcess([sys.executable, "-m", "conformance", *args], code, out, err)
