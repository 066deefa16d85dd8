"""What the pagination checks share about pages and walks: what a page held (for details), timestamps as
numbers, and each order's sequence of steps with ties left unordered.

The operation sorts by `created_at` only: steps that share a second may come in any order, and each order
(asc, desc) may put them its own way. A walk is right when it holds every step once, in created_at order, and
its pages continue where the page before ended; two walks agree when they hold the same steps at the same
created_at, whatever the order within a tie (`disagreement`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TypeGuard

from conformance.observations import Observations, Page

ORDERS = ("asc", "desc")


def is_number(value: object) -> TypeGuard[int | float]:
    """A JSON number (int or float, never a boolean): what a timestamp means, whatever its wire form."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def steps_word(count: int) -> str:
    return f"{count} step{'s' if count != 1 else ''}"


def json_word(value: object) -> str:
    return "null" if value is None else "true" if value is True else "false" if value is False else str(value)


def held(page: Page) -> str:
    """What a page held, for a failure's detail: its ids (the first and last few), has_more, first_id and
    last_id, e.g. `the page held 3 steps [a, b, c], has_more=false, first_id=a, last_id=c`."""
    if page.body is None:
        return f"the page held no page of steps ({page.problem})"
    ids = page.ids
    shown = ", ".join(ids) if len(ids) <= 6 else ", ".join(ids[:3]) + ", …, " + ", ".join(ids[-3:])
    facts = ", ".join(f"{k}={json_word(page.body.get(k))}" for k in ("has_more", "first_id", "last_id"))
    return f"the page held {steps_word(len(ids))} [{shown}], {facts}"


def stamps(seen: Observations) -> dict[str, object]:
    """Each step's created_at, as the pages said it."""
    return {str(s.get("id")): s.get("created_at") for p in seen.pages() for s in p.data}


def sequences(seen: Observations) -> dict[str, list[str]]:
    """Each order's sequence of the run's steps: its first complete walk's, or the other order's reversed."""
    found: dict[str, list[str]] = {}
    for walk in seen.complete_walks:
        found.setdefault(walk.order, walk.ids)
    for order, other in (ORDERS, ORDERS[::-1]):
        if order not in found and other in found:
            found[order] = found[other][::-1]
    return found


def disagreement(ids: Sequence[str], want: Sequence[str], at: dict[str, object]) -> int | None:
    """Where `ids` stops agreeing with `want` (same length expected), ties unordered: None when both hold
    the same created_at at every place and the same steps within each shared created_at (a tie at either
    end of `want` may be cut there, and hold any of its steps)."""
    for index, (got, wanted) in enumerate(zip(ids, want, strict=False)):
        if got != wanted and at.get(got, got) != at.get(wanted, wanted):
            return index
    if len(ids) != len(want):
        return min(len(ids), len(want))
    if not ids:
        return None
    cut = {at.get(want[0], want[0]), at.get(want[-1], want[-1])}  # a tie at either end may be cut there
    mine, theirs = Counter(ids), Counter(want)
    for index, step in enumerate(ids):
        if at.get(step, step) not in cut and mine[step] != theirs[step]:
            return index
    return None


def on_other_pages(seen: Observations) -> list[tuple[Page, set[str]]]:
    """Each walk page with the steps it shares with another page of its walk: a step out of place because it
    comes again is cursor_walk's to report, not order's (the same answer may sit in two walks: by identity)."""
    found: list[tuple[Page, set[str]]] = []
    for walk in seen.walks:
        for page in walk.pages:
            others = {i for p in walk.pages if p is not page for i in p.ids}
            found.append((page, others & set(page.ids)))
    return found


def repeated_on(page: Page, found: list[tuple[Page, set[str]]]) -> set[str]:
    return set().union(*(steps for p, steps in found if p is page))
