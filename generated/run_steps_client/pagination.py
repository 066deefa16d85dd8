"""Iterate over every step of a run, page after page, as typed `RunStep` models; sync and async.

Forwards (the default) it asks for the next page with `after` = the last id while `has_more` is true. Started
with `before` it walks backwards: each page holds the steps just before the cursor, yielded nearest first,
then `before` = the first id of that page. Errors come from one family (`api_error`): `ApiError` by status,
`ApiConnectionError`/`ApiTimeoutError`, `DecodeError`, and `PaginationError` when the provider sends a page
again.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
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


class _Cursor:
    """Which cursor to send next and when to stop; shared by the sync and async iterators."""

    def __init__(self, after: str | None, before: str | None) -> None:
        self.backwards = before is not None and after is None
        self.after = after
        self.before = before
        self.done = False

    def advance(self, page: ListRunStepsResponse) -> list[RunStep]:
        """The page's steps in iteration order; moves the cursor past them."""
        steps = page.data
        if not steps or not page.has_more:
            self.done = True
        if steps:
            nxt = steps[0].id if self.backwards else steps[-1].id
            if nxt == (self.before if self.backwards else self.after):
                raise PaginationError(f"the provider sent the page after {nxt!r} again; stopping to avoid a loop")
            if self.backwards:
                self.before = nxt
            else:
                self.after = nxt
        return list(reversed(steps)) if self.backwards else steps


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
) -> Iterator[RunStep]:
    """Every step of the run from the cursor on (see the module docstring for the direction)."""
    cursor = _Cursor(after, before)
    while not cursor.done:
        page = list_run_steps(
            client, thread_id, run_id, limit=limit, order=order, include=include,
            after=cursor.after, before=cursor.before,
        )  # fmt: skip
        yield from cursor.advance(page)


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
) -> AsyncIterator[RunStep]:
    """`iter_run_steps`, async (uses the client's httpx.AsyncClient)."""
    cursor = _Cursor(after, before)
    while not cursor.done:
        page = await alist_run_steps(
            client, thread_id, run_id, limit=limit, order=order, include=include,
            after=cursor.after, before=cursor.before,
        )  # fmt: skip
        for step in cursor.advance(page):
            yield step
