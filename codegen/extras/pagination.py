"""Iterate over every step of a run, page after page, as typed `RunStep` models; sync and async.

Forwards (the default) it asks for the next page with `after` = the last id while `has_more` is true. Started
with `before` it walks backwards: each page holds the steps just before the cursor, yielded nearest first,
then `before` = the first id of that page. An error answer raises `ApiError`.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from .api_error import ApiError

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client
    from .models.error_response import ErrorResponse
    from .models.list_run_steps_include_item import ListRunStepsIncludeItem
    from .models.list_run_steps_order import ListRunStepsOrder
    from .models.list_run_steps_response import ListRunStepsResponse
    from .models.run_step import RunStep
    from .types import Response, Unset

# httpx and the models load on the first page requested, not on import (see the package's __init__).

__all__ = ["ApiError", "aiter_run_steps", "iter_run_steps"]


T = TypeVar("T")


def _or_unset(value: T | None) -> T | Unset:
    from .types import UNSET

    return UNSET if value is None else value


def _page_of(response: Response[ErrorResponse | ListRunStepsResponse]) -> ListRunStepsResponse:
    from .models.list_run_steps_response import ListRunStepsResponse

    if isinstance(response.parsed, ListRunStepsResponse) and response.status_code == 200:
        return response.parsed
    raise ApiError.from_response(int(response.status_code), response.content, response.headers)


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
                raise ApiError(200, f"the provider sent the page after {nxt!r} again; stopping to avoid a loop")
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
    from .api.assistants import list_run_steps

    cursor = _Cursor(after, before)
    included = _or_unset(list(include) if include is not None else None)
    while not cursor.done:
        response = list_run_steps.sync_detailed(
            thread_id,
            run_id,
            client=client,
            limit=_or_unset(limit),
            order=_or_unset(order),
            include=included,
            after=_or_unset(cursor.after),
            before=_or_unset(cursor.before),
        )
        yield from cursor.advance(_page_of(response))


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
    from .api.assistants import list_run_steps

    cursor = _Cursor(after, before)
    included = _or_unset(list(include) if include is not None else None)
    while not cursor.done:
        response = await list_run_steps.asyncio_detailed(
            thread_id,
            run_id,
            client=client,
            limit=_or_unset(limit),
            order=_or_unset(order),
            include=included,
            after=_or_unset(cursor.after),
            before=_or_unset(cursor.before),
        )
        for step in cursor.advance(_page_of(response)):
            yield step
