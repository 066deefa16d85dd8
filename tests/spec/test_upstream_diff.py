"""scripts/upstream-diff: extraction from OpenAI's full spec, and synthetic upstream edits, each reported in
the right group with the right exit code. Reads ../shared/reference when present; skips with a message if not."""

from __future__ import annotations

import copy
import gzip
import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.upstream.cli import main
from conformance.upstream.extract import OURS, extract, load_document
from conformance.upstream.facts import Facts
from tests.paths import ROOT, reference_file

Doc = dict[str, Any]
OP_PATH = "/threads/{thread_id}/runs/{run_id}/steps"


@pytest.fixture(scope="module")
def upstream() -> Doc:
    return load_document(reference_file("openai-upstream-list-run-steps.yaml"))


def run(doc: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    path = tmp_path / "upstream.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    code = main([str(path), *extra])
    return code, capsys.readouterr().out


def section(report: str, title: str) -> str:
    start = report.index(f"## {title}")
    end = report.find("\n## ", start + 1)
    return report[start : end if end != -1 else None]


def test_the_full_spec_gives_the_same_facts_as_the_extract(upstream: Doc) -> None:
    started = time.perf_counter()
    full = load_document(reference_file("openai-openapi-full.yaml.gz"))
    extracted = extract(full)
    assert time.perf_counter() - started < 10  # about a second with libyaml
    assert Facts(extracted).facts == Facts(upstream).facts
    assert Facts(extracted).descriptions == Facts(upstream).descriptions


def test_the_real_upstream_shows_only_declared_departures(tmp_path: Path) -> None:
    spec = reference_file("openai-openapi-full.yaml.gz")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "upstream-diff"), str(spec), "--write-extract", str(tmp_path / "x.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 upstream change(s) to act on" in result.stdout
    assert "Nothing: openapi.yaml is up to date with upstream." in result.stdout
    declared = section(result.stdout, "Our declared departures")
    expected = ["first_id.nullable", "parameter header:OpenAI-Beta", "response 404", "discriminator"]
    expected += ["security scheme PortkeyApiKey", "server https://api.portkey.ai/v1", "limit.schema.maximum"]
    for fact in expected:
        assert fact in declared, fact
    written = load_document(tmp_path / "x.yaml")
    assert list(written["paths"]) == [OP_PATH] and "RunStepObject" in written["components"]["schemas"]


def step(doc: Doc) -> Doc:
    schema: Doc = doc["components"]["schemas"]["RunStepObject"]
    return schema


def add_status(doc: Doc) -> None:
    step(doc)["properties"]["status"]["enum"].append("requires_action")


def add_variant(doc: Doc) -> None:
    doc["components"]["schemas"]["RunStepDetailsWebSearchObject"] = {
        "type": "object", "properties": {"type": {"type": "string", "enum": ["web_search"]}}, "required": ["type"]
    }  # fmt: skip
    step(doc)["properties"]["step_details"]["oneOf"].append(
        {"$ref": "#/components/schemas/RunStepDetailsWebSearchObject"}
    )


def add_parameter(doc: Doc) -> None:
    doc["paths"][OP_PATH]["get"]["parameters"].append(
        {"name": "status", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def remove_required(doc: Doc) -> None:
    step(doc)["required"].remove("usage")
    del step(doc)["properties"]["usage"]


def change_default(doc: Doc) -> None:
    limit = next(p for p in doc["paths"][OP_PATH]["get"]["parameters"] if p["name"] == "limit")
    limit["schema"]["default"] = 50


def deprecate(doc: Doc) -> None:
    doc["paths"][OP_PATH]["get"]["deprecated"] = True


def remove_operation(doc: Doc) -> None:
    del doc["paths"][OP_PATH]


def change_description(doc: Doc) -> None:
    doc["paths"][OP_PATH]["get"]["description"] = "Deprecated: use the Responses API."


@pytest.mark.parametrize(
    ("edit", "kind"),
    [
        (add_status, "new enum value upstream: requires_action"),
        (add_variant, "new variant upstream: RunStepDetailsWebSearchObject"),
        (add_parameter, "new parameter upstream"),
        (remove_required, "required property removed upstream: usage"),
        (change_default, "changed default"),
        (remove_operation, "operation removed upstream"),
        (change_description, "description"),
    ],
)
def test_an_upstream_edit_is_reported_as_an_upstream_change(
    upstream: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[Doc], None], kind: str
) -> None:
    edited = copy.deepcopy(upstream)
    edit(edited)
    code, report = run(edited, tmp_path, capsys)
    assert code == 1, report
    assert kind in section(report, "Upstream changed"), report


def test_upstream_deprecating_the_operation_is_reported(
    upstream: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ours is marked deprecated already (a declared departure); against a copy of ours from before that mark,
    an upstream that deprecates the operation is a change to act on."""
    ours = load_document(OURS)
    del ours["paths"][OP_PATH]["get"]["deprecated"]
    del ours["paths"][OP_PATH]["get"]["x-departure"]
    before = tmp_path / "ours-before.yaml"
    before.write_text(yaml.safe_dump(ours, sort_keys=False), encoding="utf-8")
    edited = copy.deepcopy(upstream)
    deprecate(edited)
    code, report = run(edited, tmp_path, capsys, "--ours", str(before))
    assert code == 1 and "operation deprecated upstream" in section(report, "Upstream changed"), report
    code, report = run(edited, tmp_path, capsys)  # today's openapi.yaml is deprecated too: nothing to act on
    assert code == 0 and "deprecated" not in section(report, "Upstream changed")


def test_an_edit_that_matches_a_declared_departure_is_expected(
    upstream: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = copy.deepcopy(upstream)
    # Upstream starts stating the limit bounds as we do: the difference goes away, nothing to act on.
    limit = next(p for p in edited["paths"][OP_PATH]["get"]["parameters"] if p["name"] == "limit")
    limit["schema"].update(minimum=1, maximum=100)
    code, report = run(edited, tmp_path, capsys)
    assert code == 0, report
    assert "0 upstream change(s)" in report
    declared = section(report, "Our declared departures")
    assert "**upstream agrees now: the x-departure mark can go** at `op GET" in declared
    assert "limit.schema.maximum" in declared and "limit.schema.maximum" not in section(report, "Upstream changed")


def test_a_gzipped_json_spec_and_a_bad_path(upstream: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packed = tmp_path / "spec.json.gz"
    packed.write_bytes(gzip.compress(json.dumps(upstream).encode()))
    assert main([str(packed)]) == 0
    capsys.readouterr()
    assert main([str(tmp_path / "missing.yaml")]) == 2
    assert "upstream-diff: error:" in capsys.readouterr().err


def test_updating_the_snapshot_needs_a_source_and_prints_what_changed(
    upstream: Doc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot = tmp_path / "snapshot.json"
    edited = copy.deepcopy(upstream)
    add_status(edited)
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(edited), encoding="utf-8")
    assert main([str(spec), "--update-baseline", "--snapshot", str(snapshot)]) == 2 and not snapshot.exists()
    assert "--update-baseline needs --source" in capsys.readouterr().err
    code, report = run(upstream, tmp_path, capsys, "--update-baseline", "--snapshot", str(snapshot), "--source", "a")
    assert code == 0 and "- new snapshot: 280 facts" in section(report, "Snapshot updated")
    source = "openai/openai-openapi openapi.yaml at commit 0123abc (2026-12-01)"
    code, report = run(edited, tmp_path, capsys, "--update-baseline", "--snapshot", str(snapshot), "--source", source)
    assert code == 1, report  # ours does not have requires_action yet: still something to act on
    updated = section(report, "Snapshot updated")
    assert f"-> {source}" in updated
    assert "- fact changed: `schema RunStepObject.properties.status.enum`" in updated and "requires_action" in updated
    assert json.loads(snapshot.read_text(encoding="utf-8"))["provenance"]["source"] == source
