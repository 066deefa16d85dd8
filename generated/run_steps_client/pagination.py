"""Iterate over every step of a run, page after page, as typed `RunStep` models; sync and async.

Forwards (the default) it asks for the next page with `after` = the last id while `has_more` is true. Started
with `before` it walks backwards through the list in the order asked for: each page holds the steps just before
the cursor, yielded nearest first, then `before` = the first id of that page. "Before" is in the list's
`order`, not in time: with `order="asc"` (oldest first), `before=ID` walks back in time from that step to the
run's first step; with the default `order="desc"` (newest first) it walks towards the newest step (and yields
nothing when ID is the newest). Errors come from one family (`api_error`): `ApiError` by status,
`ApiConnectionError`/`ApiTimeoutError`, `DecodeError`, and `PaginationError` when a page leads back to a
cursor this walk already used (a loop of pages, of any length).

Walks end: besides loops, `max_pages` (requests) and `max_steps` (steps yielded) stop a walk quietly at
that many (default: no cap, so a provider whose `has_more` never turns false with ever new ids walks on);
`deadline` bounds each request (see `steps`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING

from .api_error import ApiError, PaginationError
from .steps import alist_run_steps, list_run_steps

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client
    from .models.list_run_steps_include_item import ListRunStepsIncludeItem
    from .models.list_run_steps_order import ListRunStepsOrder
    from .models.list_run_steps_response import ListRunStepsResponse
    from .models.run_step import RunStep

# httpx and the models load on the first page requested, not on import (see the package's __init__).

__all__ = ["ApiError", "PaginationError", "aiter_run_steps", "iter_run_steps"]


class _Walk:
    """Which cursor to send next and when to stop; shared by the sync and async iterators."""

    def __init__(self, after: str | None, before: str | None, max_pages: int | None, max_steps: int | None) -> None:
        for name, cap in (("max_pages", max_pages), ("max_steps", max_steps)):
            if cap is not None and cap < 0:
                raise ValueError(f"{name} must be zero or more, not {cap!r}")
        self.backwards = before is not None and after is None
        self.after = after
        self.before = before
        start = before if self.backwards else after
        self.used: set[str] = {start} if start is not None else set()  # every cursor this walk has sent
        self.pages_left = max_pages
        self.steps_left = max_steps
        self.done = max_pages == 0 or max_steps == 0

    def advance(self, page: ListRunStepsResponse) -> list[RunStep]:
        """The page's steps in iteration order (up to `max_steps`); moves the cursor past them."""
        steps = page.data
        if self.pages_left is not None:
            self.pages_left -= 1
        if not steps or not page.has_more or self.pages_left == 0:
            self.done = True
        if steps:
            nxt = steps[0].id if self.backwards else steps[-1].id
            if nxt in self.used:
                raise PaginationError(
                    f"the provider led back to cursor {nxt!r} again, after {len(self.used)} distinct cursor(s): "
                    "its pages form a loop; stopping"
                )
            self.used.add(nxt)
            if self.backwards:
                self.before = nxt
            else:
                self.after = nxt
        ordered = list(reversed(steps)) if self.backwards else steps
        if self.steps_left is not None:
            ordered = ordered[: self.steps_left]
            self.steps_left -= len(ordered)
            if self.steps_left == 0:
                self.done = True
        return ordered


def iter_run_steps(
    client: AuthenticatedClient | Client,
    thread_id: str,
    run_id: str,
    *,
    limit: int | None = None,
    order: ListRunStepsOrder | None = None,
    after: str | None = None,
    before: str | None = None,
    include: Sequence[ListRunStepsIncludeItem] | None = None,
    max_pages: int | None = None,
    max_steps: int | None = None,
    deadline: float | None = None,
) -> Iterator[RunStep]:
    """Every step of the run, page after page, as `RunStep` models; requests are made as you iterate.

    `limit`: steps per request (1 to 100; the provider's default, 20, when None). `order`: `"asc"` (oldest
    first) or `"desc"` (newest first; the provider's default). `after=ID`: start past that step. `before=ID`:
    walk backwards from that step, in the list's order, nearest first: with `order="asc"` that is back in time
    (with `"desc"`, towards the newest; see the module docstring). `include`: a list of extra fields, e.g.
    `["step_details.tool_calls[*].file_search.results[*].content"]` (one string is refused with a TypeError).
    `max_pages` / `max_steps`: stop quietly after that many requests / steps. `deadline`: seconds per request,
    connect to last body byte (default: the client's). Raises only `RunStepsError`s (and TypeError/ValueError
    for arguments that make no sense, before anything is sent)."""
    walk = _Walk(after, before, max_pages, max_steps)
    while not walk.done:
        page = list_run_steps(
            client, thread_id, run_id, limit=limit, order=order, include=include,
            after=walk.after, before=walk.before, deadline=deadline,
        )  # fmt: skip
        yield from walk.advance(page)


async def aiter_run_steps(
    client: AuthenticatedClient | Client,
    thread_id: str,
    run_id: str,
    *,
    limit: int | None = None,
    order: ListRunStepsOrder | None = None,
    after: str | None = None,
    before: str | None = None,
    include: Sequence[ListRunStepsIncludeItem] | None = None,
    max_pages: int | None = None,
    max_steps: int | None = None,
    deadline: float | None = None,
) -> AsyncIterator[RunStep]:
    """`iter_run_steps`, async (uses the client's httpx.AsyncClient)."""
    walk = _Walk(after, before, max_pages, max_steps)
    while not walk.done:
        page = await alist_run_steps(
            client, thread_id, run_id, limit=limit, order=order, include=include,
            after=walk.after, before=walk.before, deadline=deadline,
        )  # fmt: skip
        for step in walk.advance(page):
            yield step
