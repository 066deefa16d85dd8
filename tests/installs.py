"""Fresh virtual environments for the tests that install something (tests/packaging, tests/client/test_vendor.py).

Where their time went (measured on the 2-core CI machine): `python -m venv` spends ~10 s of each new venv in
ensurepip, installing a pip that the test then runs once or twice. Here a venv is made `--without-pip` (0.1 s)
and this project's own pip installs into it with `--python` (pip runs its own code under that venv's interpreter,
so the venv's tags, markers and site-packages are the ones used, and nothing of this project's venv is visible
there). The venv ends up with only what was installed into it: not even pip.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

# This project's pip (pinned by scripts/_env.sh), run against the venv given with --python.
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]

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

# PEP 517's build_wheel hook of the backend named in argv[1], run in the source tree, writing into argv[2].
BUILD_WHEEL = "import importlib, sys; importlib.import_module(sys.argv[1]).build_wheel(sys.argv[2])"
# The names of the distributions a venv's python sees (what `pip freeze` lists), on one line.
DISTRIBUTIONS = "import importlib.metadata as m; print(*sorted({d.metadata['Name'] for d in m.distributions()}))"
# The names of what the distribution argv[1] requires, but for its extras (`pip show`'s "Requires:"), on one line.
REQUIRES = (
    "import importlib.metadata as m, re, sys; "
    "print(*sorted({re.split('[^A-Za-z0-9._-]', r, maxsplit=1)[0] "
    "for r in m.requires(sys.argv[1]) or [] if 'extra ==' not in r}))"
)


@functools.cache
def python_310() -> str | None:
    """A working Python 3.10 interpreter on this machine, if there is one (pyenv's versions, then PATH)."""
    candidates = [str(p) for p in sorted(Path.home().glob(".pyenv/versions/3.10*/bin/python3.10"), reverse=True)]
    candidates += [found] if (found := shutil.which("python3.10")) else []
    for candidate in candidates:
        check = [candidate, "-c", "import sys, venv; assert sys.version_info[:2] == (3, 10)"]
        if subprocess.run(check, capture_output=True, check=False).returncode == 0:
            return candidate
    return None


def build_wheel(sources: Path, out: Path) -> Path:
    """The wheel of a source tree, built by the backend its pyproject.toml names, with this project's pinned
    setuptools: what `pip wheel --no-deps --no-build-isolation` does (no download), without pip's start and its
    separate metadata step (~1 s here against ~3 s)."""
    backend = tomllib.loads((sources / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["build-backend"]
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-c", BUILD_WHEEL, backend, str(out)]
    built = subprocess.run(command, cwd=sources, capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = out.glob("*.whl")
    return wheel


def new_venv(interpreter: str, where: Path) -> Path:
    """An empty virtual environment of `interpreter` (no pip in it); returns its python."""
    subprocess.run([interpreter, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    return where / "bin" / "python"


def pip(python: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`pip ARGS` on the venv of `python` (this project's pip, with --python)."""
    command = [*PIP, "--python", str(python), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def install(python: Path, *requirements: str, what: str, compile_: bool = True) -> None:
    """`pip install REQUIREMENTS` into the venv of `python`; skips, saying so, when no package index is reachable
    to install `what`. `compile_=False` leaves the bytecode to the first imports (a big install compiles ~1900
    modules where a run imports ~800; see `run_env`)."""
    flags = ["--quiet", "--retries", "1", "--timeout", "20", *([] if compile_ else ["--no-compile"])]
    installed = pip(python, "install", *flags, *requirements, timeout=600)
    if installed.returncode != 0 and any(marker in installed.stderr for marker in NO_INDEX):
        last = installed.stderr.strip().splitlines()[-1][:200]
        pytest.skip(f"no package index is reachable from here to install {what} ({last})")
    assert installed.returncode == 0, installed.stderr


def installed(python: Path) -> set[str]:
    """The distributions installed in the venv of `python`, by normalized name (PEP 503): asked of that python
    itself, isolated (-I: no PYTHONPATH, no current folder), which sees only its venv's site-packages. This is
    the list `pip freeze` gives, in 0.1 s where pip with --python takes 1-2 s to start."""
    listed = subprocess.run([str(python), "-I", "-c", DISTRIBUTIONS], capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    return {re.sub(r"[-_.]+", "-", name).lower() for name in listed.stdout.split()}


def requires(python: Path, distribution: str) -> list[str]:
    """What `distribution`, installed in the venv of `python`, requires (its metadata's Requires-Dist, but for its
    extras), by name: `pip show`'s "Requires:", asked of that python as `installed` does."""
    listed = subprocess.run(
        [str(python), "-I", "-c", REQUIRES, distribution], capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    return listed.stdout.split()


def run_env(*, write_bytecode: bool = False) -> dict[str, str]:
    """This process's environment without PYTHONPATH (an installed program must not see the checkout), and, with
    `write_bytecode`, without PYTHONDONTWRITEBYTECODE: a venv installed with `compile_=False` then compiles each
    module once, at its first import, as pip would have at install."""
    dropped = {"PYTHONPATH", *(["PYTHONDONTWRITEBYTECODE"] if write_bytecode else [])}
    return {k: v for k, v in os.environ.items() if k not in dropped}
