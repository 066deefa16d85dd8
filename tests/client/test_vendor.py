"""scripts/vendor: the copied package works in a fresh venv that has only httpx and attrs, at both ends of the
httpx range the README gives (0.28.0 and 0.29.0: the lowest and the newest release; one venv, httpx replaced
between the two runs, which costs a few seconds where a venv per version would cost twice the setup)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.reference.server import ReferenceServer
from tests.installs import install, installed, new_venv, python_310
from tests.paths import ROOT

USE = """
import sys, time
import httpx
from run_steps_client import ApiTimeoutError, NotFoundError, iter_run_steps, list_run_steps, presets
with presets.openai("sk-ref-conformance", base_url=sys.argv[1]) as client:
    steps = list(iter_run_steps(client, "thread_ref_main", "run_ref_main", limit=100, order="asc"))
    try:
        list_run_steps(client, "thread_ref_main", "run_nope")
    except NotFoundError as error:
        found = error.request_id
# The deadline is kept inside httpcore's reads (the guard's network backend): a provider that never answers the
# second page ends the walk at the deadline.
with presets.openai("sk-ref-conformance", base_url=sys.argv[2], deadline=0.5) as hanging:
    started = time.monotonic()
    try:
        list(iter_run_steps(hanging, "thread_ref_main", "run_ref_main", limit=1))
    except ApiTimeoutError:
        waited = time.monotonic() - started
print(len(steps), type(steps[0]).__name__, sorted({type(s.step_details).__name__ for s in steps}))
print(httpx.__version__, found, round(waited, 1))
"""

# The ends of the httpx range the README states ("httpx >= 0.28, < 0.30").
HTTPX_ENDS = ("0.28.0", "0.29.0")


def pinned(name: str) -> str:
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith(name.lower() + "=="):
            return line.strip()
    raise AssertionError(f"{name} is not pinned in requirements.lock")


def interpreters() -> list[Any]:
    oldest = python_310()
    skip = pytest.mark.skip(reason="no Python 3.10 interpreter on this machine (looked on PATH and in pyenv)")
    return [
        pytest.param(sys.executable, id="this-python"),
        pytest.param(oldest or "python3.10", id="python3.10", marks=() if oldest else skip),
    ]


@pytest.mark.parametrize("interpreter", interpreters())
def test_vendored_copy_runs_with_httpx_and_attrs_only(
    tmp_path: Path, servers: Callable[[str | None], ReferenceServer], interpreter: str
) -> None:
    project = tmp_path / "downstream"
    copied = subprocess.run(
        ["bash", str(ROOT / "scripts" / "vendor"), str(project)], capture_output=True, text=True, check=False
    )
    assert copied.returncode == 0, copied.stderr
    assert (project / "run_steps_client" / "pagination.py").is_file()
    assert not list(project.rglob("__pycache__"))

    python = new_venv(interpreter, tmp_path / "venv")
    # The project's pin of attrs where this Python can take it; 3.10 gets the newest release that supports it.
    attrs = pinned("attrs") if interpreter == sys.executable else "attrs"
    # Both ends under this Python; the newest under 3.10 (a second install there would double a slow test).
    for end in HTTPX_ENDS if interpreter == sys.executable else HTTPX_ENDS[-1:]:
        install(python, f"httpx=={end}", attrs, what="the two dependencies")
        there = installed(python)
        # The two and what they pull in themselves; nothing of this project's own dependencies.
        assert {"httpx", "attrs"} <= there and "python-dateutil" not in there
        assert not there & {"schemathesis", "openai", "pydantic", "starlette", "rich", "click"}

        run = subprocess.run(
            [str(python), "-c", USE, servers(None).base_url, servers("hang").base_url],
            cwd=project, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        counted, versions = run.stdout.splitlines()
        assert counted.split()[0] == "250" and "RunStep" in counted
        assert "MessageCreationDetails" in counted and "ToolCallsDetails" in counted
        version, request_id, waited = versions.split()
        assert version == end and request_id.startswith("req_ref_") and 0.4 <= float(waited) <= 3.0, versions


def test_vendor_without_destination_is_usage_error() -> None:
    result = subprocess.run(["bash", str(ROOT / "scripts" / "vendor")], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "usage: scripts/vendor DEST" in result.stderr


def test_without_a_package_index_the_vendor_test_skips_and_says_why(
    tmp_path: Path, servers: Callable[[str | None], ReferenceServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vendor test (this Python's case), with pip seeing no index, no links and no config file: it skips, and
    says why, instead of failing. Run in this process (a skip is pytest.skip's exception; a failure would raise
    anything else): a pytest in a new process spent ~10 s of this test loading its plugins."""
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    with pytest.raises(pytest.skip.Exception, match="no package index is reachable") as skipped:
        test_vendored_copy_runs_with_httpx_and_attrs_only(tmp_path, servers, sys.executable)
    assert "the two dependencies" in str(skipped.value)
