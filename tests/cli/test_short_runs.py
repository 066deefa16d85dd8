"""Verdicts on the runs real providers have (one to five steps), over real sockets: the plan follows the run's
size, what a run cannot show is `unobservable`, a 2+ step run can be conformant with its scope in the line,
and a 0- or 1-step run is at best incomplete."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from conformance.cli import main
from conformance.plan import minimum_budget
from conformance.reference import RUN_SIZES
from tests.support import load_report

FAST = ["--seed", "7", "--max-examples", "5", "--timeout", "1", "--retries", "1"]
SHORT = {"run_ref_two": 2, "run_ref_three": 3, "run_ref_five": 5, "run_ref_active": 3}


def run_report(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", *FAST, "--report-dir", str(tmp_path), *args])
    return code, load_report(tmp_path)


@pytest.mark.parametrize("run_id", sorted(SHORT))
def test_a_short_run_is_conformant_with_its_scope_in_the_line(tmp_path: Path, run_id: str) -> None:
    code, report = run_report(tmp_path, "--run-id", run_id)
    steps = SHORT[run_id]
    assert code == 0 and report["verdict"] == "conformant", report["summary"]
    assert report["run_steps"] == steps
    assert report["summary"].startswith(f"conformant on a {steps}-step run: ")
    assert "not observable on this run: default_page_size (needs a run of 21+ steps)" in report["summary"]
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["cursor_walk"] == statuses["has_more"] == statuses["include_content"] == "passed"
    assert {n for n, s in statuses.items() if s != "passed"} == {"default_page_size", "max_page_size"}
    scope = report["observed_scope"]
    assert scope["run_steps"] == steps
    assert [(u["check"], u["needs"]) for u in scope["unobservable"]] == [
        ("default_page_size", "a run of 21+ steps"),
        ("max_page_size", "a run of 100+ steps"),
    ]
    junit = ET.parse(tmp_path / "junit.xml").getroot()
    skipped = {c.get("name"): c.find("skipped") for c in junit.iter("testcase") if c.find("skipped") is not None}
    message = skipped["default_page_size"].get("message") if skipped["default_page_size"] is not None else ""
    assert set(skipped) == {"default_page_size", "max_page_size"}
    assert message and message.startswith("unobservable on this run: ") and "21+ steps" in message
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| `default_page_size` | semantic | unobservable |" in markdown


def test_walks_on_a_short_run_cross_pages_in_both_orders_and_directions(tmp_path: Path) -> None:
    record = tmp_path / "run.har"
    code, _ = run_report(tmp_path, "--run-id", "run_ref_three", "--record", str(record))
    assert code == 0
    urls = [e["request"]["url"] for e in json.loads(record.read_text(encoding="utf-8"))["log"]["entries"]]
    walks = [parse_qs(urlsplit(u).query) for u in urls]
    crossing = {(w["order"][0], "after" if "after" in w else "before", w["limit"][0])
                for w in walks if ("after" in w or "before" in w) and "order" in w and "limit" in w}  # fmt: skip
    # limits 1 and 2 (a third of the run, and one more), each in both orders and both directions
    for order in ("asc", "desc"):
        for direction in ("after", "before"):
            assert any((order, direction, limit) in crossing for limit in ("1", "2")), (order, direction)


@pytest.mark.parametrize(("run_id", "steps"), [("run_ref_one", 1), ("run_ref_empty", 0)])
def test_a_run_of_fewer_than_two_steps_is_incomplete_and_says_why(tmp_path: Path, run_id: str, steps: int) -> None:
    code, report = run_report(tmp_path, "--run-id", run_id)
    assert code == 5 and report["verdict"] == "incomplete"
    assert report["summary"].startswith(f"incomplete: the run has {steps} step")
    assert "a verdict needs a run of at least 2" in report["summary"] and "--run-id" in report["summary"]
    statuses = {c["name"]: c["status"] for c in report["checks"]}
    assert statuses["cursor_walk"] == "unobservable" and "failed" not in statuses.values()


def test_the_main_run_is_conformant_without_a_scope_note(tmp_path: Path) -> None:
    code, report = run_report(tmp_path)
    assert code == 0 and report["summary"] == f"conformant: all {len(report['checks'])} checks passed"
    assert report["observed_scope"]["unobservable"] == []


@pytest.mark.parametrize("run_id", ["run_ref_three", "run_ref_one"])
def test_a_short_run_at_its_minimum_budget_is_judged_whole(tmp_path: Path, run_id: str) -> None:
    minimum = minimum_budget(RUN_SIZES[run_id])
    code, report = run_report(tmp_path, "--run-id", run_id, "--max-requests", str(minimum))
    assert report["requests"] <= minimum and report["skipped_core_checks"] == []
    assert code == (0 if RUN_SIZES[run_id] >= 2 else 5)
    assert main(["run", *FAST, "--run-id", run_id, "--max-requests", str(minimum - 1)]) == 2


def test_a_known_failure_and_what_it_hides_are_no_regression(tmp_path: Path) -> None:
    code, first = run_report(tmp_path / "night-1", "--fault", "cursor-inclusive")
    assert code == 1
    hidden = {c["name"] for c in first["checks"] if c["status"] == "skipped" and c["blocked_by"] == "cursor_walk"}
    assert "has_more" in hidden
    baseline = str(tmp_path / "night-1" / "report.json")
    code, second = run_report(tmp_path / "night-2", "--fault", "cursor-inclusive", "--baseline", baseline)
    assert code == 0 and second["verdict"] == "no-regression", second["summary"]
    assert second["baseline"]["known"] == ["cursor_walk"] and set(second["baseline"]["hidden"]) == hidden
    assert "known from the baseline: cursor_walk (hiding has_more" in second["summary"]
    code, third = run_report(tmp_path / "night-3", "--fault", "ids-swapped", "--baseline", baseline)
    assert code == 1 and "first_last_ids" in third["baseline"]["regressions"]


def error(status: int, message: str, param: str | None = None) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}


def made_up_step(n: int) -> dict[str, Any]:
    return {
        "id": f"step_endless_{n:08d}", "object": "thread.run.step", "created_at": 1_730_000_000 + n,
        "thread_id": "thread_endless", "run_id": "run_endless", "assistant_id": "asst_x",
        "type": "message_creation", "status": "completed", "completed_at": 1_730_000_001 + n,
        "step_details": {"type": "message_creation", "message_creation": {"message_id": f"msg_{n}"}},
        "last_error": None, "expired_at": None, "cancelled_at": None, "failed_at": None,
        "metadata": None, "usage": None,
    }  # fmt: skip


class EndlessPages(BaseHTTPRequestHandler):
    """A provider whose has_more never turns false: every page is full of steps it has never sent before. It
    checks the key, the ids and the parameters, as a real server would."""

    served = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        self.answer(*self.page())

    def page(self) -> tuple[int, dict[str, Any]]:
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        parts = url.path.split("/")
        limit = query.get("limit", ["20"])[0]
        if self.headers.get("Authorization") != "Bearer sk-endless":
            return error(401, "Incorrect API key provided.")
        if len(parts) != 7 or parts[3] != "thread_endless" or parts[5] != "run_endless":
            return error(404, f"No run found with id '{parts[5] if len(parts) > 5 else ''}'.")
        if not limit.isdigit() or not 1 <= int(limit) <= 100:
            return error(400, "Invalid 'limit'.", "limit")
        if query.get("order", ["desc"])[0] not in ("asc", "desc"):
            return error(400, "Invalid 'order'.", "order")
        with self.lock:
            start, EndlessPages.served = EndlessPages.served, EndlessPages.served + int(limit)
        data = [made_up_step(n) for n in range(start, start + int(limit))]
        page = {"object": "list", "data": data, "first_id": data[0]["id"], "last_id": data[-1]["id"], "has_more": True}
        return 200, page

    def answer(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_: Any) -> None:
        return None


@pytest.fixture
def endless() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EndlessPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_an_endless_has_more_fails_the_walk_within_its_plan_and_the_other_probes_still_run(
    endless: str, tmp_path: Path
) -> None:
    args = ["--base-url", endless, "--api-key", "sk-endless", "--thread-id", "thread_endless", "--run-id",
            "run_endless", "--max-requests", "80", "--allow-incomplete"]  # fmt: skip
    code, report = run_report(tmp_path, *args)
    assert code == 1 and report["requests"] <= 80
    checks = {c["name"]: c for c in report["checks"]}
    walk = checks["cursor_walk"]
    assert walk["status"] == "failed" and "has_more still true after" in walk["detail"], walk["detail"]
    assert checks["has_more"]["status"] == "failed"
    for name in ("auth_required", "not_found", "limit_validation", "order_validation"):
        assert checks[name]["status"] in ("passed", "failed"), (name, checks[name])
    assert report["requests_spent"]["semantic"] < 60  # the walks kept to their plan; the rest was sent too
