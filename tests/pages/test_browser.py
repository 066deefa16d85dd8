"""The pages in a real browser (headless Chromium, one session for the module): what a person sees, where the
links lead, the history strip, a provider's `<script>` shown as text, and no request to any host. Screenshots
go to each test's temporary folder."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.pages import write_run_pages
from conformance.pages.history import read_report
from conformance.pages.markup import page
from conformance.secrets import Masker
from tests.pages.browser import foreign_requests, open_page, skip_reason, start
from tests.ports import free_port

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = start(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


def css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def cell(driver: Any, check: str, target: str) -> Any:
    """The matrix cell of one check and one target (each cell names its target: an untestable target's one
    cell spans the column, so cells are not counted)."""
    return css(driver, f'#matrix tbody tr[data-check="{check}"] td[data-target="{target}"]')


def test_the_network_check_sees_a_request_to_another_host(browser: Any, tmp_path: Path) -> None:
    """The check the other tests make can fail: a page that asks a loopback port for an image is caught."""
    port = free_port()  # nothing listens: the browser is refused at once, but it did send the request
    page = tmp_path / "leaky.html"
    page.write_text(f'<img src="http://127.0.0.1:{port}/pixel.png">', encoding="utf-8")
    assert open_page(browser, page) == [f"http://127.0.0.1:{port}/pixel.png"] * 2  # DevTools log, resource timing


def test_the_matrix_shows_each_cell_and_leads_to_its_row(browser: Any, nights: Path, tmp_path: Path) -> None:
    assert open_page(browser, nights / "night-3" / "matrix.html") == []
    first = css(browser, "#matrix tbody tr")
    assert first.get_attribute("data-check") == "cursor_walk" and "(root cause)" in first.text
    assert cell(browser, "cursor_walk", "api").text == "✗ FAILED"
    assert cell(browser, "cursor_walk", "short").text == "✓ passed"
    unobservable = cell(browser, "max_page_size", "short")
    assert unobservable.text == "◌ unobservable" and "st-unobservable" in unobservable.get_attribute("class")
    excluded = cell(browser, "response_time", "api")
    assert excluded.text == "⊘ excluded" and "st-excluded" in excluded.get_attribute("class")
    colours = {cell(browser, c, t).value_of_css_property("background-color")
               for c, t in (("cursor_walk", "api"), ("max_page_size", "short"), ("response_time", "api"),
                            ("order", "api"))}  # fmt: skip
    assert len(colours) == 4  # failed, unobservable, excluded and passed look different, not only by word
    browser.save_screenshot(str(tmp_path / "matrix.png"))
    cell(browser, "cursor_walk", "api").find_element("css selector", "a").click()
    assert browser.current_url.endswith("/night-3/api/report.html#check-cursor_walk")
    assert foreign_requests(browser) == []
    target = browser.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == "check-cursor_walk" and target.is_displayed()
    assert "✗ FAILED" in target.text and "cursor_walk" in target.text
    browser.save_screenshot(str(tmp_path / "report-row.png"))


def test_the_history_strip_shows_the_failure_starting_on_night_2(browser: Any, nights: Path, tmp_path: Path) -> None:
    assert open_page(browser, nights / "night-3" / "matrix.html", "#history") == []
    row = css(browser, 'table.history[data-target="api"] tr[data-check="cursor_walk"]')
    strip = [td.get_attribute("title") for td in row.find_elements("css selector", "td.st")]
    assert strip == ["night-1: passed", "night-2: FAILED", "night-3: FAILED"]
    assert row.find_element("css selector", "td.since").text == "failing since night-2"
    assert [
        r.get_attribute("data-check")
        for r in browser.find_elements("css selector", 'table.history[data-target="api"] tbody tr')
    ] == ["cursor_walk"]  # only what failed
    overview = css(browser, '#history-overview tr[data-target="api"]')
    cells = overview.find_elements("css selector", "td.night")
    assert [n.text for n in cells] == ["✓", "✗ 1", "✗ 1"]
    assert cells[1].get_attribute("title") == "night-2: non-conformant; failing: cursor_walk"
    assert not browser.find_elements("css selector", 'table.history[data-target="short"]')
    assert css(browser, 'p.calm[data-target="short"]').text == "short: no check failed on these nights."
    css(browser, 'table.history[data-target="api"]').screenshot(str(tmp_path / "history.png"))


def test_the_report_shows_the_verdict_the_evidence_and_the_answer_times(
    browser: Any, nights: Path, tmp_path: Path
) -> None:
    assert open_page(browser, nights / "night-3" / "api" / "report.html") == []
    verdict = css(browser, "#verdict")
    assert verdict.text.startswith("non-conformant: cursor_walk:") and verdict.text.count("non-conformant") == 1
    assert "`" not in css(browser, "body").text  # code spans are code, not literal backticks
    assert "the embedded reference provider with the fault cursor-inclusive" in css(browser, "table.facts").text
    walk = css(browser, "#check-cursor_walk")
    assert "curl " in walk.text and "the page before it" in walk.text and "run-api.har" in walk.text
    svg = css(browser, "svg.timing")
    assert svg.is_displayed() and css(browser, "svg.timing line.median") and css(browser, "svg.timing line.slowest")
    labels = [t.text for t in svg.find_elements("css selector", "text")]
    assert any(t.startswith("median ") for t in labels) and any(t.startswith("slowest ") for t in labels)
    passed = browser.find_elements("css selector", "tr.row-passed")
    assert passed and all(r.is_displayed() for r in passed)
    css(browser, "#only-problems").click()  # the page's one bit of JS
    assert not any(r.is_displayed() for r in passed) and walk.is_displayed()
    browser.save_screenshot(str(tmp_path / "report.png"))


def test_a_providers_script_is_shown_as_text(browser: Any, nights: Path, tmp_path: Path) -> None:
    report = read_report(nights / "night-3" / "api" / "report.json")
    assert report is not None
    changed = copy.deepcopy(report)
    walk = next(c for c in changed["checks"] if c["name"] == "cursor_walk")
    walk["detail"] = "the provider said <script>window.pwned = 1</script><b>bold?</b>"
    write_run_pages(changed, tmp_path, Masker(environ={}))
    assert open_page(browser, tmp_path / "report.html") == []
    assert "the provider said <script>window.pwned = 1</script><b>bold?</b>" in css(browser, "#check-cursor_walk").text
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.querySelectorAll('script').length") == 1
    bold = "return [...document.querySelectorAll('b')].filter(b => b.textContent === 'bold?').length"
    assert browser.execute_script(bold) == 0
    browser.save_screenshot(str(tmp_path / "escaped.png"))
    # Behind the escaping, the page's policy runs only its own script (by its hash): one that got in is inert.
    (tmp_path / "raw.html").write_text(page("raw", "<script>window.raw = 1</script>", "window.own = 1;"), "utf-8")
    assert open_page(browser, tmp_path / "raw.html") == []
    assert browser.execute_script("return [window.raw, window.own]") == [None, 1]


def test_the_badge_opens_in_the_browser(browser: Any, nights: Path) -> None:
    assert open_page(browser, nights / "night-1" / "api" / "badge.svg") == []
    assert "run steps: api" in css(browser, "svg").text and "conformant" in css(browser, "svg").text


def test_an_untestable_target_shows_its_verdict_in_the_matrix(browser: Any, nights: Path, tmp_path: Path) -> None:
    assert open_page(browser, nights / "night-3" / "matrix.html") == []
    cut = css(browser, '#matrix td.st-untestable[data-target="unreachable"]')
    rows = browser.find_elements("css selector", "#matrix tbody tr")
    assert cut.get_attribute("rowspan") == str(len(rows)) and len(rows) > 20
    assert cut.text.startswith("⊗ untestable") and "Connection refused" in cut.text
    assert not browser.find_elements("css selector", "#matrix td.st-absent")  # no "no report" in every cell
    assert cell(browser, "order", "short").text == "✓ passed"  # the columns after it stay in place
    history = [n.text for n in css(browser, '#history-overview tr[data-target="unreachable"]').find_elements(
        "css selector", "td.night")]  # fmt: skip
    assert history == ["·", "·", "⊗"]
    browser.save_screenshot(str(tmp_path / "matrix-untestable.png"))


def test_a_failure_shows_its_answer_and_the_curls_keys(browser: Any, nights: Path, tmp_path: Path) -> None:
    """Beside each curl, what came back (a page's step ids, here the step a cursor-inclusive page repeats), and
    for a masked credential which key goes there; the key itself is never on the page."""
    from tests.pages.conftest import UNREACHABLE_KEY

    assert open_page(browser, nights / "night-3" / "api" / "report.html", "#check-cursor_walk") == []
    answers = css(browser, "#check-cursor_walk").find_elements("css selector", "pre.answer")
    assert len(answers) == 2 and all(a.text.startswith("200: a page of ") and "step_" in a.text for a in answers)
    browser.save_screenshot(str(tmp_path / "report-answer.png"))
    assert open_page(browser, nights / "night-3" / "unreachable" / "report.html") == []
    text = css(browser, "body").text
    assert "-H 'Authorization: ***'" in text and UNREACHABLE_KEY not in browser.page_source
    hint = css(browser, "div.keys").text
    key = "Authorization: Bearer KEY, your key (--api-key, OPENAI_API_KEY or api_key_env)"
    assert hint == f"Where this curl says ***, put: {key}."
    assert "127.0.0.1" in css(browser, "table.facts").text  # a real target keeps its address
    browser.save_screenshot(str(tmp_path / "report-untestable.png"))


def test_a_regression_against_the_baseline_is_marked(browser: Any, nights: Path, tmp_path: Path) -> None:
    assert open_page(browser, nights / "night-2" / "api" / "report.html") == []
    tag = css(browser, "#check-cursor_walk .tag-regression")
    assert tag.text == "regression" and tag.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    assert not browser.find_elements("css selector", "#check-order .tag")  # only what the baseline says
    browser.save_screenshot(str(tmp_path / "report-regression.png"))
