"""The suite against the reference provider: clean passes, and every fault fails the check that names it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.cli import main
from conformance.reference.faults import FAULTS

# The check that must report each fault (others may fail too: one bug often shows in several ways).
DETECTED_BY = {
    "has-more-stuck": "has_more",
    "has-more-early": "has_more",
    "cursor-inclusive": "cursor_walk",
    "order-ignored": "order",
    "limit-ignored": "limit_bounds",
    "limit-unbounded": "negative_data_rejection",
    "ids-swapped": "first_last_ids",
    "field-missing": "response_schema_conformance",
    "wrong-type": "response_schema_conformance",
    "enum-outside": "response_schema_conformance",
    "wrong-object": "step_identity",
    "ids-duplicated": "cursor_walk",
    "foreign-step": "step_identity",
    "include-ignored": "include_content",
    "type-mismatch": "step_type_consistency",
    "unsorted": "order",
    "server-error": "not_a_server_error",
    "rate-limited": "rate_limit_handling",
    "hang": "network_reliability",
    "reset": "network_reliability",
    "non-json": "content_type_conformance",
    "huge-body": "response_size",
    "wrong-content-type": "content_type_conformance",
    "auth-not-enforced": "auth_required",
    "error-shape": "error_shape",
    "not-found-empty": "not_found",
}
FAST = ["--seed", "7", "--max-examples", "5", "--timeout", "1", "--retries", "1"]


def run_report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *FAST, "--report-dir", str(tmp_path), *args])
    report: dict[str, Any] = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    return code, report


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def test_every_fault_has_a_detecting_check() -> None:
    assert set(DETECTED_BY) == set(FAULTS)


@pytest.mark.parametrize("profile", ["openai", "portkey"])
def test_clean_provider_is_conformant(tmp_path: Path, profile: str) -> None:
    code, report = run_report(tmp_path, "--profile", profile)
    assert code == 0, [c for c in report["checks"] if c["status"] != "passed"]
    assert report["verdict"] == "conformant"
    assert set(statuses(report).values()) == {"passed"}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_is_reported_by_its_check(tmp_path: Path, fault: str) -> None:
    code, report = run_report(tmp_path, "--fault", fault)
    assert code == 1
    assert report["verdict"] == "non-conformant"
    found = statuses(report)
    assert found[DETECTED_BY[fault]] == "failed", {k: v for k, v in found.items() if v != "passed"}
