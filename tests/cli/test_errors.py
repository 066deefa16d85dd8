"""One error tree: every exception class the suite defines is in `conformance/errors.py` (the embedded
reference provider's own control flow aside), each with the exit code a command ends with on it, and the
command line turns each into one line and that code."""

from __future__ import annotations

import importlib

import pytest

from conformance import errors
from conformance.cli import main
from tests.paths import ROOT

PACKAGE = ROOT / "conformance"


def exception_classes(module: str) -> list[str]:
    """The exception classes `module` defines (not those it imports)."""
    loaded = importlib.import_module(module)
    return [
        name
        for name, value in vars(loaded).items()
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == module
    ]


def test_every_error_of_the_suite_is_defined_in_the_tree() -> None:
    assert {"SuiteError", "UsageError", "BudgetSpent"} <= set(exception_classes("conformance.errors"))
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in PACKAGE.rglob("*.py")
        if "reference" not in p.parts and p.name not in ("errors.py", "__main__.py")
    ]
    # Signals (Terminated, ReplayedInterrupt) are KeyboardInterrupts, not errors; Replayed is an httpx failure
    # a replay hands the transport, classified like the network's own.
    signals = {"Terminated", "ReplayedInterrupt", "Replayed"}
    outside = {m: names for m in modules if (names := [n for n in exception_classes(m) if n not in signals])}
    assert outside == {}


def test_each_error_carries_its_exit_code() -> None:
    tree = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.SuiteError)]
    assert len(tree) >= 10
    for error in tree:
        expected = errors.EXIT_INTERNAL if issubclass(error, errors.ControlFlow) else error.exit_code
        assert error.exit_code == expected in (errors.EXIT_USAGE, errors.EXIT_INTERNAL), error
    assert issubclass(errors.BudgetTooSmall, errors.UsageError) and issubclass(errors.BadRecording, errors.UsageError)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["run", "--max-requests", "5"], "--max-requests 5 is below"),  # BudgetTooSmall, from plan
        (["render", "no-such-folder"], "no-such-folder"),  # RenderError, from pages
    ],
)
def test_the_command_line_ends_on_an_error_with_one_line_and_its_code(
    capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert main(args) == errors.EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("conformance: error: ") and says in err[0], err
