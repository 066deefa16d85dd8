"""Root causes a provider's engineer can act on: echoes read from the answers, the headline by severity, the
evidence in the detail, and the checks no other check covers (the page's object, malformed credentials)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.checks import REGISTRY
from conformance.cli import main
from conformance.observations import Exchange
from conformance.reference import BEARER_KEY, MAIN_RUN, THREAD_ID
from conformance.reference.faults import GATEWAY_CRASH
from conformance.reference.server import ReferenceServer
from conformance.results import CheckResult, Outcome, linked
from tests.cli.rewriting_proxy import RewritingProxy, error
from tests.support import load_report

FAST = ["--seed", "7", "--max-examples", "5", "--timeout", "1", "--retries", "1"]


def run_report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *FAST, "--report-dir", str(tmp_path), *args])
    return code, load_report(tmp_path)


def failed(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in report["checks"] if c["status"] == "failed"}


def test_a_permissive_server_leads_with_what_it_lets_through_not_with_headers(tmp_path: Path) -> None:
    code, report = run_report(tmp_path, "--fault", "permissive")
    assert code == 1
    summary = report["summary"]
    assert summary.startswith("non-conformant: 7 root causes; most severe: not_found: "), summary
    assert len(summary) <= 200
    # what it lets through (unknown ids, invalid parameters) before how it words a refusal (a 403 for a 401)
    roots = report["root_causes"]
    assert roots.index("not_found") < roots.index("limit_validation") < roots.index("auth_required")
    failures = failed(report)
    for name in ("limit_validation", "order_validation", "include_validation"):
        assert failures[name]["echo_of"] is None, failures[name]  # its own cause: a 200 where a 400 was due
        assert "answered 200 with 20 steps, not 400" in failures[name]["detail"]
    assert failures["not_found"]["detail"].startswith("an unknown run id was answered 200 with an empty page")
    assert failures["auth_required"]["detail"].startswith('the request without a key was answered 403 {"detail"')
    # a 403 where a 401 was due and a body not in OpenAI's shape: a wrong status is never explained by the body
    assert failures["error_shape"]["echo_of"] is None and failures["auth_required"]["echo_of"] is None
    assert failures["negative_data_rejection"]["echo_of"] in ("limit_validation", "order_validation")
    assert failures["unknown_cursor"]["echo_of"] == "error_shape"  # its 403 body is the same shape problem


def test_a_crashing_gateway_leads_with_its_500_and_shows_the_body(tmp_path: Path) -> None:
    code, report = run_report(tmp_path, "--fault", "gateway-crash")
    assert code == 1
    summary = report["summary"]
    assert summary.startswith("non-conformant: not_a_server_error: ") and GATEWAY_CRASH in summary, summary
    assert "that follow from it" in summary and "more failed check" not in summary
    failures = failed(report)
    for name, check in failures.items():
        if name != "not_a_server_error":
            assert check["echo_of"] == "not_a_server_error", (name, check)
    assert GATEWAY_CRASH in failures["auth_required"]["detail"]
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert GATEWAY_CRASH in markdown


def test_the_page_object_and_malformed_credentials_are_checked(tmp_path: Path) -> None:
    code, report = run_report(tmp_path / "object", "--fault", "page-object-wrong")
    assert code == 1 and report["summary"].startswith(
        "non-conformant: page_object: the page order=asc&limit=100 says object"
    )
    code, report = run_report(tmp_path / "crash", "--fault", "malformed-auth-crash")
    assert code == 1
    check = failed(report)["malformed_credentials"]
    assert check["detail"].startswith("a credential with a scheme and no token was answered 500")
    assert set(failed(report)) == {"malformed_credentials"}


PAGE: dict[str, Any] = {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}


def answer(status: int, url: str = "http://127.0.0.1:1/v1/threads/t/runs/r/steps", body: Any = None) -> Exchange:
    raw = json.dumps(body if body is not None else PAGE if status == 200 else {"detail": "no"}).encode()
    return Exchange("GET", url, {"OpenAI-Beta": "assistants=v2"}, status=status, body=raw)


def result(name: str, *evidence: Exchange) -> CheckResult:
    return CheckResult(REGISTRY[name], Outcome.failed(name, evidence[0], 1, evidence=list(evidence)))


def test_a_failure_follows_from_another_only_when_the_other_explains_it() -> None:
    server_error = answer(500)
    forbidden = answer(403, "http://127.0.0.1:1/v1/threads/t/runs/r/steps?limit=1")
    accepted = answer(200, "http://127.0.0.1:1/v1/threads/t/runs/r/steps?limit=0")
    accepted_too = answer(200, "http://127.0.0.1:1/v1/threads/t/runs/r/steps?limit=0&order=asc")
    results = [
        result("not_a_server_error", server_error),
        result("status_code_conformance", answer(502)),  # another 5xx: it explains every check on it
        result("auth_required", forbidden),
        result("error_shape", forbidden),  # the same answer, but a status is never explained by a body's shape
        result("limit_validation", accepted),
        result("negative_data_rejection", accepted_too),  # a 200 to an invalid limit, too
        result("order_validation", answer(200, "http://127.0.0.1:1/v1/threads/t/runs/r/steps?order=up")),
    ]
    results = linked(results)
    echoes = {r.name: r.echo_of for r in results}
    assert echoes == {
        "not_a_server_error": None,
        "status_code_conformance": "not_a_server_error",
        "auth_required": None,
        "error_shape": None,
        "limit_validation": None,
        "negative_data_rejection": "limit_validation",
        "order_validation": None,  # its own answers: not an echo of error_shape, nor of limit_validation
    }


def test_a_schema_violation_explains_only_checks_that_read_the_violated_part() -> None:
    step = {"id": "s", "object": "thread.run.step", "created_at": 1, "status": "expired"}  # no expired_at &c.
    page = answer(200, body={**PAGE, "data": [step], "first_id": "s", "last_id": "s"})
    sideways = answer(200, "http://127.0.0.1:1/v1/threads/t/runs/r/steps?order=sideways", {**PAGE, "data": [step]})
    results = [
        result("response_schema_conformance", page),
        result("step_status_consistency", page),  # reads expired_at: it follows
        result("order_validation", sideways),  # reads the status: a body's shape never explains it
    ]
    results = linked(results)
    assert {r.name: r.echo_of for r in results} == {
        "response_schema_conformance": None,
        "step_status_consistency": "response_schema_conformance",
        "order_validation": None,
    }


@pytest.fixture(scope="module")
def reference() -> Iterator[ReferenceServer]:
    with ReferenceServer() as server:
        yield server


def run_against(
    base_url: str, directory: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, Any], str]:
    """The suite against a provider of our own (over real sockets): exit code, report.json, stdout."""
    target = ["--base-url", base_url, "--api-key", BEARER_KEY, "--thread-id", THREAD_ID, "--run-id", MAIN_RUN]
    capsys.readouterr()
    code = main(["run", *FAST, *target, "--no-color", "--report-dir", str(directory), *extra])
    return code, load_report(directory), capsys.readouterr().out


def origin(server: ReferenceServer) -> str:
    return server.base_url.removesuffix("/v1")


def without_expired_at(_: list[tuple[str, str]], data: Any) -> Any:
    for step in data.get("data") or []:
        step.pop("expired_at", None)
    return data


def order_unvalidated(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in query if k != "order" or v in ("asc", "desc")]


def test_a_missing_field_and_an_accepted_order_are_two_causes_neither_following_from_the_other(
    reference: ReferenceServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every 200 body lacks a required field, and order=sideways is served: the schema's failure does not
    explain a 200 where a 400 was due (the issue's real server, expired_at renamed)."""
    with RewritingProxy(origin(reference), query=order_unvalidated, body=without_expired_at) as proxy:
        code, report, out = run_against(proxy.base_url, tmp_path, capsys)
    assert code == 1
    assert report["root_causes"] == ["response_schema_conformance", "order_validation"], report["summary"]
    checks = failed(report)
    assert checks["response_schema_conformance"]["echo_of"] is None and checks["order_validation"]["echo_of"] is None
    assert checks["negative_data_rejection"]["echo_of"] == "order_validation"  # its 200s to invalid orders
    assert checks["step_status_consistency"]["echo_of"] == "response_schema_conformance"  # reads expired_at
    summary = report["summary"]
    assert summary == (
        "non-conformant: 2 root causes; most severe: response_schema_conformance: data.expired_at: 'expired_at' "
        "is a required property" + summary.split("is a required property", 1)[1]
    )
    assert len(summary) <= 200
    # the last line is the headline; each root cause on its own line above it, most severe first
    lines = [line for line in out.strip().splitlines() if not line.startswith("wrote ")]  # where: h31's
    assert lines[-1] == summary
    causes = [line for line in lines if line.startswith("root cause ")]
    assert [c.split(": ", 2)[1] for c in causes] == ["response_schema_conformance", "order_validation"], causes
    assert causes[0].startswith("root cause 1 of 2 (wrong data or paging): response_schema_conformance: ")
    assert "step_status_consistency" in causes[0].split("; follows from it: ")[1]
    assert causes[1].startswith(
        "root cause 2 of 2 (invalid requests served): order_validation: order=sideways was answered 200"
    )
    assert "follows from it: negative_data_rejection" in causes[1] and all(len(c) <= 240 for c in causes)
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    listed = markdown[markdown.index("## Root causes") :]
    assert listed.index("`response_schema_conformance`") < listed.index("`order_validation`")
    assert "`step_status_consistency`" in listed.split("follows from it: ", 1)[1].splitlines()[0]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "non-conformant · non-conformant" not in html  # the banner says the verdict once
    section = html[html.index('<section id="root-causes">') :]
    assert section.index(">response_schema_conformance<") < section.index(">order_validation<")
    assert "follows from it:" in section


def refuse_limit_100(query: list[tuple[str, str]]) -> tuple[int, Any] | None:
    if ("limit", "100") in query:
        return 400, error(400, "Invalid 'limit': must be at most 50.", "limit")
    return None


def test_one_refused_value_is_one_root_cause_with_what_it_blocked_under_it(
    reference: ReferenceServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A provider that refuses limit=100 (which the spec allows) with a 400: one defect, one root cause, its
    reason the refusal itself (not cut before the words that explain it)."""
    with RewritingProxy(origin(reference), answer=refuse_limit_100) as proxy:
        code, report, out = run_against(proxy.base_url, tmp_path, capsys)
    assert code == 1
    assert report["root_causes"] == ["positive_data_acceptance"], report["summary"]
    checks = failed(report)
    for blocked in ("cursor_walk", "include_content"):
        assert checks[blocked]["echo_of"] == "positive_data_acceptance", checks[blocked]
    summary = report["summary"]
    assert summary.startswith(
        "non-conformant: positive_data_acceptance: limit=100 refused: 400 "
        '{"error": {"message": "Invalid \'limit\': must be at most 50."'
    ), summary
    assert summary.endswith("that follow from it)") and len(summary) <= 200
    assert [line for line in out.strip().splitlines() if not line.startswith("wrote ")][-1] == summary
    assert not [line for line in out.splitlines() if line.startswith("root cause ")]  # one: the headline says it


def float_times(_: list[tuple[str, str]], data: Any) -> Any:
    for step in data.get("data") or []:
        for name in ("created_at", "completed_at", "failed_at", "cancelled_at", "expired_at"):
            if isinstance(step.get(name), int):
                step[name] = float(step[name])
    return data


def test_numeric_timestamps_are_judged_by_meaning(
    reference: ReferenceServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A completed step whose completed_at is 1733821202.0 is consistent: its wire form is another check's."""
    with RewritingProxy(origin(reference), body=float_times) as proxy:
        _, report, _ = run_against(proxy.base_url, tmp_path, capsys)
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    for name in ("step_status_consistency", "order", "cursor_walk", "has_more"):
        assert statuses[name] == "passed", (name, report["summary"])


def test_a_lone_slow_answer_neither_fails_nor_leads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One answer of over a second among many quick ones (a loaded machine): response_time passes and says
    how the times were spread; the verdict is led by the provider's real bug (cursor-inclusive)."""
    slowed: list[int] = []

    def slow_once(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
        if not slowed and any(k == "after" for k, _ in query):
            slowed.append(1)
            time.sleep(1.2)
        return query

    with ReferenceServer(fault="cursor-inclusive") as server, RewritingProxy(origin(server), query=slow_once) as proxy:
        code, report, _ = run_against(proxy.base_url, tmp_path, capsys, "--timeout", "5")
    assert code == 1 and slowed
    timing = next(c for c in report["checks"] if c["name"] == "response_time")
    assert timing["status"] == "passed" and "(too few to be a pattern)" in timing["detail"], timing
    assert report["root_causes"][:1] == ["cursor_walk"] and report["summary"].startswith(
        "non-conformant: cursor_walk: "
    )


def test_a_failing_walk_says_what_the_page_that_shows_it_held(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """has_more stays true on the last page, and the page after it is empty: the detail names what that page
    held (its ids, has_more, first_id, last_id), in report.json and report.md alike."""

    with ReferenceServer(fault="has-more-stuck") as server:
        code, report, _ = run_against(server.base_url, tmp_path, capsys)
    assert code == 1
    detail = failed(report)["has_more"]["detail"]
    assert "has_more=true, but the next page is empty" in detail
    assert "the page held 0 steps [], has_more=false, first_id=null, last_id=null" in detail, detail
    assert "the page held 0 steps []" in (tmp_path / "report.md").read_text(encoding="utf-8")
