"""Both distributions as people install them: wheels built from the repository, each installed into a fresh
virtual environment outside it, used from a folder that knows nothing of the checkout.

- `run-steps-conformance` (the suite): `conformance run` in a temporary folder gives the main job's verdict, and
  the installed package carries the spec and the schemas it reads (no path into a checkout).
- `run-steps-client` (the client, `generated/`): installed on Python 3.10 (the oldest it supports) with only its
  own dependencies, it lists every step of the reference run from the installed suite's `conformance serve`.

Building copies the sources into a scratch folder first (setuptools writes `build/` and `*.egg-info` beside what
it builds) and keeps `conformance/openapi.yaml` a symlink there, as in the repository, so the wheel's copy of the
spec is the one the build followed the link to.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.reference import BEARER_KEY, MAIN_RUN, RUN_SIZES, THREAD_ID
from conformance.reference.fixtures import build_run
from tests.installs import build_wheel, install, installed, new_venv, python_310, requires, run_env
from tests.paths import ROOT

# Building a venv and installing a wheel's dependencies takes most of a minute on a loaded 2-core machine; the
# project's default per-test timeout (120 s) is for tests of behaviour, not of installs.
pytestmark = pytest.mark.timeout(900)
CACHES = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", "build", "dist", "*.egg-info")

WHERE_IS_THE_SPEC = "import conformance.resources as r; print(r.resource_path(r.SPEC))"
LIST_EVERY_STEP = """
import sys
from run_steps_client import iter_run_steps, presets
with presets.openai(sys.argv[2], base_url=sys.argv[1]) as client:
    for step in iter_run_steps(client, sys.argv[3], sys.argv[4], limit=100, order="asc"):
        print(step.id)
"""
WHY = "the wheel's dependencies"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def client_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client's wheel, built once from a copy of generated/ (both tests install this one file)."""
    scratch = tmp_path_factory.mktemp("client-build")
    shutil.copytree(ROOT / "generated", scratch / "src", ignore=CACHES)
    return build_wheel(scratch / "src", scratch / "dist")


@pytest.fixture(scope="module")
def suite_install(client_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's wheel in a fresh venv, with the client's (a dependency: the suite reads the wire as the
    client does), pinned by requirements.lock; returns that venv's bin folder."""
    scratch = tmp_path_factory.mktemp("suite-build")
    sources = scratch / "src"
    sources.mkdir()
    for name in ("pyproject.toml", "README.md", "openapi.yaml"):
        shutil.copy2(ROOT / name, sources / name)
    shutil.copytree(ROOT / "conformance", sources / "conformance", symlinks=True, ignore=CACHES)
    assert (sources / "conformance" / "openapi.yaml").is_symlink()
    wheel = build_wheel(sources, scratch / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert archive.read("conformance/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
    assert {"conformance/report.schema.json", "conformance/matrix.schema.json"} <= names
    assert not any(name.startswith("run_steps_client/") for name in names), "the client ships on its own"
    python = new_venv(sys.executable, scratch / "venv")
    pins = ["-c", str(ROOT / "requirements.lock")]
    install(python, *pins, str(client_wheel), str(wheel), what=WHY, compile_=False)
    return python.parent


@pytest.fixture(scope="module")
def served(suite_install: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`conformance serve` from the installed suite, on a free port; yields its base URL."""
    port = free_port()
    cwd = tmp_path_factory.mktemp("serve-cwd")
    env = run_env(write_bytecode=True)
    command = [str(suite_install / "conformance"), "serve", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else "serve exited"
                time.sleep(0.1)
        else:
            pytest.fail("conformance serve did not listen within 30 s")
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_installed_suite_runs_the_main_job_from_any_folder(suite_install: Path, tmp_path: Path) -> None:
    env = run_env(write_bytecode=True)
    run = subprocess.run(
        [str(suite_install / "conformance"), "run", "--report-dir", "reports"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "conformant" in run.stdout
    assert (tmp_path / "reports" / "report.json").is_file()
    # The installed package answered from site-packages, not from this checkout.
    where = subprocess.run(
        [str(suite_install / "python"), "-c", WHERE_IS_THE_SPEC],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in where and not where.startswith(str(ROOT))


def test_client_wheel_installs_alone_on_the_oldest_python_and_lists_every_step(
    client_wheel: Path, served: str, tmp_path: Path
) -> None:
    interpreter = python_310()
    if interpreter is None:
        pytest.skip("no Python 3.10 interpreter on this machine (looked on PATH and in pyenv)")
    python = new_venv(interpreter, tmp_path / "venv")
    # Python 3.10 takes the newest attrs/httpx the project's pins allow it; no lock constraints.
    install(python, str(client_wheel), what=WHY)
    assert requires(python, "run-steps-client") == ["attrs", "httpx"]
    assert not {"schemathesis", "python-dateutil", "starlette", "rich"} & installed(python)
    listed = subprocess.run(
        [str(python), "-c", LIST_EVERY_STEP, served, BEARER_KEY, THREAD_ID, MAIN_RUN],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    expected = [step["id"] for step in build_run(MAIN_RUN, RUN_SIZES[MAIN_RUN]).steps]
    assert listed.stdout.split() == expected
