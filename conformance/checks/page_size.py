"""The default and the largest page size: a first page holds exactly the steps its limit asks for."""

from __future__ import annotations

from conformance.checks.pagination import NO_TOTAL, needs_steps
from conformance.checks.registry import STATUS, STEP_COUNT, Severity, semantic
from conformance.contract import DEFAULT_LIMIT, MAX_LIMIT
from conformance.observations import Observations, Page
from conformance.outcome import Outcome
from conformance.probes import DEFAULT_PAGE, PREFLIGHT


def _first_page_size(seen: Observations, page: Page | None, limit: int, what: str, shown_from: int) -> Outcome:
    """A first page (no cursor) at `limit` holds exactly `limit` steps, judged on a run of `shown_from` steps
    or more (below that, a page of all the run's steps cannot tell this size from a larger one)."""
    steps = seen.steps
    if page is None or page.body is None:
        problem = page.problem if page is not None else None
        return Outcome.skipped(seen.stopped or (f"the {what} page failed: {problem}" if problem else "not probed"))
    if steps is None:
        return Outcome.skipped(seen.stopped or NO_TOTAL, blocked_by="cursor_walk")
    if steps < shown_from:
        held = f"the run has {steps} step{'s' if steps != 1 else ''}; the {what} page holds {len(page.ids)}"
        return Outcome.unobservable(held, needs_steps(shown_from))
    if len(page.ids) != limit:
        return Outcome.failed(
            f"the {what} page ({page.query}) holds {len(page.ids)} steps of a run of {steps}; expected {limit}",
            page.exchange,
            1,
        )
    return Outcome.passed(f"{limit} steps on the {what} page of a run of {steps}", cases=1)


@semantic(Severity.DATA, reads=(DEFAULT_PAGE,), parts=(STATUS, STEP_COUNT))
def default_page_size(seen: Observations) -> Outcome:
    """A request without `limit` gets a full page of 20 steps from a run longer than that (20 is the default).
    Unobservable on a run of 20 steps or fewer, where one page holds them all."""
    return _first_page_size(seen, DEFAULT_PAGE.page(seen), DEFAULT_LIMIT, "default (no limit)", DEFAULT_LIMIT + 1)


@semantic(Severity.DATA, reads=(PREFLIGHT,), parts=(STATUS, STEP_COUNT))
def max_page_size(seen: Observations) -> Outcome:
    """A request with limit=100 (the largest the operation allows) gets 100 steps from a run of 100 or more:
    the provider does not cap pages below the limit asked for. Unobservable on a run of fewer than 100 steps."""
    first = seen.walks[0].pages[0] if seen.walks and seen.walks[0].pages else None
    return _first_page_size(seen, first, MAX_LIMIT, "limit=100", MAX_LIMIT)
