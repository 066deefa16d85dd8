"""Phase two, first half: the requests of the semantic checks, and what was seen, as plain data.

The checks in `conformance.checks` are pure functions over an `Observations`; nothing there sends requests.
A real provider's full list of steps is unknown, so walks are compared with each other: every order,
direction and limit must see the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from conformance.spec import INCLUDE_CONTENT
from conformance.transport import Exchange, Params, Transport

WALK_LIMITS = (7, 20, 100)
MISSING_RUN = "run_conformance_missing"
MISSING_THREAD = "thread_conformance_missing"
UNKNOWN_CURSOR = "step_conformance_unknown"


@dataclass
class Page:
    """One answer that should be a page of steps, and what is wrong with it if it is not."""

    exchange: Exchange
    params: dict[str, str]
    body: dict[str, Any] | None = None
    problem: str | None = None

    # Cached: every check reads them, and `body` is settled by the time anything does (see `as_page`).
    @cached_property
    def data(self) -> list[dict[str, Any]]:
        items = (self.body or {}).get("data")
        return [s for s in items if isinstance(s, dict)] if isinstance(items, list) else []

    @cached_property
    def ids(self) -> list[str]:
        return [str(s.get("id")) for s in self.data]

    @property
    def has_more(self) -> Any:
        return (self.body or {}).get("has_more")


def as_page(exchange: Exchange, params: Params) -> Page:
    page = Page(exchange, dict(params))
    if exchange.error:
        page.problem = exchange.error
    elif exchange.status != 200:
        page.problem = f"HTTP {exchange.status}"
    else:
        try:
            body = exchange.json()
        except ValueError as exc:
            page.problem = str(exc)
        else:
            if isinstance(body, dict) and isinstance(body.get("data"), list):
                page.body = body
            else:
                page.problem = "body is not a list object with `data`"
    return page


@dataclass
class Walk:
    order: str
    direction: str  # "after" (forwards from the start) or "before" (backwards from the far end)
    limit: int
    pages: list[Page] = field(default_factory=list)
    stopped: str | None = None  # why the walk ended abnormally
    far_end: str | None = None  # for backward walks: the step the walk started before

    @property
    def label(self) -> str:
        return f"order={self.order} {self.direction} limit={self.limit}"

    @property
    def ids(self) -> list[str]:
        """The steps seen, in the walk's `order` (backward walks are put back in reading order)."""
        if self.direction == "after":
            return [i for page in self.pages for i in page.ids]
        seen = [i for page in reversed(self.pages) for i in page.ids]
        return seen + ([self.far_end] if self.far_end else [])


@dataclass
class Observations:
    thread_id: str
    run_id: str
    walks: list[Walk] = field(default_factory=list)
    default_page: Page | None = None
    limit_pages: dict[int, Page] = field(default_factory=dict)
    include_pages: dict[bool, Page] = field(default_factory=dict)
    no_key: Exchange | None = None
    wrong_key: Exchange | None = None
    bad_requests: dict[str, Exchange] = field(default_factory=dict)  # "limit=0" -> answer
    missing: dict[str, Exchange] = field(default_factory=dict)  # "run" / "thread" -> answer
    unknown_cursor: Exchange | None = None
    requests: int = 0


class Observer:
    def __init__(
        self,
        transport: Transport,
        thread_id: str,
        run_id: str,
        without_key: dict[str, str],
        wrong_key: dict[str, str],
        limits: tuple[int, ...] = WALK_LIMITS,
    ) -> None:
        self.transport = transport
        self.seen = Observations(thread_id, run_id)
        self.without_key = without_key
        self.wrong_key = wrong_key
        self.limits = limits

    def path(self, thread_id: str | None = None, run_id: str | None = None) -> str:
        return f"/threads/{thread_id or self.seen.thread_id}/runs/{run_id or self.seen.run_id}/steps"

    def fetch(self, params: Params, path: str | None = None, headers: dict[str, str] | None = None) -> Exchange:
        self.seen.requests += 1
        return self.transport.get(path or self.path(), params, headers)

    def page(self, params: Params) -> Page:
        return as_page(self.fetch(params), params)

    def observe(self) -> Observations:
        """Every probe, in an order that stops early if the provider breaks (the transport's breaker)."""
        for order in ("asc", "desc"):
            for limit in self.limits:
                forward = self.walk(order, "after", limit)
                self.seen.walks.append(forward)
                if forward.stopped is None and forward.ids:
                    self.seen.walks.append(self.walk(order, "before", limit, far_end=forward.ids[-1]))
        self.seen.default_page = self.page(())
        for limit in (1, 100):
            self.seen.limit_pages[limit] = self.page([("limit", str(limit))])
        for include in (False, True):
            params = [("limit", "100")] + ([("include[]", INCLUDE_CONTENT)] if include else [])
            self.seen.include_pages[include] = self.page(params)
        self.seen.no_key = self.fetch([("limit", "1")], headers=self.without_key)
        self.seen.wrong_key = self.fetch([("limit", "1")], headers=self.wrong_key)
        for name, params in {
            "limit=0": [("limit", "0")],
            "limit=101": [("limit", "101")],
            "order=sideways": [("order", "sideways")],
        }.items():
            self.seen.bad_requests[name] = self.fetch(params)
        self.seen.missing["run"] = self.fetch((), self.path(run_id=MISSING_RUN))
        self.seen.missing["thread"] = self.fetch((), self.path(thread_id=MISSING_THREAD))
        self.seen.unknown_cursor = self.fetch([("after", UNKNOWN_CURSOR)])
        return self.seen

    def walk(self, order: str, direction: str, limit: int, far_end: str | None = None) -> Walk:
        walk = Walk(order, direction, limit, far_end=far_end)
        cursor = far_end
        seen_cursors: set[str] = set()
        # Far more pages than any real run needs at this limit is a loop, not a long run.
        for _ in range(10_000 // limit + 10):
            params = [("order", order), ("limit", str(limit))] + ([(direction, cursor)] if cursor else [])
            page = self.page(params)
            walk.pages.append(page)
            if page.problem:
                walk.stopped = f"page {len(walk.pages)} ({page.exchange.describe()}): {page.problem}"
                return walk
            if page.has_more is not True:
                return walk
            if not page.ids:
                walk.stopped = f"page {len(walk.pages)} is empty but says has_more=true"
                return walk
            cursor = page.ids[-1] if direction == "after" else page.ids[0]
            if cursor in seen_cursors:
                walk.stopped = f"page {len(walk.pages)} leads back to cursor {cursor} (a loop)"
                return walk
            seen_cursors.add(cursor)
        walk.stopped = f"gave up after {len(walk.pages)} pages"
        return walk
