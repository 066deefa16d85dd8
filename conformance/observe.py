"""The semantic phase's requests, as `plan` lays them out; what they show is returned as `Observations`.

Nothing here judges: the checks in `conformance.checks` are pure functions of what this module gathered.
"""

from __future__ import annotations

from collections.abc import Callable

from conformance.contract import route_path
from conformance.observations import Exchange, HasMoreLie, Observations, Page, Params, Walk, as_page
from conformance.plan import BOUNDARY_LIMIT, INCLUDE_PARAMS, INVALID_INPUTS, WALKS, WalkPlan
from conformance.transport import BudgetSpent, Transport

MISSING_RUN = "run_conformance_missing"
MISSING_THREAD = "thread_conformance_missing"
UNKNOWN_CURSOR = "step_conformance_unknown"


class Observer:
    def __init__(
        self,
        transport: Transport,
        thread_id: str,
        run_id: str,
        without_key: dict[str, str],
        wrong_key: dict[str, str],
    ) -> None:
        self.transport = transport
        self.seen = Observations(thread_id, run_id)
        self.without_key = without_key
        self.wrong_key = wrong_key

    def fetch(
        self, params: Params, used_by: str, path: str | None = None, headers: dict[str, str] | None = None
    ) -> Exchange:
        self.seen.requests += 1
        return self.transport.get(path or route_path(self.seen.thread_id, self.seen.run_id), params, headers, used_by)

    def page(self, params: Params, used_by: str) -> Page:
        return as_page(self.fetch(params, used_by), params)

    def observe(self, first: Page, sized: Callable[[int], None] = lambda _: None) -> Observations:
        """Every planned probe; `first` is the preflight's answer (the first page of the first walk). `sized`
        hears the run's size as soon as the first walk establishes it (it may raise to stop the run). A spent
        budget ends the phase: what was seen so far is kept, and `stopped` says why the rest is missing."""
        try:
            self._observe(first, sized)
        except BudgetSpent as exc:
            self.seen.stopped = f"not judged: {exc} during the semantic phase (see --max-requests)"
        return self.seen

    def _observe(self, first: Page, sized: Callable[[int], None]) -> None:
        seen = self.seen
        for plan in WALKS:
            far_end = None
            if plan.direction == "before":
                source = seen.walk(plan.order, "after", 100)
                if source is None or not source.complete or not source.ids:
                    continue  # no known far end to walk back from
                far_end = source.ids[-1]
            walk = self.walk(plan, far_end, first if plan == WALKS[0] else None)
            seen.walks.append(walk)
            if plan == WALKS[0] and walk.complete:
                sized(len(set(walk.ids)))
        seen.default_page = self.page((), "default page")
        seen.limit_pages[1] = self.page([("limit", "1")], "limit=1 page")
        seen.include_pages[False] = first
        seen.include_pages[True] = self.page(INCLUDE_PARAMS, "include[] page")
        self.boundary()
        seen.no_key = self.fetch([("limit", "1")], "no key", headers=self.without_key)
        seen.wrong_key = self.fetch([("limit", "1")], "wrong key", headers=self.wrong_key)
        for label, (_, params) in INVALID_INPUTS.items():
            seen.invalid[label] = self.fetch(params, f"invalid input {label}")
        seen.missing["run"] = self.fetch((), "unknown run", route_path(seen.thread_id, MISSING_RUN))
        seen.missing["thread"] = self.fetch((), "unknown thread", route_path(MISSING_THREAD, seen.run_id))
        for cursor in ("after", "before"):
            seen.unknown_cursor[cursor] = self.fetch([(cursor, UNKNOWN_CURSOR)], f"unknown {cursor} cursor")

    def boundary(self) -> None:
        """A page that holds exactly the last steps of the run in asc order: has_more must be false there."""
        total = self.seen.total
        ascending = self.seen.walk("asc", "after", 100)
        if total is None or not total or ascending is None:
            return
        limit = min(BOUNDARY_LIMIT, total)
        params: list[tuple[str, str]] = [("order", "asc"), ("limit", str(limit))]
        if total > limit:
            params.append(("after", ascending.ids[total - limit - 1]))
        self.seen.boundary_page = self.page(params, "has_more boundary")

    def walk(self, plan: WalkPlan, far_end: str | None = None, first: Page | None = None) -> Walk:
        """Follow cursors as planned. A walk to the end does not take has_more=false on a full page on trust:
        it asks for the next page, and records a lie if that page holds steps (then walks on)."""
        walk = Walk(plan.order, plan.direction, plan.limit, plan.max_pages, far_end=far_end)
        label = f"walk {walk.label}"
        cursor = far_end
        cursors: set[str] = set()
        said_false: Page | None = None
        cap = plan.max_pages or (10_000 // plan.limit + 10)  # far more pages than any run needs is a loop
        while len(walk.pages) < cap:
            params = [("order", plan.order), ("limit", str(plan.limit))]
            params += [(plan.direction, cursor)] if cursor else []
            page = first if first is not None and not walk.pages else self.page(params, label)
            walk.pages.append(page)
            number = len(walk.pages)
            if page.problem:
                walk.stopped = f"page {number} ({page.exchange.describe()}): {page.problem}"
                return walk
            if said_false is not None:
                if not page.ids:
                    walk.reached_end = True
                    return walk
                walk.lies.append(HasMoreLie(number - 1, said_false, page))
                said_false = None
            if not page.ids:
                if page.has_more is True:
                    walk.stopped = f"page {number} is empty but says has_more=true"
                else:
                    walk.reached_end = True
                return walk
            if page.has_more is not True:
                if plan.max_pages is not None or len(page.ids) < plan.limit:
                    walk.reached_end = True
                    return walk
                said_false = page  # full and "nothing more": verify with one more page
            cursor = page.ids[-1] if plan.direction == "after" else page.ids[0]
            if cursor in cursors:
                walk.stopped = f"page {number} leads back to cursor {cursor} (a loop)"
                return walk
            cursors.add(cursor)
        if plan.max_pages is None:
            walk.stopped = f"gave up after {len(walk.pages)} pages"
        return walk
