"""Every reference fault, recorded, judged again and replayed: half 2 of the sweep (tests/cli/evidence.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.evidence import ALL, judge_and_replay_give_the_live_verdict


@pytest.mark.parametrize("fault", ALL[1::2])
def test_judge_and_replay_give_the_live_verdict(tmp_path: Path, fault: str) -> None:
    judge_and_replay_give_the_live_verdict(tmp_path, fault)
