"""The include[] parameter's one effect: file-search results carry `content` only when asked."""

from __future__ import annotations

from typing import Any

from conformance.observe import Observations, Page
from conformance.results import CheckResult


def file_search_results(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for step in page.data:
        details = step.get("step_details") or {}
        for call in details.get("tool_calls") or []:
            if isinstance(call, dict) and call.get("type") == "file_search":
                results = (call.get("file_search") or {}).get("results") or []
                found.extend(r for r in results if isinstance(r, dict))
    return found


def include_content(seen: Observations) -> CheckResult:
    """With include[] file-search results carry `content`; without it they do not."""
    name = "include_content"
    plain, asked = seen.include_pages.get(False), seen.include_pages.get(True)
    if plain is None or asked is None or plain.body is None or asked.body is None:
        broken = asked if asked is not None and asked.body is None else plain
        if broken is not None and broken.problem:
            return CheckResult.failed(
                name, f"the page with params {broken.params} failed: {broken.problem}", broken.exchange
            )
        return CheckResult.skipped(name, "the include[] probes were not answered")
    without, with_content = file_search_results(plain), file_search_results(asked)
    if not without and not with_content:
        return CheckResult.skipped(name, "the first 100 steps hold no file_search results to inspect")
    if any("content" in r for r in without):
        return CheckResult.failed(
            name, "file_search results carry `content` although include[] was not sent", plain.exchange, cases=2
        )
    if not with_content or any(not isinstance(r.get("content"), list) for r in with_content):
        return CheckResult.failed(
            name,
            "include[]=step_details.tool_calls[*].file_search.results[*].content was "
            "sent but results carry no `content`",
            asked.exchange,
            cases=2,
        )
    return CheckResult.passed(name, f"{len(with_content)} results with content, {len(without)} without", cases=2)
