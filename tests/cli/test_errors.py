"""One error tree: every exception class the suite defines is in `conformance/errors.py` (the embedded
reference provider's own control flow aside), each with the exit code a command ends with on it, and the
command line turns each into one line and that code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conformance import errors
from conformance.cli import main
from tests.paths import ROOT

PACKAGE = ROOT / "conformance"


def exception_classes(path: Path) -> list[str]:
    """Classes in `path` deriving from a name that ends in Error, Exception, Interrupt or is a known error."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            bases = [
                b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases
            ]
            if any(b.endswith(("Error", "Exception", "Interrupt", "Refused", "Spent", "Small")) for b in bases):
                found.append(node.name)
    return found


def test_every_error_of_the_suite_is_defined_in_the_tree() -> None:
    assert {"SuiteError", "UsageError", "BudgetSpent"} <= set(exception_classes(PACKAGE / "errors.py"))
    outside = {
        str(p.relative_to(PACKAGE)): names
        for p in PACKAGE.rglob("*.py")
        if p.name != "errors.py" and "reference" not in p.parts
        and (names := [n for n in exception_classes(p) if n not in ("Terminated", "ReplayedInterrupt", "Replayed")])
    }  # fmt: skip
    # Signals (Terminated, ReplayedInterrupt) are KeyboardInterrupts, not errors; Replayed is an httpx failure
    # a replay hands the transport, classified like the network's.
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
