"""The pages as files: made from report.json alone, escaped, masked, re-rendered the same, with the history's
nights in order. What a person sees in a browser is in test_browser.py."""

from __future__ import annotations

import copy
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.pages import write_run_pages
from conformance.pages.badge import badge_svg
from conformance.pages.history import History, Night, read_nights, read_report
from conformance.pages.matrix_page import matrix_html
from conformance.pages.report_page import report_html
from conformance.pages.timing_svg import timing_svg
from conformance.secrets import Masker
from tests.support import load_report, run_cli

SVG = "{http://www.w3.org/2000/svg}"


def test_the_reports_carry_what_the_pages_need(nights: Path) -> None:
    report = load_report(nights / "night-3" / "api")  # validated against report.schema.json
    assert len(report["request_times_ms"]) == report["requests"] > 100
    assert report["finished_at"].startswith("20") and report["recording"] == "run-api.har"
    assert report["root_causes"] == ["cursor_walk"]
    walk = next(c for c in report["checks"] if c["name"] == "cursor_walk")
    assert walk["request"]["probe"].startswith("walk ")
    har = json.loads((nights / "night-3" / "run-api.har").read_text(encoding="utf-8"))
    comments = [e["comment"] for e in har["log"]["entries"]]
    assert any(c.startswith(f"probe: {walk['request']['probe']};") for c in comments)
    for name in ("report.html", "badge.svg"):
        assert (nights / "night-1" / "short" / name).is_file()
    assert (nights / "night-1" / "matrix.html").is_file()


def hostile(report: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(report)
    walk = next(c for c in changed["checks"] if c["name"] == "cursor_walk")
    walk["detail"] = 'provider said <script>window.pwned=1</script> & "sk-live-0123456789abcdef"'
    changed["summary"] = "<img src=x onerror=alert(1)>"
    return changed


def test_untrusted_text_is_escaped_and_secrets_are_masked(nights: Path, tmp_path: Path) -> None:
    report = hostile(load_report(nights / "night-3" / "api"))
    write_run_pages(report, tmp_path, Masker(["sk-live-0123456789abcdef"], environ={}))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "sk-live-0123456789abcdef" not in page and "&quot;***&quot;" in page
    assert page.count("<script>") == 1  # the page's own filter, nothing else


def test_render_writes_the_same_pages_again_from_report_json(nights: Path, tmp_path: Path) -> None:
    folder = tmp_path / "night-3"
    shutil.copytree(nights / "night-3", folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.suffix in (".html", ".svg")}
    for path in before:
        path.unlink()
    done = run_cli("render", str(folder), "--history", str(nights))
    assert done.returncode == 0, done.stderr
    assert sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".svg")) == sorted(before)
    for path, content in before.items():
        assert path.read_bytes() == content, path


def test_render_refuses_what_it_cannot_read_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "report.json").write_text("{not json", encoding="utf-8")
    for args in (["render", str(tmp_path / "nowhere")], ["render", str(tmp_path / "broken")],
                 ["render", str(tmp_path / "empty-matrix")]):  # fmt: skip
        (tmp_path / "empty-matrix").mkdir(exist_ok=True)
        done = run_cli(*args)
        assert done.returncode == 2 and done.stdout == "", (args, done.stdout)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


def test_a_report_from_before_the_pages_renders_too(nights: Path, tmp_path: Path) -> None:
    old = load_report(nights / "night-2" / "api")
    for field in ("finished_at", "request_times_ms", "recording", "root_causes"):
        del old[field]
    written = write_run_pages(old, tmp_path, Masker(environ={}))
    page = written[0].read_text(encoding="utf-8")
    assert 'id="check-cursor_walk"' in page and "No answer times in this report." in page
    assert "non-conformant" in written[1].read_text(encoding="utf-8")


def test_the_history_orders_nights_and_finds_when_a_failure_started(nights: Path) -> None:
    earlier = read_nights(nights, ["api", "short"], skip=nights / "night-3")
    assert [n.label for n in earlier] == ["night-1", "night-2"]
    tonight = read_nights(nights, ["api", "short"])[-1]
    history = History.of(earlier, tonight, shown=2)
    assert [label for label, _ in history.strip("api", "cursor_walk")] == ["night-2", "night-3"]
    assert history.failing_since("api", "cursor_walk") == ("night-2", False)
    assert history.failing_since("api", "order") is None
    assert History.of([], tonight).failing_since("api", "cursor_walk") == ("night-3", False)
    assert History.of(earlier[1:], tonight).failing_since("api", "cursor_walk") == ("night-2", True)


def test_the_badge_says_the_verdict_and_the_date(nights: Path) -> None:
    report = read_report(nights / "night-2" / "api" / "report.json")
    assert report is not None
    root = ET.fromstring(badge_svg(report))
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert words == f"run steps: api non-conformant {report['finished_at'][:10]}"


def test_the_timing_strip_marks_the_median_and_the_slowest() -> None:
    root = ET.fromstring(timing_svg([3.0, 1.0, 2.0, 4.0, 250.0]))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "median 3.0 ms" in labels and "slowest 250 ms" in labels
    assert len(list(root.iter(f"{SVG}line"))) == 5 + 2  # a tick per request, the two marks
    assert any("log scale" in (t or "") for t in labels)
    linear = ET.fromstring(timing_svg([10.0, 12.0]))
    assert any("linear scale" in (t.text or "") for t in linear.iter(f"{SVG}text"))


def test_an_old_night_rendered_again_shows_only_the_nights_before_it(nights: Path, tmp_path: Path) -> None:
    folder = tmp_path / "night-2"
    shutil.copytree(nights / "night-2", folder)
    done = run_cli("render", str(folder), "--history", str(nights))
    assert done.returncode == 0, done.stderr
    page = (folder / "matrix.html").read_text(encoding="utf-8")
    assert "the last 2 nights" in page and ">night-3<" not in page and "failing since night-2" in page


def test_a_night_written_in_the_same_second_as_the_one_rendered_is_after_it_by_name(
    nights: Path, tmp_path: Path
) -> None:
    """finished_at is to the second, and on a fast machine night-3 was once written in night-2's second: the test
    above then saw night-3 among the nights before night-2. A tie is ordered by name, as the history reads it."""
    history = tmp_path / "nights"
    shutil.copytree(nights, history)
    second = [load_report(folder)["finished_at"] for folder in (history / "night-2").iterdir() if folder.is_dir()]
    stamp = min(map(str, second))
    for path in (history / "night-3").glob("*/report.json"):
        report = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**report, "finished_at": stamp}), encoding="utf-8")
    folder = tmp_path / "night-2"
    shutil.copytree(history / "night-2", folder)
    done = run_cli("render", str(folder), "--history", str(history))
    assert done.returncode == 0, done.stderr
    page = (folder / "matrix.html").read_text(encoding="utf-8")
    assert "the last 2 nights" in page and ">night-3<" not in page


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
FIELDS = ["verdict", "summary", "target", "checks", "observed_scope", "baseline", "reproduce", "notes",
          "untestable", "request_times_ms", "root_causes", "finished_at", "recording"]  # fmt: skip


@settings(max_examples=40, deadline=None)  # 40 examples: a few seconds; the shapes matter, not their number
@given(
    st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, JSON)),
    st.lists(st.fixed_dictionaries({"name": st.sampled_from(["order", "has_more"])},
                                   optional=dict.fromkeys(["status", "detail", "echo_of", "request", "core"], JSON)),
             max_size=3),
)  # fmt: skip
def test_any_shape_of_report_renders_without_a_crash(report: dict[str, Any], checks: list[dict[str, Any]]) -> None:
    """A hand-edited or foreign report.json is rendered as far as it goes, never an internal error."""
    if checks:
        report["checks"] = checks
    assert report_html(report).startswith("<!DOCTYPE html>")
    ET.fromstring(badge_svg(report))
    night = Night("n", {"t": report})
    assert matrix_html([("t", report)], History.of([night], night)).startswith("<!DOCTYPE html>")


def test_the_embedded_providers_temporary_address_is_never_shown(nights: Path) -> None:
    """Its port died with the run: the pages name it as the embedded provider and quote the address its
    reproductions use (the same constant as the reporters')."""
    from conformance.pages.markup import SERVE_ORIGIN
    from conformance.reporters.common import SERVE_ORIGIN as REPORTERS_SERVE_ORIGIN

    assert SERVE_ORIGIN == REPORTERS_SERVE_ORIGIN
    report = load_report(nights / "night-3" / "api")
    temporary = report["base_url"]
    # the case is real: the report's details quote it (the headline shows paths only)
    assert temporary.startswith("http://127.0.0.1:") and temporary in json.dumps(report["checks"])
    assert temporary not in report["summary"]
    for page in (nights / "night-3" / "api" / "report.html", nights / "night-3" / "matrix.html"):
        text = page.read_text(encoding="utf-8")
        assert temporary not in text and "the embedded reference provider with the fault" in text
