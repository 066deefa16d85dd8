"""Three nights of a two-target matrix, made once for the page tests: `api` is the clean reference provider on
night 1 and has the `cursor-inclusive` fault from night 2 on; `short` is a 3-step run every night (so some
checks are unobservable). `response_time` is excluded, so every page has an excluded check too. Night 3 is
recorded (--record), so its failures name the probe of their HAR entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main

FAULT = "cursor-inclusive"


def config(api: str) -> str:
    return (
        f'[[target]]\nname = "api"\nbase_url = "{api}"\n\n'
        '[[target]]\nname = "short"\nbase_url = "embedded"\nthread_id = "thread_ref_main"\nrun_id = "run_ref_three"\n'
    )


@pytest.fixture(scope="session")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of night folders (night-1, night-2, night-3), each a matrix --report-dir written with
    --history pointing at the folder itself."""
    root = tmp_path_factory.mktemp("nights")
    for night, api in ((1, "embedded"), (2, f"embedded:{FAULT}"), (3, f"embedded:{FAULT}")):
        path = root / f"night-{night}.toml"
        path.write_text(config(api), encoding="utf-8")
        folder = root / f"night-{night}"
        record = ["--record", str(folder / "run.har")] if night == 3 else []
        # 2 Hypothesis examples per mode: the pages need real reports, not a thorough fuzzing.
        code = main(["matrix", "--config", str(path), "--seed", "1", "--max-examples", "2",
                     "--exclude-checks", "response_time", "--report-dir", str(folder), "--history", str(root),
                     *record])  # fmt: skip
        assert code == (0 if night == 1 else 1), night
    return root
