"""What a request budget buys, planned from the run's size: the probes of the semantic phase (which decide the
core checks) come first, the schemathesis phase gets the rest. Pure arithmetic and data; `observe` sends what
is planned here.

Walks come in two kinds:
- complete walks at limit 100 (asc and desc forwards, desc backwards from the oldest step) establish the run's
  size and sequence cheaply;
- walks at small limits then exercise cursors across page boundaries in both orders and both directions.
  On a short run (one default page or less: real runs have one to five steps) they use limits of a third of
  the run and one more (1 and 2 on a run of up to five steps) and go to the end, so every page boundary,
  `has_more` true and false, and the verification past a full last page are all seen. On a longer run they
  stop after two pages at limits 7 and 20 and must agree with the start or end of the sequence: walking a
  250-step run at limit 7 to the end would cost 36 pages a walk for no extra power.

A walk never takes more pages than its plan allows (`walk_cap`): a provider whose has_more never turns false
fails the walk for that, and the other probes are still sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from conformance.contract import DEFAULT_LIMIT, MAX_LIMIT
from conformance.errors import BudgetTooSmall
from conformance.probes import BOUNDARY_LIMIT, PREFLIGHT, SENT

# The first request, also the first page of the first walk: the order=asc, limit=100 page.
PREFLIGHT_PARAMS = PREFLIGHT.params
# The fewest requests of the generated (schemathesis) phase that still judge each of its checks: split over the
# classes below, each class's cases are sent round-robin over their kinds (positive: boundaries, every enum
# value, optional parameters; negative: wrong types per parameter, a missing OpenAI-Beta, unexpected
# properties; hostile: every `conformance.hostile` kind), so each class's share holds every kind of it once.
SCHEMA_MIN_CASES = 40
# The classes of generated requests and their weights in the phase's requests: schema-valid cases, schema-invalid
# ones, and hostile-but-typed ones. At the minimum, 12, 14 and 14 requests; at the default size, a third each.
POSITIVE, NEGATIVE, HOSTILE = "positive", "negative", "hostile"
CLASS_WEIGHTS = {POSITIVE: 30, NEGATIVE: 35, HOSTILE: 35}
# The most requests spent shrinking the first failing hostile input; taken from the hostile share above what
# it holds at the minimum, so the minimum still sends every hostile kind.
SHRINK_MAX = 12
# A run of at most one default page is walked to the end at small limits.
SHORT_RUN = DEFAULT_LIMIT
# The smallest run on which a cursor crosses a page boundary and has_more is seen true: below it the verdict
# can be no better than incomplete.
MIN_JUDGED_STEPS = 2
# Pages a walk to the end of a run of unknown size may take beyond its plan when no budget says otherwise:
# 100 more pages of 100 steps is far beyond any real run.
UNBOUNDED_SLACK = 100


def class_shares(budget: int, available: Mapping[str, int]) -> dict[str, int]:
    """`budget` requests split over the classes by `CLASS_WEIGHTS` (largest remainders round), each capped at
    what it `available`ly has; what a capped class cannot use goes to the others, by weight."""
    shares = {name: 0 for name in CLASS_WEIGHTS}
    open_classes = [name for name in CLASS_WEIGHTS if available.get(name, 0) > 0]
    left = budget
    while open_classes and left > 0:
        split = _by_weight(left, open_classes)
        capped = [name for name in open_classes if split[name] >= available[name]]
        if not capped:
            shares.update(split)
            break
        for name in capped:
            shares[name] = available[name]
            left -= available[name]
            open_classes.remove(name)
    return shares


def _by_weight(total: int, names: list[str]) -> dict[str, int]:
    weight = sum(CLASS_WEIGHTS[n] for n in names)
    exact = {n: total * CLASS_WEIGHTS[n] / weight for n in names}
    shares = {n: int(exact[n]) for n in names}
    for n in sorted(names, key=lambda n: (shares[n] - exact[n], names.index(n)))[: total - sum(shares.values())]:
        shares[n] += 1
    return shares


# Each class's share of the minimum: what judges its checks when a budget cuts the phase short.
MIN_CLASS_CASES = class_shares(SCHEMA_MIN_CASES, {name: SCHEMA_MIN_CASES for name in CLASS_WEIGHTS})


def hostile_split(share: int) -> tuple[int, int]:
    """The hostile share as (cases, requests kept for shrinking the first failing one)."""
    shrink = min(SHRINK_MAX, max(share - MIN_CLASS_CASES[HOSTILE], 0))
    return share - shrink, shrink


@dataclass(frozen=True)
class WalkPlan:
    order: str
    direction: str  # after: from the start of `order`; before: backwards from its far end
    limit: int
    max_pages: int | None  # None: to the end


COMPLETE_WALKS = (
    WalkPlan("asc", "after", MAX_LIMIT, None),  # its first page is the preflight page
    WalkPlan("desc", "after", MAX_LIMIT, None),
    WalkPlan("desc", "before", MAX_LIMIT, None),
)
LONG_RUN_WALKS = (
    WalkPlan("asc", "after", BOUNDARY_LIMIT, 2),
    WalkPlan("desc", "before", BOUNDARY_LIMIT, 2),
    WalkPlan("desc", "after", DEFAULT_LIMIT, 2),
    WalkPlan("asc", "before", DEFAULT_LIMIT, 2),
)


def small_limits(steps: int) -> tuple[int, int]:
    """The two limits a short run is walked at: pages of about a third of the run, and one more."""
    first = max(1, steps // 3)
    return first, first + 1


def short_walks(steps: int | None) -> tuple[WalkPlan, ...]:
    """The walks at small limits for a run of `steps` steps (None: not known, more than a page of 100)."""
    if steps is None or steps > SHORT_RUN:
        return LONG_RUN_WALKS
    if steps == 0:
        return ()  # no step to put in a cursor: the complete walks see the one empty page
    first, second = small_limits(steps)
    return (
        WalkPlan("asc", "after", first, None),
        WalkPlan("desc", "before", first, None),
        WalkPlan("desc", "after", second, None),
        WalkPlan("asc", "before", second, None),
    )


def walks(steps: int | None) -> tuple[WalkPlan, ...]:
    return COMPLETE_WALKS + short_walks(steps)


def walk_pages(plan: WalkPlan, steps: int) -> int:
    """Requests one walk costs on a correct provider with `steps` steps."""
    if plan.direction == "before" and steps == 0:
        return 0  # no step to start before
    span = steps if plan.direction == "after" else steps - 1  # before-walks start at a step
    needed = max(ceil(span / plan.limit), 1)
    if plan.max_pages is not None:
        return min(needed, plan.max_pages)
    # A last page that is exactly full and says has_more=false is verified with one more request.
    return needed + (1 if span and span % plan.limit == 0 else 0)


def walk_cap(plan: WalkPlan, steps: int, slack: int = 0) -> int:
    """The most pages a walk may take: its pages on a correct provider with `steps` steps, one more (a
    has_more=true on the last page is shown by the empty page after it), and `slack` more for a walk to the
    end of a run whose size is only a lower bound."""
    if plan.max_pages is not None:
        return plan.max_pages
    return walk_pages(plan, steps) + 1 + max(slack, 0)


def semantic_requests(steps: int) -> int:
    """Requests the semantic phase sends (the preflight included) on a correct provider with `steps` steps."""
    return sum(walk_pages(w, steps) for w in walks(steps)) + single_requests(steps)


def single_requests(steps: int) -> int:
    """Requests the single probes (every declared one but the preflight, see `probes.SENT`) cost."""
    return sum(1 for probe in SENT if probe.sent_on(steps))


def minimum_budget(steps: int) -> int:
    """The smallest --max-requests that judges every core check of a run with `steps` steps."""
    return semantic_requests(steps) + SCHEMA_MIN_CASES


def require_budget(budget: int | None, steps: int, lower_bound: bool = False) -> None:
    """Raise BudgetTooSmall when `budget` is below a full verdict's minimum for a run of `steps` steps (with
    `lower_bound`, of at least `steps` steps: the first page showed only that many)."""
    minimum = minimum_budget(steps)
    if budget is None or budget >= minimum:
        return
    needs = (
        f"at least the {minimum} requests a full verdict needs for a run of over {steps - 1} steps (the exact "
        "minimum is known once the first walk has counted them)"
        if lower_bound
        else f"the {minimum} requests a full verdict needs for this run ({steps} steps)"
    )
    raise BudgetTooSmall(f"--max-requests {budget} is below {needs}; raise it, or add --allow-incomplete")
