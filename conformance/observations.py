"""What the suite saw, as plain data with no I/O: exchanges, pages, walks, and the observations of a run.

`transport` and `observe` produce these; checks, results and reports only read them. A real provider's full
list of steps is unknown, so a walk's completeness is established by cross-checking (see `Observations.steps`).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar, cast

from run_steps_client.wire import MAX_JSON_BYTES, NotJson, decode_json

T = TypeVar("T")
Params = Sequence[tuple[str, str]]
# The failure kind of a request a recording holds no answer for (judge), and serve --replay's marker of one.
UNRECORDED = "no-recorded-answer"
INTERRUPTED = "interrupted"  # the failure kind of the request a signal cut off, and of the probes never reached


@dataclass
class Exchange:
    """One request and what came back, or the network-level reason nothing usable came back."""

    method: str
    url: str
    request_headers: dict[str, str]
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None
    error_kind: str | None = None  # a conformance.failure_kinds.FailureKind (a str), or None
    retries_429: int = 0  # how many 429 answers were absorbed by retries before this one
    attempt: int = 1  # which attempt at the request this is (1, then 2, ... for retries after 429s)
    retried: bool = False  # a 429 the transport retried: the answer to the retry is a later exchange
    used_by: list[str] = field(default_factory=list)  # the labels of the probes that sent it (conformance.probes)
    started_at: datetime | None = None
    seq: int = -1  # its place among the run's exchanges (set when the run ends); what recordings cite it by
    _json: Any = field(default=None, repr=False)
    _json_error: str | None = field(default=None, repr=False)
    _decoded: bool = field(default=False, repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def retries_not_recorded(self) -> int:
        """The 429s retried before this answer that a recording does not hold as entries of their own (made
        before every attempt was an exchange: then `attempt` is 1 whatever `retries_429` says)."""
        return max(self.retries_429 - (self.attempt - 1), 0)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def json(self) -> Any:
        """The decoded body; raises ValueError (with the reason) if it is not JSON."""
        if not self._decoded:
            self._decoded = True
            try:
                self._json = decode_json(self.body, max_bytes=max(len(self.body), MAX_JSON_BYTES))
            except NotJson as exc:
                self._json_error = f"body is not JSON ({str(exc)[:100]})"
        if self._json_error:
            raise ValueError(self._json_error)
        return self._json

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """A fact read from this answer alone (its schema violations, say), computed on first use and kept with
        it, so that reading a run's root causes again costs nothing."""
        if name not in self._derived:
            self._derived[name] = compute()
        return cast(T, self._derived[name])

    def openai_error(self) -> dict[str, Any] | None:
        """The `error` object of an OpenAI error body, or None when the body is not one."""
        try:
            body = self.json()
        except ValueError:
            return None
        error = body.get("error") if isinstance(body, dict) else None
        return error if isinstance(error, dict) and isinstance(error.get("message"), str) else None

    def excerpt(self, size: int = 200) -> str:
        """The answer in one line: its status and the first `size` bytes of its body, whitespace folded."""
        if self.status is None:
            return self.error or "no answer"
        text = " ".join(self.body[:size].decode("utf-8", "replace").split())
        more = "…" if len(self.body) > size else ""
        return f"{self.status} {text}{more}" if text else f"{self.status} with an empty body"

    def what_was_answered(self) -> str:
        """`200 with 3 steps`, `200 with an empty page`, `403 {"detail":"Forbidden"}`: exact, for details."""
        if self.status is None or not 200 <= self.status < 300:
            return self.excerpt()
        try:
            body = self.json()
        except ValueError:
            return f"{self.status} with a body that is not JSON"
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            return f"{self.status} with a body that is not a page"
        if not data:
            return f"{self.status} with an empty page"
        return f"{self.status} with {len(data)} step{'s' if len(data) != 1 else ''}"

    def describe(self) -> str:
        """`GET /path?query -> 200` or `-> timeout after 5.0 s`, for check details."""
        outcome = self.error if self.error else str(self.status)
        return f"{self.method} {self.url} -> {outcome}"

    def curl(self, headers: Mapping[str, str] | None = None) -> str:
        """The request as a curl command; `headers` replaces the ones sent (to show masked values)."""
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(self.url)]
        for name, value in (self.request_headers if headers is None else headers).items():
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        return " ".join(parts)


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

    @property
    def query(self) -> str:
        """Its parameters as they were sent, `order=asc&limit=100` (or `no parameters`), for details."""
        return "&".join(f"{k}={v}" for k, v in self.params.items()) or "no parameters"

    @property
    def limit(self) -> int | None:
        raw = self.params.get("limit")
        return int(raw) if raw is not None and raw.isdigit() else None


def as_page(exchange: Exchange, params: Params) -> Page:
    page = Page(exchange, dict(params))
    if exchange.error:
        page.problem = exchange.error
    elif exchange.status != 200:
        page.problem = f"answered {exchange.excerpt(120)}"
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
class HasMoreLie:
    """A page that said has_more=false although the page after it (asked for anyway) held steps."""

    page_number: int
    page: Page
    next_page: Page


@dataclass
class Walk:
    """Pages fetched by following cursors from one end of the run, in one order, at one limit.

    A walk to the end (`max_pages` None) does not trust has_more=false on a full page: it asks for the next
    page anyway, and records a `HasMoreLie` if that page holds steps, so one wrong has_more does not cut the
    walk short and make every check that counts steps fail as an echo.
    """

    order: str
    direction: str  # "after" (forwards from the start) or "before" (backwards from the far end)
    limit: int
    max_pages: int | None = None  # None: to the end of the run
    pages: list[Page] = field(default_factory=list)
    stopped: str | None = None  # why the walk ended abnormally (the page that broke it is the last one)
    far_end: str | None = None  # for backward walks: the step the walk started before
    reached_end: bool = False  # the last page said (and a verification confirmed) that nothing follows
    lies: list[HasMoreLie] = field(default_factory=list)
    runaway: bool = False  # stopped because has_more stayed true: at its page cap, or on an empty page

    @property
    def label(self) -> str:
        span = "to the end" if self.max_pages is None else f"{self.max_pages} pages"
        return f"order={self.order} {self.direction} limit={self.limit} ({span})"

    @property
    def complete(self) -> bool:
        return self.max_pages is None and self.stopped is None and self.reached_end

    @property
    def ids(self) -> list[str]:
        """The steps seen, in the walk's `order` (backward walks are put back in reading order)."""
        if self.direction == "after":
            return [i for page in self.pages for i in page.ids]
        seen = [i for page in reversed(self.pages) for i in page.ids]
        return seen + ([self.far_end] if self.far_end else [])


@dataclass
class Observations:
    """Everything the semantic phase saw; checks are pure functions of this."""

    thread_id: str
    run_id: str
    walks: list[Walk] = field(default_factory=list)
    # The single probes' answers by their label (see `conformance.probes`, which says what lands where).
    probe_pages: dict[str, Page] = field(default_factory=dict)  # the answers that should be pages of steps
    answers: dict[str, Exchange] = field(default_factory=dict)  # the others: errors due, mostly
    requests: int = 0
    stopped: str | None = None  # why the probes ended before the plan was done (budget, broken provider)
    # Probes (by label; a walk's label too) that got no answer to judge: UNRECORDED (a recording holds none) or
    # INTERRUPTED (the run ended before). Their answers are absent; the checks that read them are not judged
    # unless what was answered shows a failure (conformance.runner).
    unanswered: dict[str, str] = field(default_factory=dict)

    def walk(self, order: str, direction: str, limit: int) -> Walk | None:
        return next(
            (w for w in self.walks if (w.order, w.direction, w.limit) == (order, direction, limit)),
            None,
        )

    @property
    def complete_walks(self) -> list[Walk]:
        return [w for w in self.walks if w.complete]

    @property
    def steps(self) -> int | None:
        """The number of steps in the run, when complete walks establish it: every complete walk saw the
        same set of steps, and no page showed more distinct steps than that. None otherwise."""
        complete = self.complete_walks
        if not complete:
            return None
        sets = [frozenset(w.ids) for w in complete]
        if any(s != sets[0] for s in sets) or any(len(w.ids) != len(sets[0]) for w in complete):
            return None
        if self.largest_page_steps > len(sets[0]):
            return None
        return len(sets[0])

    def walked_sequence(self, order: str) -> list[str] | None:
        """The steps the first complete walk saw, in `order` (whether or not the walks agree)."""
        complete = self.complete_walks
        if not complete:
            return None
        return complete[0].ids if complete[0].order == order else complete[0].ids[::-1]

    def sequence(self, order: str) -> list[str] | None:
        """Every step of the run in `order`, when the complete walks establish it (see `steps`)."""
        return self.walked_sequence(order) if self.steps is not None else None

    def own_sequence(self, order: str) -> list[str] | None:
        """The run's steps as a complete walk of `order` itself saw them, when the complete walks establish the
        run (see `steps`): steps sharing a created_at may come in each order its own way, so the other order's
        walk reversed is no stand-in (a probe placed from it would be judged against another tie order)."""
        if self.steps is None:
            return None
        return next((w.ids for w in self.complete_walks if w.order == order), None)

    @property
    def largest_page_steps(self) -> int:
        """The most distinct steps any single page showed: a lower bound on the run's size."""
        return max((len(set(p.ids)) for p in self.pages()), default=0)

    def pages(self) -> list[Page]:
        """Every answer that should have been a page of steps of this run."""
        return [*(p for w in self.walks for p in w.pages), *self.probe_pages.values()]
