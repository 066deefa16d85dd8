"""The semantic phase's requests, as `plan` lays them out; what they show is returned as `Observations`.

Nothing here judges: the checks in `conformance.checks` are pure functions of what this module gathered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from conformance.concurrency import run_all
from conformance.contract import MAX_LIMIT, route_path
from conformance.errors import BudgetSpent
from conformance.observations import (
    INTERRUPTED,
    UNRECORDED,
    Exchange,
    HasMoreLie,
    Observations,
    Page,
    Params,
    Walk,
    as_page,
)
from conformance.plan import (
    COMPLETE_WALKS,
    UNBOUNDED_SLACK,
    WalkPlan,
    minimum_budget,
    require_budget,
    walk_cap,
    walks,
)
from conformance.probes import PREFLIGHT, PROBES, SENT, WALKS, Probe
from conformance.profiles import Credentials
from conformance.transport import Transport


class Observer:
    def __init__(
        self,
        transport: Transport,
        thread_id: str,
        run_id: str,
        credentials: Mapping[Credentials, dict[str, str]],
        workers: int = 1,
        budget: int | None = None,
        allow_incomplete: bool = False,
    ) -> None:
        """`credentials`: the headers of each credential variant a probe may send instead of the profile's
        (`Probe.credentials`); a probe whose variant is missing is not sent. With a `budget` below a full
        verdict's minimum for the run, `observe` raises plan.BudgetTooSmall unless `allow_incomplete`."""
        self.transport = transport
        self.credentials = credentials
        self.budget = budget
        self.allow_incomplete = allow_incomplete
        self.seen = Observations(thread_id, run_id)
        self.workers = workers
        self._count = threading.Lock()
        self._walked: dict[WalkPlan, Walk] = {}  # every walk done so far, whatever stage it belongs to
        self._walks_done = False
        self._answered: dict[str, tuple[Probe, Page | Exchange]] = {}  # single probes answered, not yet landed

    def fetch(
        self, params: Params, used_by: str, path: str | None = None, headers: dict[str, str] | None = None
    ) -> Exchange:
        with self._count:
            self.seen.requests += 1
        exchange = self.transport.get(
            path or route_path(self.seen.thread_id, self.seen.run_id), params, headers, used_by
        )
        if exchange.error_kind == UNRECORDED:  # judging a recording that holds no answer: the probe is unanswered
            self.seen.unanswered[used_by] = UNRECORDED
        return exchange

    def page(self, params: Params, used_by: str) -> Page:
        return as_page(self.fetch(params, used_by), params)

    def observe(self, first: Page) -> Observations:
        """Every planned probe; `first` is the preflight's answer (the first page of the first walk). Once the
        first walk has counted the run's steps, a budget too small for them raises plan.BudgetTooSmall (see
        `__init__`). A spent budget ends the phase: what was seen so far is kept, and `stopped` says why the
        rest is missing."""
        try:
            self._observe(first)
        except BudgetSpent as exc:
            self.seen.stopped = f"not judged: {exc} during the semantic phase (see --max-requests)"
        return self.seen

    def interrupted(self) -> Observations:
        """What was seen when a signal ended the phase: the walks and probes answered so far, and every probe
        the plan still had unanswered (`INTERRUPTED`), so that only the checks whose probes all answered are
        judged."""
        seen = self.seen
        self._land()
        if not self._walks_done:
            seen.walks = list(self._walked.values())
            seen.unanswered[f"{WALKS.prefix}(not all walked)"] = INTERRUPTED
        for probe in SENT:
            landed = probe.label in seen.probe_pages or probe.label in seen.answers or probe.label in seen.unanswered
            # A placed probe goes unsent only when the finished walks settle no sequence to place it in; cut off
            # before they finished, it is one more probe the signal kept from being sent.
            unplaced = probe.placed is not None and self._walks_done and not seen.own_sequence(probe.placed_order)
            if landed or not self._can_send(probe) or unplaced:
                continue
            seen.unanswered[probe.label] = INTERRUPTED
        return seen

    def _land(self) -> None:
        """The single probes answered so far into the observations, in the order they are declared (however
        the workers finished them). A stage a spent budget ends lands nothing (its probes' checks are judged
        on the earlier stages only)."""
        for probe in PROBES:
            if probe.label in self._answered:
                probe.land(self.seen, self._answered.pop(probe.label)[1])

    def _observe(self, first: Page) -> None:
        """In three stages, each stage's requests independent of each other (so `workers` may send them side by
        side): the complete forward walks; then, planned from the run's size, every other walk and the single
        probes; then the has_more boundary, which needs the run's sequence."""
        seen = self.seen
        PREFLIGHT.land(seen, first)
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
        if known is not None and not self.allow_incomplete:
            require_budget(self.budget, known)
        later = [p for p in walks(known)[len(forward) :] if p.direction == "after" or self._far_end(p, by_plan)]
        steps = known if known is not None else size
        later_tasks: list[Callable[[], object]] = [
            partial(self.walk, p, walk_cap(p, steps), self._far_end(p, by_plan)) for p in later
        ]
        singles = [p for p in SENT if p.placed is None and self._can_send(p)]
        results = self._stage([*later_tasks, *(partial(self.send, p) for p in singles)])
        by_plan.update(zip(later, results[: len(later)], strict=True))
        seen.walks = [by_plan[p] for p in walks(known) if p in by_plan]
        self._walks_done = True
        self._land()
        self.placed()
        self._land()

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

    def _can_send(self, probe: Probe) -> bool:
        return probe.credentials is None or probe.credentials in self.credentials

    def send(self, probe: Probe, params: Params | None = None) -> Page | Exchange:
        """One probe, with its own parameters or those placed for it; its answer (as a page if it should be
        one) is kept as it comes, unless it is unanswered, and lands when its stage ends (`_land`)."""
        sent = probe.params if params is None else params
        headers = self.credentials[probe.credentials] if probe.credentials is not None else None
        exchange = self.fetch(sent, probe.label, probe.path(self.seen.thread_id, self.seen.run_id), headers)
        answer = as_page(exchange, sent) if probe.is_page else exchange
        if exchange.error_kind != UNRECORDED:
            self._answered[probe.label] = (probe, answer)
        return answer

    def _stage(self, tasks: list[Callable[[], Any]]) -> list[Any]:
        """Run one stage's tasks; a spent budget (or any error) in one of them ends the phase once all are done."""
        results = run_all(tasks, self.workers)
        failure = next((r for r in results if isinstance(r, Exception)), None)
        if failure is not None:
            raise failure
        return results

    def placed(self) -> None:
        """The probes placed from the run's sequence (the has_more boundary, the pages past the end), once the
        complete walks agree on it and it holds a step; each from a complete walk of its own order."""
        for probe in SENT:
            if probe.placed is None or not self._can_send(probe):
                continue
            sequence = self.seen.own_sequence(probe.placed_order)
            if sequence:
                self.send(probe, probe.placed(sequence))

    def walk(self, plan: WalkPlan, cap: int, far_end: str | None = None, first: Page | None = None) -> Walk:
        """`_walk`, kept as soon as it is done (an interrupted phase keeps the walks it finished)."""
        walk = self._walk(plan, cap, far_end, first)
        self._walked[plan] = walk
        return walk

    def _walk(self, plan: WalkPlan, cap: int, far_end: str | None = None, first: Page | None = None) -> Walk:
        """Follow cursors as planned, for at most `cap` pages. A walk to the end does not take has_more=false on
        a full page on trust: it asks for the next page, and records a lie if that page holds steps (then walks
        on). A walk to the end that is still told has_more=true at its cap stops there (`runaway`)."""
        walk = Walk(plan.order, plan.direction, plan.limit, plan.max_pages, far_end=far_end)
        label = f"{WALKS.prefix}{walk.label}"
        cursor = far_end
        cursors: set[str] = set()
        said_false: Page | None = None
        while len(walk.pages) < cap:
            params = [("order", plan.order), ("limit", str(plan.limit))]
            params += [(plan.direction, cursor)] if cursor else []
            page = first if first is not None and not walk.pages else self.page(params, label)
            if page.exchange.error_kind == UNRECORDED:
                return walk  # judging a recording that holds no answer: the walk ends here, unfinished, unblamed
            walk.pages.append(page)
            number = len(walk.pages)
            if page.problem:
                walk.stopped = f"page {number} ({page.exchange.describe()}): {page.problem}"
                return walk
            if said_false is not None:
                earlier = {step for seen in walk.pages[:-1] for step in seen.ids}
                if not set(page.ids) - earlier:
                    walk.reached_end = True  # nothing new: the end (a repeat of seen steps is cursor_walk's)
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
