"""number_wire_form: a whole number written as a float where the spec says `integer` is named, and nothing else
is; a provider that writes its timestamps so (the `float-timestamps` fault) fails this check alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance import probes
from conformance.checks import consistency
from conformance.checks.wire_form import number_wire_form, whole_floats
from conformance.cli import main
from conformance.observations import Exchange, Observations, Page
from conformance.plan import minimum_budget
from conformance.reference import MAIN_RUN, RUN_SIZES
from conformance.results import Status
from tests.client.test_decode import page_example
from tests.support import load_report


def written(body: dict[str, Any], **spelled: str) -> bytes:
    """`body` as JSON, with the first step's fields named in `spelled` written as given."""
    text = json.dumps(body, separators=(",", ":"))
    for name, form in spelled.items():
        value = body["data"][0][name] if name in body["data"][0] else body["data"][0]["usage"][name]
        text = text.replace(f'"{name}":{json.dumps(value)}', f'"{name}":{form}', 1)
    return text.encode()


def test_whole_floats_where_the_spec_says_integer_are_named_with_their_spelling() -> None:
    body = page_example("every_variant")
    raw = written(body, created_at="1699063294.0", failed_at="1.699063295e9", total_tokens="40.00")
    assert json.loads(raw)["data"][0]["created_at"] == 1699063294.0
    assert whole_floats(raw) == [
        ("data[0].created_at", "1699063294.0"),
        ("data[0].failed_at", "1.699063295e9"),
        ("data[0].usage.total_tokens", "40.00"),
    ]


def test_what_the_check_leaves_alone() -> None:
    body = page_example("every_variant")
    assert whole_floats(written(body)) == []  # integers written as integers
    tool_calls = body["data"][0]["step_details"]["tool_calls"]
    tool_calls[0]["file_search"]["results"][0]["score"] = 1.0  # a whole float where the spec says number
    assert whole_floats(written(body)) == []
    assert whole_floats(written(body, created_at="1699063294.5")) == []  # not valid at all: the schema's
    assert whole_floats(b"<html>") == []


def test_the_check_fails_naming_typed_clients_and_passes_integers() -> None:
    body = page_example("every_variant")

    def seen(raw: bytes) -> Observations:
        observed = Observations("thread_abc123", "run_abc123")
        answer = Exchange("GET", "http://127.0.0.1:1/v1/x", {}, status=200, body=raw)
        probes.DEFAULT_PAGE.land(observed, Page(answer, {}, body=json.loads(raw)))
        return observed

    failed = number_wire_form(seen(written(body, created_at="1699063294.0")))
    assert failed.status is Status.FAILED
    assert failed.detail.startswith("data[0].created_at is written 1699063294.0: a whole number written as a float")
    assert "typed clients in Go, Rust and .NET refuse it" in failed.detail
    assert number_wire_form(seen(written(body))).status is Status.PASSED
    empty = number_wire_form(seen(json.dumps(page_example("empty")).encode()))  # no walk said the run is empty
    assert empty.status is Status.SKIPPED and empty.detail == "no page with steps was answered"


def test_status_consistency_judges_a_whole_float_timestamp_by_its_value() -> None:
    step = {"status": "completed", "created_at": 1.0, "completed_at": 5.0, "failed_at": None,
            "cancelled_at": None, "expired_at": None, "last_error": None}  # fmt: skip
    assert consistency.status_problem(step) is None
    assert "before created_at" in (consistency.status_problem({**step, "completed_at": 0.0}) or "")
    assert "completed_at is True" in (consistency.status_problem({**step, "completed_at": True}) or "")


@pytest.mark.timeout(300)
def test_a_provider_writing_whole_float_timestamps_fails_this_check_alone(tmp_path: Path) -> None:
    budget = str(minimum_budget(RUN_SIZES[MAIN_RUN]))
    args = ["run", "--fault", "float-timestamps", "--seed", "7", "--max-examples", "5", "--max-requests", budget]
    code = main([*args, "--report-dir", str(tmp_path), "--exclude-checks", "response_time"])
    report = load_report(tmp_path)
    failed = [c["name"] for c in report["checks"] if c["status"] == "failed"]
    assert code == 1 and failed == ["number_wire_form"], report["summary"]
    assert report["summary"].startswith("non-conformant: number_wire_form: data[0].created_at is written ")
    assert {c["status"] for c in report["checks"] if c["name"] != "number_wire_form"} <= {"passed", "excluded"}
