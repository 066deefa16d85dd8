"""`conformance run --profile foundry` against the reference provider's Foundry surface, as a user meets it:
conformant, naming the extensions; `--strict` fails for exactly those; the same run under `--profile openai`
names only extensions; a Foundry tool call without its `id` is a violation in every mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.plan import minimum_budget
from conformance.reference import FOUNDRY_RUN, FOUNDRY_TOKEN, RUN_SIZES, foundry_base_url
from conformance.reference.fixtures import FOUNDRY_TOOL_CALLS
from conformance.reference.server import ReferenceServer
from tests.support import Cli, load_report, run_cli

# The smallest budget that judges every check of the Foundry run, and few fuzzed cases: the coverage cases and
# the semantic probes do the judging.
QUICK = ["--max-requests", str(minimum_budget(RUN_SIZES[FOUNDRY_RUN])), "--max-examples", "1", "--seed", "5"]
EXTENSIONS = {f"tool call type '{name}'" for name in FOUNDRY_TOOL_CALLS}
FAULT = "foundry-call-without-id"


# The CLI runs in this process (the `conformance` fixture, tests/conftest.py); the real process is kept by
# test_a_real_targets_token_comes_from_its_variable_and_is_masked.


def run(conformance: Cli, tmp_path: Path, *args: str) -> tuple[int, str, dict[str, object]]:
    result = conformance("run", *args, *QUICK, "--report-dir", str(tmp_path), "--record", str(tmp_path / "r.har"))
    assert not result.stderr.strip() or result.returncode != 0, result.stderr
    return result.returncode, result.stdout, load_report(tmp_path)


def checks(report: dict[str, object], status: str) -> dict[str, str]:
    listed = report["checks"]
    assert isinstance(listed, list)
    return {c["name"]: c["detail"] for c in listed if c["status"] == status}


def named_extensions(report: dict[str, object]) -> set[str]:
    notes = report["notes"]
    assert isinstance(notes, list)
    line = next(n for n in notes if n.startswith("extensions seen"))
    return set(line.partition("): ")[2].split(", "))


def test_foundry_profile_is_conformant_and_names_the_extensions(conformance: Cli, tmp_path: Path) -> None:
    code, out, report = run(conformance, tmp_path, "--profile", "foundry")
    assert code == 0, out[-3000:]
    assert str(report["summary"]).startswith("conformant on a 6-step run")
    assert report["profile"] == "foundry" and report["run"] == f"thread_ref_main/{FOUNDRY_RUN}"
    assert named_extensions(report) == EXTENSIONS
    assert "extensions seen (not failures; --strict fails them)" in out
    detail = checks(report, "passed")["spec_extensions"]
    assert (
        detail.startswith(f"{len(EXTENSIONS)} extensions (not failures unless --strict)")
        and "(x1, e.g. step_" in detail
    )
    assert "held extensions only" in checks(report, "passed")["response_schema_conformance"]
    assert "missing_required_header" in checks(report, "unobservable")  # Foundry declares no OpenAI-Beta
    har = (tmp_path / "r.har").read_text(encoding="utf-8")
    entries = json.loads(har)["log"]["entries"]
    assert entries and all("/api/projects/ref-conformance/threads/" in e["request"]["url"] for e in entries)
    assert all("api-version=v1" in e["request"]["url"] for e in entries)
    sent = [{h["name"].lower(): h["value"] for h in e["request"]["headers"]} for e in entries]
    assert not [h for h in sent if "api-key" in h or "openai-beta" in h]
    assert sum("authorization" in h for h in sent) == len(sent) - 1  # all but the no-credentials probe (masked)


def test_strict_fails_for_exactly_the_extensions(conformance: Cli, tmp_path: Path) -> None:
    code, out, report = run(conformance, tmp_path, "--profile", "foundry", "--strict")
    assert code == 1, out[-3000:]
    assert set(checks(report, "failed")) == {"spec_extensions"}
    assert str(report["summary"]).startswith("non-conformant: spec_extensions: 9 extensions")
    assert "extensions are failures under --strict" in checks(report, "failed")["spec_extensions"]
    # The reproduction serves the same surface on 8080 and replays the same mode.
    failed = next(c for c in report["checks"] if c["name"] == "spec_extensions")  # type: ignore[attr-defined]
    assert failed["request"]["curl"].startswith("curl -sS -X GET 'http://127.0.0.1:8080/api/projects/ref-conformance/")
    assert "--strict" in report["reproduce"]["replay"]  # type: ignore[index]
    assert named_extensions(report) == EXTENSIONS


def test_the_openai_profile_on_the_same_run_names_only_extensions(conformance: Cli, tmp_path: Path) -> None:
    code, out, report = run(conformance, tmp_path, "--run-id", FOUNDRY_RUN)
    assert code == 0, out[-3000:]
    assert report["profile"] == "openai" and not checks(report, "failed")
    assert named_extensions(report) == EXTENSIONS
    assert "missing_required_header" in checks(report, "passed")  # OpenAI's surface requires OpenAI-Beta


# --strict changes only spec_extensions (tests/foundry/test_extensions.py), so foundry --strict and the openai
# profile cover every mode the verdict of a violation could depend on.
@pytest.mark.parametrize("mode", [["--profile", "foundry", "--strict"], ["--run-id", FOUNDRY_RUN]])
def test_a_foundry_call_without_its_id_is_a_violation_in_every_mode(
    conformance: Cli, tmp_path: Path, mode: list[str]
) -> None:
    code, out, report = run(conformance, tmp_path, "--fault", FAULT, *mode)
    assert code == 1, out[-3000:]
    failed = checks(report, "failed")
    assert "response_schema_conformance" in failed
    assert "a tool call type 'bing_grounding' without a string 'id'" in failed["response_schema_conformance"]
    assert set(failed) <= {"response_schema_conformance", "spec_extensions"}  # strict also fails the others
    assert "tool call type 'bing_grounding'" not in str(report["notes"])  # an id-less call is no extension


def test_a_real_targets_token_comes_from_its_variable_and_is_masked(tmp_path: Path) -> None:
    """Against a Foundry surface given by --base-url (not the embedded provider), the token is a secret. In a
    process of its own, as `python -m conformance` (the other runs here are in process): the token comes from a
    real process' environment, and the exit code through conformance/__main__.py."""
    with ReferenceServer() as server:
        base = foundry_base_url(server.base_url)
        args = ["run", "--profile", "foundry", "--base-url", base, "--thread-id", "thread_ref_main"]
        result = run_cli(
            *args, "--run-id", FOUNDRY_RUN, "--checks", "cursor_walk,spec_extensions", "--quiet",
            "--report-dir", str(tmp_path), env={"AZURE_AI_AGENTS_TOKEN": FOUNDRY_TOKEN},
        )  # fmt: skip
    assert result.returncode == 5, result.stdout[-2000:] + result.stderr  # core checks excluded: incomplete
    report = load_report(tmp_path)
    assert {"cursor_walk", "spec_extensions"} <= set(checks(report, "passed"))
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.is_file())
    assert FOUNDRY_TOKEN not in result.stdout + result.stderr + written
