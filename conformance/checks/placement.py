"""Where a page belongs in the run: the slice of the run's sequence that its parameters select, and whether
steps remain beyond it, by the cursor rules of OpenAI's list endpoints.

Sorted by created_at in `order` (default desc), steps that share one as the provider's walks of that order
put them; `after=X` starts right after X; `before=X` holds the
`limit` steps just before X, in the same order; X itself is never included; `has_more` is true exactly when
steps remain beyond the page in the direction of travel (backwards for `before` alone, onwards otherwise).
Used only with a sequence the complete walks agree on (`Observations.sequence`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from conformance.contract import DEFAULT_LIMIT


@dataclass(frozen=True)
class Placement:
    ids: list[str]  # the steps the page must hold, in its order
    has_more: bool  # whether steps remain beyond it in its direction of travel
    remaining: int  # how many


def place(ascending: list[str], params: Mapping[str, str], descending: list[str] | None = None) -> Placement | None:
    """The page `params` select from a run whose steps are `ascending` (and `descending`, when the provider
    puts steps that share a created_at in another order there; else `ascending` reversed); None when the
    parameters name a step outside the run or are not a valid request (those answers are other checks')."""
    order = params.get("order", "desc")
    raw = params.get("limit", str(DEFAULT_LIMIT))
    if order not in ("asc", "desc") or not raw.isdigit() or not 1 <= int(raw) <= 100:
        return None
    limit = int(raw)
    sequence = ascending if order == "asc" else (descending if descending is not None else ascending[::-1])
    position = {step: n for n, step in enumerate(sequence)}
    after, before = params.get("after"), params.get("before")
    if (after is not None and after not in position) or (before is not None and before not in position):
        return None
    start = position[after] + 1 if after is not None else 0
    stop = max(position[before] if before is not None else len(sequence), start)
    if before is not None and after is None:
        first = max(start, stop - limit)
        return Placement(sequence[first:stop], first > start, first - start)
    last = min(stop, start + limit)
    return Placement(sequence[start:last], last < stop, stop - last)
