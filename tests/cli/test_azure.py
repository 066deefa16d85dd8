"""`--profile azure`, `--api-version` and `--query` as a user meets them, against reference providers on loopback:
the headers the provider saw, the recorded requests, the preflight's lines, the matrix file and bad usage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance import probes
from conformance.cli import main
from conformance.errors import UsageError
from conformance.matrix_targets import matrix_targets
from conformance.plan import minimum_budget
from conformance.profiles import MALFORMED_VARIANTS
from conformance.reference import BEARER_KEY, MAIN_RUN, RUN_SIZES
from conformance.reference.server import ReferenceServer
from conformance.targets import TargetOptions, resolve
from tests.support import Cli, load_report, run_cli

VERSION = "2024-05-01-preview"
# The probes that send other credentials than the profile's: no key, a wrong key, each malformed credential.
AUTH_PROBES = sum(1 for p in probes.SENT if p.credentials is not None)
MINIMUM = minimum_budget(RUN_SIZES[MAIN_RUN])
IDS = ["--thread-id", "thread_ref_main", "--run-id", "run_ref_main"]
QUICK = ["--max-examples", "3", "--seed", "3"]
PROJECT = [
    "--base-url",
    "http://127.0.0.1:9/api/projects/p",
]  # a Foundry project endpoint (nothing listens)  # 3 Hypothesis examples per mode: the coverage cases do the rest


# The CLI runs in this process (the `conformance` fixture, tests/conftest.py); the real process is kept by
# test_an_entra_token_goes_as_bearer_and_no_api_key_is_sent.


@pytest.fixture(scope="module")
def seen() -> Iterator[tuple[ReferenceServer, list[dict[str, str]]]]:
    """A clean provider that records the headers of every request it gets."""
    headers: list[dict[str, str]] = []
    with ReferenceServer(headers_seen=headers) as server:
        yield server, headers


@pytest.fixture(scope="module")
def classic() -> Iterator[ReferenceServer]:
    """A provider that, like Azure's classic surface, needs api-version on every request."""
    with ReferenceServer(require_api_version=VERSION) as server:
        yield server


def test_azure_profile_is_conformant_and_sends_api_key_never_authorization(
    conformance: Cli,
    seen: tuple[ReferenceServer, list[dict[str, str]]],
) -> None:
    server, headers = seen
    headers.clear()
    result = conformance(
        "run", "--base-url", server.base_url, "--profile", "azure", "--api-key", BEARER_KEY, *IDS, *QUICK
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("conformant")
    assert len(headers) > MINIMUM  # the semantic phase and schemathesis' cases
    assert not [h for h in headers if "authorization" in h]
    keyed = [h for h in headers if h.get("api-key") == BEARER_KEY]
    without = [h for h in headers if "api-key" not in h]
    wrong = [h for h in headers if h.get("api-key") not in (None, BEARER_KEY)]
    # Only the auth probes leave the key out (no key) or alter it (a wrong key, the malformed ones); every
    # other request carries it as it is.
    assert len(without) == 1 and len(wrong) == 1 + len(MALFORMED_VARIANTS)
    assert len(keyed) == len(headers) - AUTH_PROBES
    # OpenAI-Beta is still sent (schemathesis' cases vary it, so not on every request).
    assert sum(h.get("openai-beta") == "assistants=v2" for h in headers) > len(headers) / 2


def test_an_entra_token_goes_as_bearer_and_no_api_key_is_sent(
    seen: tuple[ReferenceServer, list[dict[str, str]]],
) -> None:
    server, headers = seen
    headers.clear()
    args = ["run", "--base-url", server.base_url, "--profile", "azure", "--checks", "cursor_walk", *IDS]
    # In a process of its own, as `python -m conformance` (the other runs here are in process): the token comes
    # from a real process' environment, and the exit code through conformance/__main__.py.
    result = run_cli(*args, env={"AZURE_OPENAI_AD_TOKEN": BEARER_KEY})
    assert result.returncode == 5, result.stdout[-2000:] + result.stderr  # core checks excluded: incomplete
    assert headers and not [h for h in headers if "api-key" in h]
    assert sum(h.get("authorization") == f"Bearer {BEARER_KEY}" for h in headers) == len(headers) - AUTH_PROBES


def test_api_version_is_on_every_recorded_request(conformance: Cli, classic: ReferenceServer, tmp_path: Path) -> None:
    har = tmp_path / "run.har"
    args = ["run", "--base-url", classic.base_url, "--profile", "azure", "--api-version", VERSION, *IDS, *QUICK]
    result = conformance(
        *args, "--record", str(har), "--report-dir", str(tmp_path), env={"AZURE_OPENAI_API_KEY": BEARER_KEY}
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr  # the provider refuses any request without it
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert len(entries) == load_report(tmp_path)["requests"] > MINIMUM
    for entry in entries:
        assert f"api-version={VERSION}" in entry["request"]["url"]
        assert {"name": "api-version", "value": VERSION} in entry["request"]["queryString"]
        assert BEARER_KEY not in json.dumps(entry)  # a real target's key is masked, the api-version is not


def test_without_api_version_the_classic_surface_is_untestable_naming_it(
    conformance: Cli, classic: ReferenceServer
) -> None:
    result = conformance("run", "--base-url", classic.base_url, "--profile", "azure", "--api-key", BEARER_KEY, *IDS)
    assert result.returncode == 3
    line = result.stderr.strip()
    assert line.count("\n") == 0 and line.startswith("conformance: untestable: the operation is not served")
    assert "'Resource not found'" in line and "this request sent no api-version" in line
    assert "--api-version VERSION" in line and ".../openai/v1" in line


def test_a_version_the_host_does_not_serve_is_untestable_naming_it(conformance: Cli, classic: ReferenceServer) -> None:
    args = ["run", "--base-url", classic.base_url, "--profile", "azure", "--api-key", BEARER_KEY, *IDS]
    result = conformance(*args, "--api-version", "2023-01-01")
    assert result.returncode == 3
    assert "'API version not supported'" in result.stderr and "sent api-version=2023-01-01" in result.stderr


def test_the_generic_query_reaches_a_provider_that_needs_it(conformance: Cli, classic: ReferenceServer) -> None:
    """--query is the same mechanism under any profile: here the openai profile's bearer key plus api-version."""
    args = ["run", "--base-url", classic.base_url, "--api-key", BEARER_KEY, *IDS, "--checks", "cursor_walk"]
    result = conformance(*args, "--query", f"api-version={VERSION}")
    assert result.returncode == 5, result.stdout[-2000:] + result.stderr
    assert "cursor_walk" in result.stdout and "untestable" not in result.stdout + result.stderr


def test_rejected_credentials_say_what_to_check_on_azure(
    conformance: Cli, seen: tuple[ReferenceServer, list[dict[str, str]]]
) -> None:
    server, _ = seen
    result = conformance(
        "run", "--base-url", server.base_url, "--profile", "azure", "--entra-token", "wrong-token", *IDS
    )
    assert result.returncode == 3
    assert "credentials rejected: 401 to profile azure (sent Authorization)" in result.stderr
    assert (
        "sent a Microsoft Entra token" in result.stderr
        and "api-key (--api-key or AZURE_OPENAI_API_KEY)" in result.stderr
    )
    assert "wrong-token" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--query", "limit=5"], "names one of the operation's own parameters"),
        (["--query", "include[]=x"], "names one of the operation's own parameters"),
        (["--query", "no-equals-sign"], "--query expects NAME=VALUE"),
        (["--profile", "openai", "--api-version", VERSION], "--api-version applies to --profile azure"),
        (["--profile", "azure", "--api-version", ""], "--api-version cannot be empty"),
        (["--profile", "azure", "--api-version", VERSION, "--query", "api-version=x"], "disagree"),
        (["--profile", "azure", "--api-key", "k1", "--entra-token", "t1"], "not both"),
        (["--profile", "azure"], "profile azure needs the resource key (--api-key or AZURE_OPENAI_API_KEY)"),
        (["--base-url", "http://127.0.0.1:9/openai?api-version=1"], "must not carry a query string"),
        # Foundry's Agent Service: an Entra token, never a key; a project endpoint.
        (["--profile", "foundry", *PROJECT, "--api-key", "k1"], "profile foundry takes a Microsoft Entra token"),
        (
            ["--profile", "foundry", *PROJECT],
            "Entra token for https://ai.azure.com/.default: --entra-token or AZURE_AI_AGENTS_TOKEN",
        ),
        (["--profile", "foundry", "--entra-token", "t"], "needs the project endpoint"),
        (["--profile", "foundry", *PROJECT, "--api-version", ""], "--api-version cannot be empty"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process, through the CLI's own entry point (nothing is sent: usage is checked first)."""
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_KEY", "AZURE_AI_AGENTS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    code = main(["run", "--base-url", "http://127.0.0.1:9/v1", *IDS, *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_the_embedded_replay_line_keeps_the_profile_and_the_query() -> None:
    from conformance.execution import replay_line
    from conformance.settings import Settings

    resolved = resolve(TargetOptions(profile="azure", api_version=VERSION, query={"x-trace": "1"}), {})
    assert resolved.profile.headers["api-key"] == BEARER_KEY  # the embedded provider's published key
    line = replay_line(resolved, Settings(max_examples=3, seed=4))
    assert line is not None and "--profile azure" in line
    assert "--query x-trace=1" in line and f"--query api-version={VERSION}" in line
    with pytest.raises(UsageError, match="names one of the operation's own"):
        resolve(TargetOptions(query={"order": "asc"}), {})


def write_matrix(path: Path, base_url: str, extra: str) -> Path:
    path.write_text(
        "[[target]]\n"
        'name = "azure"\n'
        f'base_url = "{base_url}"\n'
        'profile = "azure"\n'
        'thread_id = "thread_ref_main"\n'
        'run_id = "run_ref_main"\n' + extra,
        encoding="utf-8",
    )
    return path


def test_the_matrix_takes_an_azure_target_with_a_key_variable_and_a_query(
    conformance: Cli, classic: ReferenceServer, tmp_path: Path
) -> None:
    config = write_matrix(
        tmp_path / "m.toml", classic.base_url, f'api_key_env = "AZ_KEY"\nquery = {{api-version = "{VERSION}"}}\n'
    )
    result = conformance(
        "matrix", "--config", str(config), *QUICK, "--report-dir", str(tmp_path / "out"), env={"AZ_KEY": BEARER_KEY}
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert load_report(tmp_path / "out" / "azure")["verdict"] == "conformant"
    assert BEARER_KEY not in result.stdout + result.stderr + (tmp_path / "out" / "matrix.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("extra", "env", "message"),
    [
        ('api_key_env = "AZ_KEY"\n', {}, "api_key_env names AZ_KEY, which is not set"),
        ("", {"AZURE_OPENAI_API_KEY": "sk-not-read-from-here"}, "api_key_env in the matrix file"),
        ('api_key_env = "AZ_KEY"\nquery = {after = "x"}\n', {"AZ_KEY": "k"}, "names one of the operation's own"),
        (
            'api_key_env = "AZ_KEY"\nquery = "api-version=1"\n',
            {"AZ_KEY": "k"},
            "query: 'api-version=1' is not of type 'object'",
        ),
        ('api_key_env = "A"\nentra_token_env = "B"\n', {"A": "k", "B": "t"}, "api_key_env or entra_token_env"),
    ],
)
def test_bad_azure_matrix_targets_are_refused_before_anything_runs(
    tmp_path: Path,
    extra: str,
    env: dict[str, str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "AZ_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = write_matrix(tmp_path / "m.toml", "http://127.0.0.1:9/v1", extra)
    code = main(["matrix", "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and message in err and "'azure'" in err and "Traceback" not in err


def test_foundry_resolves_from_its_token_variable_with_api_version_v1_and_the_matrix_takes_it(tmp_path: Path) -> None:
    endpoint = "https://res.services.ai.azure.com/api/projects/proj"
    options = TargetOptions(profile="foundry", base_url=endpoint, thread_id="thread_1", run_id="run_1")
    resolved = resolve(options, {"AZURE_AI_AGENTS_TOKEN": "tok-from-env", "AZURE_OPENAI_API_KEY": "not-this"})
    assert resolved.profile.headers == {"Authorization": "Bearer tok-from-env"}  # no api-key, no OpenAI-Beta
    assert resolved.query == (("api-version", "v1"),) and resolved.profile.secrets == ("tok-from-env",)
    dated = resolve(TargetOptions(profile="foundry", api_version="2025-05-01", entra_token="t"), {})
    assert dated.query == (("api-version", "2025-05-01"),) and dated.run_ref == "thread_ref_main/run_ref_foundry"
    config = tmp_path / "m.toml"
    config.write_text(
        f'[[target]]\nname = "foundry"\nbase_url = "{endpoint}"\nprofile = "foundry"\nentra_token_env = "TOK"\n'
        'thread_id = "thread_1"\nrun_id = "run_1"\n'
        '[[target]]\nname = "keyed"\nbase_url = "embedded"\nprofile = "foundry"\napi_key_env = "KEY"\n',
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match="target 'keyed': profile foundry takes a Microsoft Entra token"):
        matrix_targets([], config, TargetOptions(), {"TOK": "t", "KEY": "k"})
    config.write_text(config.read_text(encoding="utf-8").split('[[target]]\nname = "keyed"')[0], encoding="utf-8")
    (target,) = matrix_targets([], config, TargetOptions(), {"TOK": "t"})
    assert target.profile.name == "foundry" and target.profile.headers["Authorization"] == "Bearer t"
