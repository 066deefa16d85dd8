"""The reports a CI system reads: junit.xml through a JUnit parser, report.json, report.md."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from conformance.checks import names as check_names
from conformance.cli import main
from conformance.reference.server import ReferenceServer
from conformance.reporters import SCHEMA_PATH
from tests.paths import ROOT
from tests.support import load_report


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("reports")
    assert (
        main(["run", "--seed", "11", "--max-examples", "5", "--report-dir", str(directory), "--fault", "ids-swapped"])
        == 1
    )
    return directory


def test_junit_has_one_case_per_check_named_as_the_check(reports: Path) -> None:
    xml = JUnitXml.fromfile(str(reports / "junit.xml"))
    cases = {case.name: case for suite in xml for case in suite}
    assert list(cases) == check_names()
    failed = [name for name, case in cases.items() if any(isinstance(r, Failure) for r in case.result)]
    assert failed == ["first_last_ids"]
    failure = next(r for r in cases["first_last_ids"].result if isinstance(r, Failure))
    assert "first_id/last_id" in (failure.message or "") and "curl" in (failure.text or "")
    assert not any(isinstance(r, Skipped) for case in cases.values() for r in case.result)


def test_report_json_fields(reports: Path) -> None:
    report = load_report(reports)
    assert report["verdict"] == "non-conformant" and report["seed"] == 11
    assert report["cases"] > 150 and report["requests"] >= report["cases"]
    assert report["requests_spent"]["semantic"] == report["requests_planned"]["semantic"]
    assert [c["name"] for c in report["checks"]] == check_names()
    failing = next(c for c in report["checks"] if c["name"] == "first_last_ids")
    assert failing["status"] == "failed" and failing["detail"]
    curl = failing["request"]["curl"]
    assert (
        curl.startswith("curl ")
        and "Authorization: Bearer sk-ref-conformance" in curl
        and "OpenAI-Beta: assistants=v2" in curl
    )


def test_report_md_summarises(reports: Path) -> None:
    text = (reports / "report.md").read_text(encoding="utf-8")
    assert "Verdict: **non-conformant**" in text
    assert "| `first_last_ids` | semantic | failed |" in text
    assert "## Reproducing requests" in text


def requests_sent(server: ReferenceServer, seed: int, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every request the suite sent, as the provider logged it (method, path and query; no timing)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="conformance.reference"):
        args = ["run", "--base-url", server.base_url, "--api-key", "sk-ref-conformance"]
        args += [
            "--thread-id",
            "thread_ref_main",
            "--run-id",
            "run_ref_main",
            "--seed",
            str(seed),
            "--max-examples",
            "5",
        ]
        assert main(args) == 0
    return [" ".join(r.getMessage().split()[:3]) for r in caplog.records if r.name == "conformance.reference"]


def test_same_seed_same_requests_another_seed_others(
    reference: ReferenceServer, caplog: pytest.LogCaptureFixture
) -> None:
    first, again, other = (requests_sent(reference, seed, caplog) for seed in (5, 5, 6))
    assert len(first) > 100
    assert first == again
    assert first != other


def test_the_readme_describes_every_field_of_the_report_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Reports, reproductions and recordings") :]
    fields = [*schema["properties"], *schema["$defs"]["check"]["properties"]]
    fields += schema["$defs"]["request"]["oneOf"][1]["properties"]
    missing = [name for name in fields if f"`{name}`" not in section]
    assert not missing, f"README's report section does not describe: {missing}"


def test_report_selects_the_formats_written(tmp_path: Path) -> None:
    """`--report json,har`: exactly those two files under --report-dir (HAR as run.har), nothing else."""
    code = main(["run", "--seed", "3", "--max-examples", "1", "--report-dir", str(tmp_path), "--report", "json,har"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "run.har"]
    load_report(tmp_path)
    entries = json.loads((tmp_path / "run.har").read_text(encoding="utf-8"))["log"]["entries"]
    assert entries and entries[0]["comment"].startswith("probe: preflight")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--report", "json,pdf"], "--report: unknown format(s) pdf; valid: json, junit, md, har"),
        (["--report", "md"], "--report md: give --report-dir"),
    ],
)
def test_a_bad_report_selection_is_one_line_before_any_request(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
