"""Helpers the tests share (imported explicitly; pytest advises against importing from conftest.py)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from conformance.reference import BEARER_KEY
from conformance.reporters import SCHEMA_PATH
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
