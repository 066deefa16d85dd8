"""Reproductions that reproduce: the curl of a failure shows it when run, against the embedded provider brought
back with the printed serve line; the replay line gives the same run; the HAR recording holds every exchange."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import httpx
import pytest

from conformance.cli import main
from conformance.reference.server import ReferenceServer
from tests.support import load_report


def curl_request(curl: str, base_url: str) -> httpx.Response:
    """Send what a reported curl command sends, with its 127.0.0.1:8080 replaced by `base_url`."""
    words = shlex.split(curl)
    url = next(w for w in words if w.startswith("http"))
    headers = dict(words[i + 1].split(": ", 1) for i, w in enumerate(words) if w == "-H")
    return httpx.get(url.replace("http://127.0.0.1:8080/v1", base_url), headers=headers, timeout=5)


@pytest.fixture(scope="module")
def inclusive_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    directory = tmp_path_factory.mktemp("inclusive")
    args = ["run", "--seed", "4", "--max-examples", "3", "--fault", "cursor-inclusive"]
    assert main([*args, "--report-dir", str(directory), "--record", str(directory / "run.har")]) == 1
    return directory, load_report(directory)


def test_the_walk_failure_points_at_the_page_that_repeats_and_reproduces(
    inclusive_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = inclusive_run
    walk = next(c for c in report["checks"] if c["name"] == "cursor_walk")
    assert walk["status"] == "failed" and "after=" in walk["request"]["url"]
    assert walk["previous_request"] is not None and "after=" not in walk["previous_request"]["url"]
    assert report["reproduce"]["serve"] == "conformance serve --port 8080 --fault cursor-inclusive"
    assert "Bearer sk-ref-conformance" in walk["request"]["curl"]  # the published key: the curl runs as it is
    with ReferenceServer(fault="cursor-inclusive") as served:
        before = curl_request(walk["previous_request"]["curl"], served.base_url).json()
        failing = curl_request(walk["request"]["curl"], served.base_url).json()
    assert failing["data"][0]["id"] == before["data"][-1]["id"]  # the repeated step, there to be seen
    with ReferenceServer() as clean:
        fixed = curl_request(walk["request"]["curl"], clean.base_url).json()
    assert fixed["data"][0]["id"] != before["data"][-1]["id"]


def test_the_replay_line_replays_the_run(inclusive_run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    _, report = inclusive_run
    replay = shlex.split(report["reproduce"]["replay"])
    assert replay[:2] == ["conformance", "run"] and "--seed" in replay
    assert main([*replay[1:], "--report-dir", str(tmp_path)]) == 1
    again = load_report(tmp_path)

    def outcomes(found: dict[str, Any]) -> list[tuple[str, str, int]]:
        return [(c["name"], c["status"], c["cases"]) for c in found["checks"]]

    assert outcomes(again) == outcomes(report) and again["requests"] == report["requests"]


def test_report_md_names_the_base_url_and_both_pages(inclusive_run: tuple[Path, dict[str, Any]]) -> None:
    directory, report = inclusive_run
    text = (directory / "report.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Conformance report: reference at {report['base_url']}\n")
    assert "# the page before it:" in text and "conformance serve --port 8080 --fault cursor-inclusive &" in text
    assert f"Replay the whole run: `{report['reproduce']['replay']}`" in text


def test_the_recording_is_har_1_2_with_every_exchange_and_its_checks(
    inclusive_run: tuple[Path, dict[str, Any]],
) -> None:
    directory, report = inclusive_run
    har = json.loads((directory / "run.har").read_text(encoding="utf-8"))
    entries = har["log"]["entries"]
    assert har["log"]["version"] == "1.2" and len(entries) == report["requests"]
    assert all(e["request"]["method"] == "GET" and e["response"]["status"] for e in entries)
    assert all("checks: " in e["comment"] and "network_reliability" in e["comment"] for e in entries)
    first = entries[0]["comment"]
    assert first.startswith("probe: preflight; checks: ")
    assert "cursor_walk" in first.removeprefix("probe: preflight; checks: ").split("; ")[0].split(", ")
    flagged = [e for e in entries if "shows the failure of: cursor_walk" in e["comment"]]
    assert flagged and "after=" in flagged[-1]["request"]["url"]
    cases = [e for e in entries if e["comment"].startswith("probe: schemathesis case")]
    assert cases and all("response_schema_conformance" in e["comment"] for e in cases)
