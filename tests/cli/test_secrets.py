"""Sentinel keys, given on the command line and in the environment, never appear in any output.

Each profile is pointed at a reference provider that rejects the sentinels (the preflight's report carries the
request), and at one that lets them in (the failing checks carry reproducing requests, and the HAR recording
holds every request and answer), which is exactly where a leaked key would show.

The profiles' runs call the CLI in this process (tests/cli/in_process.py: the same bare environment, stdout and
stderr captured at the file-descriptor level, and every log record and warning scanned too): a fresh process
each cost 2.6 s of CPU before its first request (issue 30). One stays a real `python -m conformance` process
(`IN_A_PROCESS`: the whole run of the openai profile, its key read from the environment), so the CLI's own path
(entry point, a fresh process's environment, everything it prints until it exits) is still scanned whole.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance.reference.server import ReferenceServer
from tests.cli.in_process import bare_environment, run_in_process
from tests.paths import ROOT
from tests.support import load_report

SENTINELS = {
    "cli_key": "sk-SENTINEL-cli-7f3a9",
    "virtual_key": "vk-SENTINEL-virtual-2b8c1",
    "env_openai": "sk-SENTINEL-env-openai-5d2e",
    "env_portkey": "pk-SENTINEL-env-portkey-9a7f",
    "env_virtual": "vk-SENTINEL-env-virtual-3c6b",
    "config_header": "SENTINEL-portkey-config-8e4d",
    "custom_auth": "sk-SENTINEL-custom-1f5a",
    "env_azure_key": "SENTINEL-env-azure-key-4e1d",
    "env_entra_token": "SENTINEL-env-entra-token-6a2f",
    "entra_token": "SENTINEL-cli-entra-token-8b3c",
}
ENV = {
    "OPENAI_API_KEY": SENTINELS["env_openai"],
    "PORTKEY_API_KEY": SENTINELS["env_portkey"],
    "PORTKEY_PROVIDER_VIRTUAL_KEY": SENTINELS["env_virtual"],
    "AZURE_OPENAI_API_KEY": SENTINELS["env_azure_key"],
    "AZURE_OPENAI_AD_TOKEN": SENTINELS["env_entra_token"],
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
}
RunAndCollect = Callable[[list[str], Path], tuple[int, dict[str, str]]]
IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main"]
IN_A_PROCESS = "openai-env"  # the whole run of this profile is a real process (see the module's docstring)
PROFILES = [
    "openai-cli",
    "openai-env",
    "portkey-cli",
    "portkey-env",
    "portkey-self-hosted",
    "azure-cli",
    "azure-entra-cli",
    "azure-env",
    "custom",
]


def profiles(base_url: str) -> dict[str, list[str]]:
    common = ["--base-url", base_url, *IDS, "--max-examples", "3", "--seed", "2"]
    return {
        "openai-cli": [*common, "--api-key", SENTINELS["cli_key"]],
        "openai-env": common,
        "portkey-cli": [
            *common,
            "--profile",
            "portkey",
            "--api-key",
            SENTINELS["cli_key"],
            "--virtual-key",
            SENTINELS["virtual_key"],
        ],
        "portkey-env": [*common, "--profile", "portkey"],
        "portkey-self-hosted": [
            *common,
            "--profile",
            "portkey-self-hosted",
            "--portkey-provider",
            "openai",
            "--custom-host",
            base_url,
            "--api-key",
            SENTINELS["cli_key"],
        ],
        # azure: the key from the command line (with an api-version on every request), a Microsoft Entra token
        # from the command line, and from the environment (where the token wins over the key, as in openai-python).
        "azure-cli": [
            *common,
            "--profile",
            "azure",
            "--api-key",
            SENTINELS["cli_key"],
            "--api-version",
            "2024-05-01-preview",
        ],
        "azure-entra-cli": [*common, "--profile", "azure", "--entra-token", SENTINELS["entra_token"]],
        "azure-env": [*common, "--profile", "azure"],
        "custom": [
            *common,
            "--profile",
            "custom",
            "--header",
            f"x-portkey-config: {SENTINELS['config_header']}",
            "--header",
            f"Authorization: Bearer {SENTINELS['custom_auth']}",
        ],
    }


@pytest.fixture(scope="module")
def provider() -> Iterator[ReferenceServer]:
    with ReferenceServer() as server:
        yield server


def collect(result: subprocess.CompletedProcess[str], report_dir: Path, logged: str = "") -> dict[str, str]:
    """Every text a run produced, by where it went."""
    outputs = {"stdout": result.stdout, "stderr": result.stderr, "log records and warnings": logged}
    outputs.update({path.name: path.read_text(encoding="utf-8") for path in report_dir.iterdir()})
    expected = {"report.json", "junit.xml", "report.md", "report.html", "badge.svg", "run.har"}
    assert expected <= set(outputs), result.stdout[-2000:] + result.stderr
    load_report(report_dir)
    return outputs


def cli_args(args: list[str], report_dir: Path) -> list[str]:
    return ["run", *args, "--report-dir", str(report_dir), "--record", str(report_dir / "run.har")]


@pytest.fixture
def run_and_collect(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> RunAndCollect:
    """Run the CLI in this process with the sentinel environment (and nothing else of this machine's); its
    exit code and every text it produced, by where it went."""

    def run(args: list[str], report_dir: Path) -> tuple[int, dict[str, str]]:
        bare_environment(monkeypatch, ENV)
        ran = run_in_process(capfd, *cli_args(args, report_dir))
        return ran.process.returncode, collect(ran.process, report_dir, ran.logged)

    return run


def run_and_collect_in_a_process(args: list[str], report_dir: Path) -> tuple[int, dict[str, str]]:
    """The same, through a real `python -m conformance` with the sentinel environment."""
    result = subprocess.run(
        [sys.executable, "-m", "conformance", *cli_args(args, report_dir)],
        cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=120, check=False,
    )  # fmt: skip
    return result.returncode, collect(result, report_dir)


def assert_no_sentinel(outputs: dict[str, str]) -> None:
    for where, text in outputs.items():
        for name, secret in SENTINELS.items():
            assert secret not in text, f"{name} leaked into {where}"


@pytest.mark.parametrize("profile", PROFILES)
def test_no_output_holds_a_secret(
    tmp_path: Path, provider: ReferenceServer, profile: str, run_and_collect: RunAndCollect
) -> None:
    code, outputs = run_and_collect(profiles(provider.base_url)[profile], tmp_path)
    assert code == 3, outputs["stdout"][-2000:] + outputs["stderr"]  # every key is wrong: the preflight stops
    assert "credentials rejected" in outputs["stderr"]
    assert_no_sentinel(outputs)
    assert "curl" in outputs["report.md"]  # the request that showed it is there, masked


@pytest.fixture(scope="module")
def lax_provider() -> Iterator[ReferenceServer]:
    with ReferenceServer(fault="auth-not-enforced") as server:
        yield server


@pytest.mark.parametrize("profile", PROFILES)
def test_no_output_of_a_whole_run_holds_a_secret(
    tmp_path: Path, lax_provider: ReferenceServer, profile: str, run_and_collect: RunAndCollect
) -> None:
    """A provider that lets the sentinels in: every phase runs, and failures carry reproducing requests."""
    run = run_and_collect_in_a_process if profile == IN_A_PROCESS else run_and_collect
    code, outputs = run(profiles(lax_provider.base_url)[profile], tmp_path)
    assert code == 1, outputs["stdout"][-2000:]  # auth_required fails
    assert_no_sentinel(outputs)
    assert "curl" in outputs["report.md"] and "## Reproducing requests" in outputs["report.md"]


def test_embedded_run_ignores_and_masks_environment_keys(tmp_path: Path, run_and_collect: RunAndCollect) -> None:
    code, outputs = run_and_collect(["--seed", "2", "--max-examples", "3"], tmp_path)
    assert code == 0
    assert_no_sentinel(outputs)
