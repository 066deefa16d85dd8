"""A key reaches only the target it was meant for: loopback providers record every header they receive, and
each run (every profile) and each matrix target (two targets, two keys) must see exactly its own credentials.

The CLI runs in this process (tests/cli/in_process.py: `run_cli`'s bare environment, output captured by file
descriptor): a fresh process cost 2.6 s of CPU before its first request (issue 30). One test stays a real
`python -m conformance` process: `test_matrix_targets_each_get_their_own_key`, where each target's key comes
from the variable its matrix file names in that process's environment.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from conformance.reference.server import ReferenceServer
from tests.cli.in_process import bare_environment, run_in_process
from tests.support import Cli, load_report, run_cli

KEY_A = "sk-SENTINEL-target-a-41c7"
KEY_B = "sk-SENTINEL-target-b-93d2"
ENV_KEYS = {
    "OPENAI_API_KEY": "sk-SENTINEL-env-openai-0b1e",
    "PORTKEY_API_KEY": "pk-SENTINEL-env-portkey-77aa",
    "PORTKEY_PROVIDER_VIRTUAL_KEY": "vk-SENTINEL-env-virtual-5c3d",
}
EVERY_SENTINEL = {KEY_A, KEY_B, "vk-SENTINEL-virtual-a-1f1f", "SENTINEL-header-a-2e2e", *ENV_KEYS.values()}
IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main"]


class Recorder:
    """A reference provider that lets any key in and keeps every request's headers."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        self.server = ReferenceServer(fault="auth-not-enforced", headers_seen=self.seen)

    def sentinels(self) -> set[str]:
        return {s for headers in self.seen for value in headers.values() for s in EVERY_SENTINEL if s in value}


@pytest.fixture
def recorders() -> Iterator[tuple[Recorder, Recorder]]:
    a, b = Recorder(), Recorder()
    with a.server, b.server:
        yield a, b


@pytest.fixture
def conformance(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> Cli:
    """`conformance ARGS` in this process, with ENV_KEYS and `env` as the whole environment (beside PATH and
    HOME). What a process of its own would have printed on stderr from logging or warnings holds no sentinel."""

    def call(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        bare_environment(monkeypatch, {**ENV_KEYS, **(env or {})})
        ran = run_in_process(capfd, *args, "--max-examples", "2", "--seed", "3")
        assert not {s for s in EVERY_SENTINEL if s in ran.logged}, ran.logged
        return ran.process

    return call


def conformance_in_a_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--max-examples", "2", "--seed", "3", env={**ENV_KEYS, **(env or {})})


@pytest.mark.parametrize(
    ("profile_args", "expected"),
    [
        (["--api-key", KEY_A], {KEY_A}),
        ([], {ENV_KEYS["OPENAI_API_KEY"]}),
        (["--profile", "portkey", "--api-key", KEY_A, "--virtual-key", "vk-SENTINEL-virtual-a-1f1f"],
         {KEY_A, "vk-SENTINEL-virtual-a-1f1f"}),
        (["--profile", "portkey"], {ENV_KEYS["PORTKEY_API_KEY"], ENV_KEYS["PORTKEY_PROVIDER_VIRTUAL_KEY"]}),
        (["--profile", "portkey-self-hosted", "--portkey-provider", "openai", "--api-key", KEY_A], {KEY_A}),
        (["--profile", "custom", "--header", "x-api-key: SENTINEL-header-a-2e2e"], {"SENTINEL-header-a-2e2e"}),
        (["--api-key", KEY_A, "--header", "x-extra-key: SENTINEL-header-a-2e2e"], {KEY_A, "SENTINEL-header-a-2e2e"}),
    ],
)  # fmt: skip
def test_run_sends_exactly_its_own_credentials(
    recorders: tuple[Recorder, Recorder],
    profile_args: list[str],
    expected: set[str],
    tmp_path: Path,
    conformance: Cli,
) -> None:
    target, bystander = recorders
    result = conformance(
        "run", "--base-url", target.server.base_url, *IDS, *profile_args, "--report-dir", str(tmp_path)
    )
    assert result.returncode == 1, result.stdout[-1500:] + result.stderr  # auth-not-enforced: auth_required fails
    assert target.sentinels() == expected
    assert not bystander.seen
    text = result.stdout + result.stderr + (tmp_path / "report.json").read_text(encoding="utf-8")
    assert not {s for s in EVERY_SENTINEL if s in text}
    load_report(tmp_path)


def test_header_applies_under_every_profile_and_replacing_a_credential_is_said(
    recorders: tuple[Recorder, Recorder], conformance: Cli
) -> None:
    target, _ = recorders
    result = conformance(
        "run", "--base-url", target.server.base_url, *IDS, "--api-key", KEY_A,
        "--header", "x-trace: visible-value", "--header", f"Authorization: Bearer {KEY_B}",
    )  # fmt: skip
    assert result.returncode == 1
    assert all(h.get("x-trace") == "visible-value" for h in target.seen)
    assert target.sentinels() == {KEY_B}  # the header replaced the profile's Authorization
    assert "--header Authorization replaces the openai profile's own Authorization header" in result.stdout
    assert KEY_B not in result.stdout + result.stderr


def matrix_file(tmp_path: Path, a: Recorder, b: Recorder, b_var: str = "KEY_FOR_B") -> Path:
    config = tmp_path / "targets.toml"
    config.write_text(
        f'[[target]]\nname = "a"\nbase_url = "{a.server.base_url}"\napi_key_env = "KEY_FOR_A"\n'
        'thread_id = "thread_ref_main"\nrun_id = "run_ref_main"\n\n'
        f'[[target]]\nname = "b"\nbase_url = "{b.server.base_url}"\napi_key_env = "{b_var}"\n'
        'thread_id = "thread_ref_main"\nrun_id = "run_ref_main"\n',
        encoding="utf-8",
    )
    return config


def test_matrix_targets_each_get_their_own_key(recorders: tuple[Recorder, Recorder], tmp_path: Path) -> None:
    """A real process (kept so on purpose, see the module's docstring)."""
    a, b = recorders
    config = matrix_file(tmp_path, a, b)
    result = conformance_in_a_process(
        "matrix", "--config", str(config), "--report-dir", str(tmp_path / "out"),
        env={"KEY_FOR_A": KEY_A, "KEY_FOR_B": KEY_B},
    )  # fmt: skip
    assert result.returncode == 1, result.stdout[-1500:] + result.stderr
    assert a.sentinels() == {KEY_A} and b.sentinels() == {KEY_B}
    assert (tmp_path / "out" / "matrix.md").is_file()
    assert not {s for s in EVERY_SENTINEL if s in result.stdout + result.stderr}


def test_matrix_target_with_an_unset_variable_is_refused_before_anything_runs(
    recorders: tuple[Recorder, Recorder], tmp_path: Path, conformance: Cli
) -> None:
    a, b = recorders
    config = matrix_file(tmp_path, a, b, b_var="KEY_NOBODY_SET")
    result = conformance("matrix", "--config", str(config), env={"KEY_FOR_A": KEY_A})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "target 'b': api_key_env names KEY_NOBODY_SET, which is not set" in result.stderr
    assert not a.seen and not b.seen  # validated whole before the first request: OPENAI_API_KEY never sent


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[target]]\nname = "x"\n', "[[target]] 'x': missing base_url"),
        ('[[target]]\nname = "x"\nbase_url = "notaurl"\nthread_id = "t"\nrun_id = "r"\n', "--base-url must be an"),
        ('[[target]]\nname = "x"\nbase_url = "embedded:gremlins"\n', "unknown fault 'gremlins'"),
        ('[[target]]\nname = "x"\nbase_url = "embedded"\napi_key = "inline"\n', "unknown keys ['api_key']"),
        ('[[target]]\nname = "x"\nbase_url = "http://127.0.0.1:9/v1"\nthread_id = "t"\nrun_id = "r"\n',
         "target 'x': profile openai needs a key: api_key_env in the matrix file"),
    ],
)  # fmt: skip
def test_matrix_file_is_validated_whole(tmp_path: Path, toml: str, message: str, conformance: Cli) -> None:
    config = tmp_path / "targets.toml"
    config.write_text('[[target]]\nname = "fine"\nbase_url = "embedded"\n\n' + toml, encoding="utf-8")
    result = conformance("matrix", "--config", str(config))
    assert result.returncode == 2, result.stdout[-1000:] + result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "fine" not in result.stdout  # nothing ran


def test_target_flag_with_a_bad_url_names_the_url(tmp_path: Path, conformance: Cli) -> None:
    result = conformance("matrix", "--target", "a=notaurl", "--api-key", "k", *IDS)
    assert result.returncode == 2 and "target 'a': --base-url must be an http(s) URL" in result.stderr


def test_a_matrix_runs_every_target_it_can_and_always_writes_the_table(tmp_path: Path, conformance: Cli) -> None:
    config = tmp_path / "targets.toml"
    config.write_text(
        '[[target]]\nname = "main"\nbase_url = "embedded"\n\n'
        '[[target]]\nname = "one"\nbase_url = "embedded"\nthread_id = "thread_ref_main"\nrun_id = "run_ref_one"\n',
        encoding="utf-8",
    )
    # The one-step run's minimum buys it a full verdict, but not the 250-step run one.
    budget = minimum_budget(RUN_SIZES["run_ref_one"])
    assert budget < minimum_budget(RUN_SIZES[MAIN_RUN])
    result = conformance(
        "matrix", "--config", str(config), "--max-requests", str(budget), "--report-dir", str(tmp_path)
    )
    # Recorded as untestable (not run), so the exit code says untestable too (issue 19: it said 2).
    assert result.returncode == 3, result.stdout[-1500:] + result.stderr
    assert f"target 'main' not run: --max-requests {budget} is below" in result.stderr
    table = (tmp_path / "matrix.md").read_text(encoding="utf-8")
    assert "| **verdict** | **untestable** | **incomplete** |" in table
    assert f"- main: untestable: not run: --max-requests {budget} is below" in table
    assert load_report(tmp_path / "one")["verdict"] == "incomplete"
