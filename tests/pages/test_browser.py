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
from tests.support import free_port

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
    """The matrix cell of one check and one target (columns in the header's order)."""
    headers = [h.text for h in driver.find_elements("css selector", "#matrix thead th")]
    row = css(driver, f'#matrix tbody tr[data-check="{check}"]')
    return row.find_elements("css selector", "td")[headers.index(target)]


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
    calm = css(browser, 'table.history[data-target="short"] tr[data-check="cursor_walk"]')
    assert calm.find_element("css selector", "td.since").text == ""
    css(browser, 'table.history[data-target="api"]').screenshot(str(tmp_path / "history.png"))


def test_the_report_shows_the_verdict_the_evidence_and_the_answer_times(
    browser: Any, nights: Path, tmp_path: Path
) -> None:
    assert open_page(browser, nights / "night-3" / "api" / "report.html") == []
    assert css(browser, "#verdict").text.startswith("non-conformant · non-conformant: cursor_walk:")
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
