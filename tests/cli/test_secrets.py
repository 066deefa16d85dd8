"""Sentinel keys, given on the command line and in the environment, never appear in any output.

Each profile is pointed at a reference provider that rejects the sentinels, so the failing checks carry
reproducing requests, which are exactly where a leaked key would show.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.reference.server import ReferenceServer
from tests.paths import ROOT

SENTINELS = {
    "cli_key": "sk-SENTINEL-cli-7f3a9",
    "virtual_key": "vk-SENTINEL-virtual-2b8c1",
    "env_openai": "sk-SENTINEL-env-openai-5d2e",
    "env_portkey": "pk-SENTINEL-env-portkey-9a7f",
    "env_virtual": "vk-SENTINEL-env-virtual-3c6b",
    "config_header": "SENTINEL-portkey-config-8e4d",
    "custom_auth": "sk-SENTINEL-custom-1f5a",
}
ENV = {
    "OPENAI_API_KEY": SENTINELS["env_openai"],
    "PORTKEY_API_KEY": SENTINELS["env_portkey"],
    "PORTKEY_PROVIDER_VIRTUAL_KEY": SENTINELS["env_virtual"],
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
}
IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main"]


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


@pytest.mark.parametrize(
    "profile", ["openai-cli", "openai-env", "portkey-cli", "portkey-env", "portkey-self-hosted", "custom"]
)
def test_no_output_holds_a_secret(tmp_path: Path, provider: ReferenceServer, profile: str) -> None:
    args = profiles(provider.base_url)[profile]
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "run", *args, "--report-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr  # every key is wrong: 401s
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    outputs.update({path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()})
    assert {"report.json", "junit.xml", "report.md"} <= set(outputs)
    for where, text in outputs.items():
        for name, secret in SENTINELS.items():
            assert secret not in text, f"{name} leaked into {where}"
    assert "curl" in outputs["report.md"]  # the reproducing requests are there, masked


def test_embedded_run_ignores_and_masks_environment_keys(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "conformance",
            "run",
            "--seed",
            "2",
            "--max-examples",
            "3",
            "--report-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    texts = [result.stdout, result.stderr, *(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())]
    assert not any(secret in text for secret in SENTINELS.values() for text in texts)
