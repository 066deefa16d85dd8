"""examples/tool_calls.py, an application written as a downstream developer would (narrowing with `match` and
`isinstance`, errors, a backward walk, async), passes mypy --strict and pyright in strict mode, and runs against
the reference provider. The generated package itself is checked by both in scripts/test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT

EXAMPLE = ROOT / "examples" / "tool_calls.py"
BIN = os.path.dirname(sys.executable)


def test_the_typed_example_passes_mypy_strict() -> None:
    result = subprocess.run(
        [os.path.join(BIN, "mypy"), "--strict", str(EXAMPLE)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright needs Node.js, which is not installed here")
def test_the_typed_example_passes_pyright_strict() -> None:
    # The pyright wheel bundles its JavaScript and runs it on the machine's node: no download at run time.
    result = subprocess.run(
        [os.path.join(BIN, "pyright"), "--project", str(ROOT / "codegen" / "pyright-strict.json"),
         "--pythonpath", sys.executable, str(EXAMPLE)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"},  # no look-up of the newest pyright release
    )  # fmt: skip
    assert result.returncode == 0 and "0 errors" in result.stdout, result.stdout + result.stderr


def test_the_typed_example_runs_against_the_reference_provider(reference: ReferenceServer) -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", str(EXAMPLE), reference.base_url, "sk-ref-conformance",
         "thread_ref_main", "run_ref_main"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ": wrote message msg_" in out and ": ran " in out and ": searched files: " in out and ": called " in out
    assert "file-search scores: " in out and int(out.split("file-search scores: ")[1].split()[0]) > 0
    assert "not found: 404" in out and "(request id req_ref_" in out
    assert "kinds: [('message_creation', 42), ('tool_calls', 208)]; UNSET is falsy: True" in out
    # `before` walked back in time (order="asc"): three steps, nearest first.
    assert out.count("step_") >= 8 and "before step_" in out and "'step_" in out.split("before step_")[1]
    assert "ResourceWarning" not in result.stderr
