"""What a request budget buys: the probes of the semantic phase (which decide the core checks) come first,
the schemathesis phase gets the rest. Pure arithmetic and data; `observe` sends what is planned here.

Walks: complete walks at limit 100 (asc and desc forwards, desc backwards from the oldest step) establish the
run's size and sequence cheaply; short walks at limits 7 and 20 (three and two pages) then exercise cursors
at small page sizes in both orders and both directions, and must agree with the start or end of that
sequence. Walking a 250-step run at limit 7 to the end would cost 36 pages a walk for no extra power.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from conformance.contract import INCLUDE_CONTENT, MAX_LIMIT

# The first request, also the first page of the first walk: the order=asc, limit=100 page.
PREFLIGHT_PARAMS = (("order", "asc"), ("limit", str(MAX_LIMIT)))
# The fewest schemathesis cases that still give each of its checks cases to judge: coverage cases are sent
# round-robin over their kinds (positive, boundaries, wrong types per parameter, a missing OpenAI-Beta,
# unexpected properties), so the first 40 hold every kind at least twice, most of them.
SCHEMA_MIN_CASES = 40
BOUNDARY_LIMIT = 7

# Invalid inputs the operation defines, each of which must be refused with a 400 naming its parameter.
INVALID_INPUTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "limit=0": ("limit", (("limit", "0"),)),
    "limit=101": ("limit", (("limit", "101"),)),
    "limit=-1": ("limit", (("limit", "-1"),)),
    "limit=abc": ("limit", (("limit", "abc"),)),
    "limit= (empty)": ("limit", (("limit", ""),)),
    "order=sideways": ("order", (("order", "sideways"),)),
    "order= (empty)": ("order", (("order", ""),)),
    "include[]=step_details.unknown": ("include[]", (("include[]", "step_details.unknown"),)),
}
INCLUDE_PARAMS = (*PREFLIGHT_PARAMS, ("include[]", INCLUDE_CONTENT))


@dataclass(frozen=True)
class WalkPlan:
    order: str
    direction: str  # after: from the start of `order`; before: backwards from its far end
    limit: int
    max_pages: int | None  # None: to the end


WALKS = (
    WalkPlan("asc", "after", 100, None),  # its first page is the preflight page
    WalkPlan("desc", "after", 100, None),
    WalkPlan("desc", "before", 100, None),
    WalkPlan("asc", "after", 7, 3),
    WalkPlan("desc", "before", 7, 3),
    WalkPlan("desc", "after", 20, 2),
    WalkPlan("asc", "before", 20, 2),
)
# One request each: the default page, limit=1, include[], the has_more boundary, no key, wrong key, unknown
# run, unknown thread, unknown after and before cursors, and every invalid input.
SINGLE_PROBES = 10 + len(INVALID_INPUTS)


def walk_pages(plan: WalkPlan, steps: int) -> int:
    """Requests one walk costs on a correct provider with `steps` steps."""
    span = steps if plan.direction == "after" else max(steps - 1, 0)  # before-walks start at a step
    if plan.direction == "before" and steps == 0:
        return 0  # no step to start before
    needed = max(ceil(span / plan.limit), 1)
    if plan.max_pages is not None:
        return min(needed, plan.max_pages)
    # A last page that is exactly full and says has_more=false is verified with one more request.
    return needed + (1 if span and span % plan.limit == 0 else 0)


def semantic_requests(steps: int) -> int:
    """Requests the semantic phase sends (the preflight included) on a correct provider with `steps` steps."""
    return sum(walk_pages(w, steps) for w in WALKS) + SINGLE_PROBES


def minimum_budget(steps: int) -> int:
    """The smallest --max-requests that judges every core check of a run with `steps` steps."""
    return semantic_requests(steps) + SCHEMA_MIN_CASES
