"""The README's example groups that tests/readme/test_readme_examples.py leaves to this file (its ELSEWHERE):
the evidence flow (record, judge, keep the failing exchanges, replay), the matrix, and the Azure provider. They
are run there, in the same way; they are here so that `--dist loadfile` can give the two halves to two
workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.readme.test_readme_examples import ELSEWHERE, run_group


@pytest.mark.timeout(600)  # a group is up to five whole runs (the evidence flow), not one test's worth
@pytest.mark.parametrize("group", ELSEWHERE)
def test_the_readme_examples_run_as_written(group: str, tmp_path: Path) -> None:
    run_group(group, tmp_path)
