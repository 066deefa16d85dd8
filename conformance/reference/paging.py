"""Cursor pagination as OpenAI's list endpoints do it, over a run's steps held in ascending order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


class UnknownCursor(ValueError):
    """`after` or `before` names no step of this run."""

    def __init__(self, param: str, value: str) -> None:
        super().__init__(f"{param}={value!r} is not the id of a step of this run")
        self.param = param
        self.value = value


@dataclass(frozen=True)
class Slice:
    items: list[Any]
    has_more: bool


def paginate(
    ascending: Sequence[Any],
    position: dict[str, int],
    *,
    order: str,
    limit: int,
    after: str | None,
    before: str | None,
    inclusive: bool = False,
    second: Callable[[Any], Any] | None = None,
) -> Slice:
    """One page of `ascending` (sorted by created_at, then id) in `order`.

    `after=X` starts right after X in that order; `before=X` returns the `limit` items just before X, still in
    that order. X itself is left out (`inclusive` keeps it, for the cursor-inclusive fault). `has_more` says
    whether items remain beyond the page in the direction of travel: onwards for `after` or no cursor,
    backwards for `before` alone. `second` (for the ties-cursor-by-time fault) makes a cursor skip every item
    that shares its second, as a cursor that compares created_at alone does.
    """
    size = len(ascending)

    def window(first: int, last: int) -> list[Any]:
        """Items first..last-1 of the list in `order`, without copying the whole run."""
        if order == "asc":
            return list(ascending[first:last])
        return [ascending[size - 1 - i] for i in range(first, last)]

    def index_of(param: str, cursor: str) -> int:
        if cursor not in position:
            raise UnknownCursor(param, cursor)
        at = position[cursor]
        return at if order == "asc" else size - 1 - at

    start, stop = 0, size
    if after is not None:
        start = index_of("after", after) + (0 if inclusive else 1)
        if second is not None:
            while start < size and second(window(start, start + 1)[0]) == second(window(start - 1, start)[0]):
                start += 1
    if before is not None:
        stop = index_of("before", before) + (1 if inclusive else 0)
        if second is not None:
            while 0 < stop < size and second(window(stop - 1, stop)[0]) == second(window(stop, stop + 1)[0]):
                stop -= 1
    stop = max(stop, start)
    if before is not None and after is None:
        first = max(start, stop - limit)
        return Slice(window(first, stop), has_more=first > start)
    last = min(stop, start + limit)
    return Slice(window(start, last), has_more=last < stop)
