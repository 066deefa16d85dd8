"""The semantic phase's requests, as `plan` lays them out; what they show is returned as `Observations`.

Nothing here judges: the checks in `conformance.checks` are pure functions of what this module gathered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from conformance.concurrency import run_all
from conformance.contract import MAX_LIMIT, route_path
from conformance.observations import Exchange, HasMoreLie, Observations, Page, Params, Walk, as_page
from conformance.plan import (
    COMPLETE_WALKS,
    INCLUDE_PARAMS,
    INVALID_INPUTS,
    UNBOUNDED_SLACK,
    WalkPlan,
    boundary_params,
    minimum_budget,
    walk_cap,
    walks,
)
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
        workers: int = 1,
        budget: int | None = None,
        malformed: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.transport = transport
        self.malformed = malformed or {}
        self.budget = budget
        self.seen = Observations(thread_id, run_id)
        self.without_key = without_key
        self.wrong_key = wrong_key
        self.workers = workers
        self._count = threading.Lock()

    def fetch(
        self, params: Params, used_by: str, path: str | None = None, headers: dict[str, str] | None = None
    ) -> Exchange:
        with self._count:
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
        """In three stages, each stage's requests independent of each other (so `workers` may send them side by
        side): the complete forward walks; then, planned from the run's size, every other walk and the single
        probes; then the has_more boundary, which needs the run's sequence."""
        seen = self.seen
        size, exact = first_page_size(first)
        forward = [p for p in COMPLETE_WALKS if p.direction == "after"]
        caps = [walk_cap(p, size, 0 if exact else self._unknown_size_slack(size, len(forward))) for p in forward]
        tasks: list[Callable[[], Any]] = [
            partial(self.walk, p, cap, None, first if p == COMPLETE_WALKS[0] else None)
            for p, cap in zip(forward, caps, strict=True)
        ]
        by_plan = dict(zip(forward, self._stage(tasks), strict=True))
        ascending = by_plan[COMPLETE_WALKS[0]]
        known = len(set(ascending.ids)) if ascending.complete else None
        if known is not None:
            sized(known)
        later = [p for p in walks(known)[len(forward) :] if p.direction == "after" or self._far_end(p, by_plan)]
        steps = known if known is not None else size
        later_tasks: list[Callable[[], object]] = [
            partial(self.walk, p, walk_cap(p, steps), self._far_end(p, by_plan)) for p in later
        ]
        singles = self._singles(first)
        results = self._stage([*later_tasks, *(task for _, task in singles)])
        by_plan.update(zip(later, results[: len(later)], strict=True))
        seen.walks = [by_plan[p] for p in walks(known) if p in by_plan]
        for (store, _), result in zip(singles, results[len(later) :], strict=True):
            store(result)
        self.boundary()

    def _unknown_size_slack(self, lower_bound: int, walks_sharing: int) -> int:
        """Extra pages a walk to the end may take when the run's size is only a lower bound: what the budget
        leaves above a full verdict's minimum, shared by the walks that run before the size is known."""
        budget = self.budget
        if budget is None:
            return UNBOUNDED_SLACK
        return max(budget - minimum_budget(lower_bound), 0) // walks_sharing

    def _far_end(self, plan: WalkPlan, done: dict[WalkPlan, Walk]) -> str | None:
        """Where a backward walk starts: the last step of the complete forward walk in its order."""
        if plan.direction != "before":
            return None
        source = done.get(WalkPlan(plan.order, "after", MAX_LIMIT, None))
        return source.ids[-1] if source is not None and source.complete and source.ids else None

    def _singles(self, first: Page) -> list[tuple[Callable[[Any], None], Callable[[], object]]]:
        """(store the answer, fetch it) for every one-request probe."""
        seen = self.seen
        seen.include_pages[False] = first

        def put(mapping: dict[Any, Any], key: Any) -> Callable[[Any], None]:
            return lambda value: mapping.__setitem__(key, value)

        def attr(name: str) -> Callable[[Any], None]:
            return lambda value: setattr(seen, name, value)

        probes: list[tuple[Callable[[Any], None], Callable[[], object]]] = [
            (attr("default_page"), lambda: self.page((), "default page")),
            (put(seen.include_pages, True), lambda: self.page(INCLUDE_PARAMS, "include[] page")),
            (attr("no_key"), lambda: self.fetch([("limit", "1")], "no key", headers=self.without_key)),
            (attr("wrong_key"), lambda: self.fetch([("limit", "1")], "wrong key", headers=self.wrong_key)),
        ]
        for label, headers in self.malformed.items():
            fetch = partial(self.fetch, [("limit", "1")], f"credential with {label}", headers=headers)
            probes.append((put(seen.malformed, label), fetch))
        for label, (_, params) in INVALID_INPUTS.items():
            probes.append((put(seen.invalid, label), partial(self.fetch, params, f"invalid input {label}")))
        missing = {"run": route_path(seen.thread_id, MISSING_RUN), "thread": route_path(MISSING_THREAD, seen.run_id)}
        for what, path in missing.items():
            probes.append((put(seen.missing, what), partial(self.fetch, (), f"unknown {what}", path)))
        for cursor in ("after", "before"):
            fetch = partial(self.fetch, [(cursor, UNKNOWN_CURSOR)], f"unknown {cursor} cursor")
            probes.append((put(seen.unknown_cursor, cursor), fetch))
        return probes

    def _stage(self, tasks: list[Callable[[], Any]]) -> list[Any]:
        """Run one stage's tasks; a spent budget (or any error) in one of them ends the phase once all are done."""
        results = run_all(tasks, self.workers)
        failure = next((r for r in results if isinstance(r, Exception)), None)
        if failure is not None:
            raise failure
        return results

    def boundary(self) -> None:
        """A full page that holds exactly the last steps of the run in asc order: has_more must be false there.
        Placed only from a sequence the complete walks agree on."""
        ascending = self.seen.sequence("asc")
        if ascending:
            params = boundary_params(ascending)
            self.seen.boundary_page = self.page(params, "has_more boundary")

    def walk(self, plan: WalkPlan, cap: int, far_end: str | None = None, first: Page | None = None) -> Walk:
        """Follow cursors as planned, for at most `cap` pages. A walk to the end does not take has_more=false on
        a full page on trust: it asks for the next page, and records a lie if that page holds steps (then walks
        on). A walk to the end that is still told has_more=true at its cap stops there (`runaway`)."""
        walk = Walk(plan.order, plan.direction, plan.limit, plan.max_pages, far_end=far_end)
        label = f"walk {walk.label}"
        cursor = far_end
        cursors: set[str] = set()
        said_false: Page | None = None
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
                    walk.runaway = True
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
            walk.runaway = True
            walk.stopped = (
                f"has_more still true after {len(walk.pages)} pages, the most this walk may take "
                f"({len(set(walk.ids))} distinct steps seen)"
            )
        return walk


def first_page_size(first: Page) -> tuple[int, bool]:
    """The run's size as the preflight page (order=asc, limit=100) shows it, and whether that is exact: a
    partial page that says has_more=false holds the whole run; otherwise it is a lower bound (a page that says
    has_more=true: one more step than it holds; a full page that says false: its 100 steps, to be verified;
    no page at all: nothing)."""
    count = len(first.ids)
    if first.body is None:
        return 0, False
    if first.has_more is True:
        return count + 1, False
    return count, count < MAX_LIMIT
