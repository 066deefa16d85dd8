"""scripts/vendor: the copied package works in a fresh venv that has only httpx and attrs, at both ends of the
httpx range the README gives (0.28.0 and 0.29.0: the lowest and the newest release; one venv, httpx replaced
between the two runs, which costs a few seconds where a venv per version would cost twice the setup)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.reference.server import ReferenceServer
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


# What pip says when it cannot reach an index (none configured, no network, no DNS, a proxy refusing).
NO_INDEX = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
    "Max retries exceeded",
)


def pinned(name: str) -> str:
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith(name.lower() + "=="):
            return line.strip()
    raise AssertionError(f"{name} is not pinned in requirements.lock")


def python_310() -> str | None:
    """A working Python 3.10 interpreter on this machine, if there is one (pyenv's versions, then PATH)."""
    candidates = [str(p) for p in sorted(Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"), reverse=True)]
    candidates += [found] if (found := shutil.which("python3.10")) else []
    for candidate in candidates:
        check = [candidate, "-c", "import sys, venv; assert sys.version_info[:2] == (3, 10)"]
        if subprocess.run(check, capture_output=True, check=False).returncode == 0:
            return candidate
    return None


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

    env_dir = tmp_path / "venv"
    subprocess.run([interpreter, "-m", "venv", str(env_dir)], check=True, timeout=120)
    python = env_dir / "bin" / "python"
    # The project's pin of attrs where this Python can take it; 3.10 gets the newest release that supports it.
    attrs = pinned("attrs") if interpreter == sys.executable else "attrs"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--retries", "1"]
    # Both ends under this Python; the newest under 3.10 (a second install there would double a slow test).
    for end in HTTPX_ENDS if interpreter == sys.executable else HTTPX_ENDS[-1:]:
        install = subprocess.run(
            [*pip, "--timeout", "20", f"httpx=={end}", attrs], capture_output=True, text=True, timeout=300, check=False
        )
        if install.returncode != 0 and any(marker in install.stderr for marker in NO_INDEX):
            last = install.stderr.strip().splitlines()[-1][:200]
            pytest.skip(f"no package index is reachable from here to install the two dependencies ({last})")
        assert install.returncode == 0, install.stderr
        freeze = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True)
        installed = {line.split("==")[0].lower() for line in freeze.stdout.splitlines() if "==" in line}
        # The two and what they pull in themselves; nothing of this project's own dependencies.
        assert {"httpx", "attrs"} <= installed and "python-dateutil" not in installed
        assert not installed & {"schemathesis", "openai", "pydantic", "starlette", "rich", "click"}

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


def test_without_a_package_index_the_vendor_test_skips_and_says_why() -> None:
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "", "PIP_CONFIG_FILE": os.devnull}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(Path(__file__)),
         "-k", "this-python and not without_a_package_index"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 skipped" in result.stdout and "no package index is reachable" in result.stdout
