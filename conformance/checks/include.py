"""The include[] parameter's one effect: file-search results carry `content` only when asked."""

from __future__ import annotations

from typing import Any

from conformance.checks.registry import STATUS, Severity, semantic
from conformance.contract import INCLUDE_CONTENT
from conformance.observations import Observations, Page
from conformance.outcome import Outcome
from conformance.probes import INCLUDE_PAGE, PREFLIGHT


def file_search_results(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for step in page.data:
        details = step.get("step_details") or {}
        for call in details.get("tool_calls") or []:
            if isinstance(call, dict) and call.get("type") == "file_search":
                results = (call.get("file_search") or {}).get("results") or []
                found.extend(r for r in results if isinstance(r, dict))
    return found


@semantic(Severity.DATA, reads=(PREFLIGHT, INCLUDE_PAGE), parts=(STATUS, "body.data.step_details"))
def include_content(seen: Observations) -> Outcome:
    """The same page asked for with and without include[]: file-search results carry `content` (a list) only
    with it."""
    plain, asked = PREFLIGHT.page(seen), INCLUDE_PAGE.page(seen)
    if plain is None or asked is None:
        return Outcome.skipped(seen.stopped or "the include[] probes were not made")
    for page in (asked, plain):
        if page.body is None:
            return Outcome.failed(f"the page {page.query} failed: {page.problem}", page.exchange, 2)
    without, with_content = file_search_results(plain), file_search_results(asked)
    if not without and not with_content:
        return Outcome.unobservable(
            "the first 100 steps hold no file_search results to inspect",
            "a run with a file_search call that found results",
        )
    if any("content" in r for r in without):
        return Outcome.failed("file_search results carry `content` although include[] was not sent", plain.exchange, 2)
    if not with_content or any(not isinstance(r.get("content"), list) for r in with_content):
        return Outcome.failed(f"include[]={INCLUDE_CONTENT} was sent but results carry no `content`", asked.exchange, 2)
    return Outcome.passed(f"{len(with_content)} results with content, {len(without)} without", cases=2)
