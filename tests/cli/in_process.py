"""The CLI run inside the test process as `tests.support.run_cli` runs it in a fresh one (issue 30: test time).

A fresh `python -m conformance` costs about 2.6 s of CPU (imports and case generation) before its first request;
in the test process a repeated run costs about 1 s, since generated cases are kept per process. What a separate
process gave for free is reproduced here:
- the environment: exactly `run_cli`'s bare one (PATH, HOME and the test's variables; every other variable of
  this machine removed, API keys included), and the project root as the current folder;
- the output: stdout and stderr captured at the file-descriptor level (`capfd`), so anything written by any
  library or thread is seen;
- what pytest would otherwise keep to itself: in a process of its own, log records (through logging's last
  resort handler) and warnings would be printed on stderr; here they are collected and handed back as `logged`
  (every record that reaches the root logger, as the last resort would print it, and every warning, whatever
  its category, even one a fresh process would ignore), for the tests that scan every output for secrets.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from conformance.cli import main
from tests.paths import ROOT

BARE = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}  # the environment of tests.support.run_cli's subprocesses too


def bare_environment(monkeypatch: pytest.MonkeyPatch, env: Mapping[str, str] | None = None) -> None:
    """os.environ as `run_cli(env=env)` gives its subprocess; pytest's own PYTEST_* variables stay (pytest
    sets and removes PYTEST_CURRENT_TEST itself). Undone by monkeypatch when the test ends."""
    for name in list(os.environ):
        if not name.startswith("PYTEST_"):
            monkeypatch.delenv(name)
    for name, value in {**BARE, **(env or {})}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(ROOT)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@dataclass(frozen=True)
class Ran:
    """A finished in-process run: what `subprocess.run` would have given, and what was logged or warned."""

    process: subprocess.CompletedProcess[str]
    logged: str


def run_in_process(capfd: pytest.CaptureFixture[str], *args: str) -> Ran:
    """`conformance ARGS` through `conformance.cli.main`, in the environment set up by `bare_environment`."""
    capfd.readouterr()  # only this run's output
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            code = main(list(args))
    finally:
        root.removeHandler(collect)
    out, err = capfd.readouterr()
    logged = [*collect.lines, *(f"{w.category.__name__}: {w.message}" for w in warned)]
    return Ran(subprocess.CompletedProcess(["conformance", *args], code, out, err), "\n".join(logged))
