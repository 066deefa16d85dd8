"""`matrix --parallel` is repeatable: every one of four identical targets run side by side is conformant, twice,
and the table is the one a sequential run writes. (Targets generating side by side once mixed Hypothesis's
global state; a process now generates each set of cases once, under a lock: tests/checks/test_generation.py
generates on threads side by side.)"""

from __future__ import annotations

from pathlib import Path

from tests.support import run_cli

TARGETS = [arg for i in range(1, 5) for arg in ("--target", f"t{i}=embedded")]  # all four at once under --parallel 4
FAST = ["--seed", "11", "--max-examples", "5"]


def checks_table(directory: Path) -> str:
    """matrix.md up to its last table, which holds each target's port and wall time (different every run)."""
    text = (directory / "matrix.md").read_text(encoding="utf-8")
    return text.split("| target | base URL |")[0]


def test_parallel_matrix_is_repeatable_and_equal_to_a_sequential_one(tmp_path: Path) -> None:
    tables = []
    for name, parallel in (("parallel-1", "4"), ("parallel-2", "4"), ("sequential", "1")):
        done = run_cli("matrix", *TARGETS, *FAST, "--parallel", parallel, "--report-dir", str(tmp_path / name))
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr
        table = checks_table(tmp_path / name)
        assert table.count("**conformant**") == 4 and "internal error" not in done.stdout, name
        tables.append(table)
    assert tables[0] == tables[1] == tables[2]
