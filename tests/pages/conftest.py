"""Three nights of a two-target matrix, made once for the page tests: `api` is the clean reference provider on
night 1 and has the `cursor-inclusive` fault from night 2 on; `short` is a 3-step run every night (so some
checks are unobservable). `response_time` is excluded, so every page has an excluded check too. Night 3 is
recorded (--record), so its failures name the probe of their HAR entry. Night 2 is compared with night 1
(--baseline-dir), so its failure is marked a regression. Night 3 also has `unreachable`, a URL where nothing listens:
untestable, with a key from the environment that its report masks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance.cli import main
from tests.ports import free_port

FAULT = "cursor-inclusive"


UNREACHABLE_KEY_ENV = "PAGES_TEST_UNREACHABLE_KEY"
UNREACHABLE_KEY = "sk-pages-test-unreachable-0123456789"


def config(api: str, unreachable: int | None = None) -> str:
    text = (
        f'[[target]]\nname = "api"\nbase_url = "{api}"\n\n'
        '[[target]]\nname = "short"\nbase_url = "embedded"\nthread_id = "thread_ref_main"\nrun_id = "run_ref_three"\n'
    )
    if unreachable is not None:
        text += (
            f'\n[[target]]\nname = "unreachable"\nbase_url = "http://127.0.0.1:{unreachable}/v1"\n'
            f'api_key_env = "{UNREACHABLE_KEY_ENV}"\nthread_id = "thread_x"\nrun_id = "run_x"\n'
        )
    return text


@pytest.fixture(scope="session")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of night folders (night-1, night-2, night-3), each a matrix --report-dir written with
    --history pointing at the folder itself."""
    root = tmp_path_factory.mktemp("nights")
    os.environ[UNREACHABLE_KEY_ENV] = UNREACHABLE_KEY  # read only by the `unreachable` target, which names it
    try:
        _write_nights(root)
    finally:
        del os.environ[UNREACHABLE_KEY_ENV]
    return root


def _write_nights(root: Path) -> None:
    for night, api in ((1, "embedded"), (2, f"embedded:{FAULT}"), (3, f"embedded:{FAULT}")):
        path = root / f"night-{night}.toml"
        path.write_text(config(api, free_port() if night == 3 else None), encoding="utf-8")
        folder = root / f"night-{night}"
        record = ["--record", str(folder / "run.har")] if night == 3 else []
        record += ["--baseline-dir", str(root / "night-1")] if night == 2 else []
        # 2 Hypothesis examples per mode: the pages need real reports, not a thorough fuzzing.
        code = main(["matrix", "--config", str(path), "--seed", "1", "--max-examples", "2",
                     "--exclude-checks", "response_time", "--report-dir", str(folder), "--history", str(root),
                     *record])  # fmt: skip
        assert code == (0 if night == 1 else 1), night
