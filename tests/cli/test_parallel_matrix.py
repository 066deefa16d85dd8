"""`matrix --parallel` is repeatable: targets run side by side share no Hypothesis state, so every one of
eight identical targets is conformant, twice, and the table is the one a sequential run writes."""

from __future__ import annotations

from pathlib import Path

from tests.support import run_cli

TARGETS = [arg for i in range(1, 9) for arg in ("--target", f"t{i}=embedded")]
# 10 examples per mode: with fewer, generation is too short for targets to overlap, and the test passed even
# without the fix (with 10 it failed on every try without it). About 45 s on 2 cores, three matrices.
FAST = ["--seed", "11", "--max-examples", "10"]


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
        assert table.count("**conformant**") == 8 and "internal error" not in done.stdout, name
        tables.append(table)
    assert tables[0] == tables[1] == tables[2]
