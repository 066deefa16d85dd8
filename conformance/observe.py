"""The semantic phase's requests, as `plan` lays them out; what they show is returned as `Observations`.

Nothing here judges: the checks in `conformance.checks` are pure functions of what this module gathered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from conformance.concurrency import run_all
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
        workers: int = 1,
    ) -> None:
        self.transport = transport
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
        side): the complete forward walks; then every other walk and the single probes; then the has_more
        boundary, which needs the run's size."""
        seen = self.seen
        forward = [p for p in WALKS if p.max_pages is None and p.direction == "after"]
        walks = self._stage([partial(self.walk, p, None, first if p == WALKS[0] else None) for p in forward])
        by_plan = dict(zip(forward, walks, strict=True))
        if by_plan[WALKS[0]].complete:
            sized(len(set(by_plan[WALKS[0]].ids)))
        later = [p for p in WALKS if p not in by_plan and (p.direction == "after" or self._far_end(p, by_plan))]
        tasks: list[Callable[[], object]] = [partial(self.walk, p, self._far_end(p, by_plan)) for p in later]
        singles = self._singles(first)
        results = self._stage([*tasks, *(task for _, task in singles)])
        by_plan.update(zip(later, results[: len(later)], strict=True))
        seen.walks = [by_plan[p] for p in WALKS if p in by_plan]
        for (store, _), result in zip(singles, results[len(later) :], strict=True):
            store(result)
        self.boundary()

    def _far_end(self, plan: WalkPlan, done: dict[WalkPlan, Walk]) -> str | None:
        """Where a backward walk starts: the last step of the complete forward walk in its order."""
        if plan.direction != "before":
            return None
        source = done.get(replace(plan, direction="after", max_pages=None, limit=100))
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
            (put(seen.limit_pages, 1), lambda: self.page([("limit", "1")], "limit=1 page")),
            (put(seen.include_pages, True), lambda: self.page(INCLUDE_PARAMS, "include[] page")),
            (attr("no_key"), lambda: self.fetch([("limit", "1")], "no key", headers=self.without_key)),
            (attr("wrong_key"), lambda: self.fetch([("limit", "1")], "wrong key", headers=self.wrong_key)),
        ]
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
        """A page that holds exactly the last steps of the run in asc order: has_more must be false there."""
        total = self.seen.total
        ascending = self.seen.walk("asc", "after", 100)
        # Only from a complete ascending walk that holds every step: an incomplete one (a page lost to a flaky
        # link) has no cursor to place the probe from, and the check then says it was not judged.
        if total is None or not total or ascending is None or not ascending.complete or len(ascending.ids) < total:
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
