"""Cursor walks, ordering, has_more, first_id/last_id, limit, and the end of the run (the page sizes are
`page_size`'s).

Checks that count the run's steps use `Observations.steps`, which only complete, mutually consistent walks
establish; without it they judge what single pages show, or skip with "depends on cursor_walk". What the run
is too short to show is `unobservable`, with the run that would show it.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qsl, urlsplit

from conformance.checks.placement import place
from conformance.checks.registry import (
    FIRST_LAST,
    HAS_MORE,
    MEMBERSHIP,
    STATUS,
    STEP_COUNT,
    STEP_IDS,
    STEP_ORDER,
    Severity,
    semantic,
)
from conformance.checks.walks import (
    disagreement,
    held,
    is_number,
    on_other_pages,
    repeated_on,
    sequences,
    stamps,
)
from conformance.contract import DEFAULT_LIMIT, MAX_LIMIT
from conformance.observations import Observations, Page, Walk, as_page
from conformance.outcome import Outcome
from conformance.plan import MIN_JUDGED_STEPS
from conformance.probes import BOUNDARY, DEFAULT_PAGE, PAGES, PAST_END, PAST_END_PROBES, answers

NO_TOTAL = "depends on cursor_walk: no complete walks agreed on the run's steps"


def needs_steps(count: int) -> str:
    return f"a run of {count}+ steps"


def _steps(count: int) -> str:
    return f"{count} step{'s' if count != 1 else ''}"


def _page_holding(walk: Walk, index: int) -> Page:
    """The page of `walk` that holds its `index`th step in reading order (the last page when past the end)."""
    count = 0
    for page in walk.pages if walk.direction == "after" else reversed(walk.pages):
        count += len(page.ids)
        if index < count:
            return page
    return walk.pages[-1] if walk.direction == "after" else walk.pages[0]


def _previous(walk: Walk, page: Page) -> Page | None:
    index = walk.pages.index(page)
    return walk.pages[index - 1] if index > 0 else None


def _failed_at(detail: str, walk: Walk, page: Page, cases: int = 0, whole_walk: bool = True) -> Outcome:
    """A walk failure pointing at the page that shows it, with the page before it (`previous_request`); its evidence is
    every page of the walk (a page's own failure explains the walk's), or with `whole_walk` False that page."""
    before = _previous(walk, page)
    where = f" (page {walk.pages.index(page) + 1}: {page.exchange.describe()}; {held(page)}"
    where += f", after page {walk.pages.index(before) + 1})" if before is not None else ")"
    previous = before.exchange if before is not None else None
    evidence = [p.exchange for p in walk.pages] if whole_walk else [page.exchange]
    return Outcome.failed(detail + where, page.exchange, cases, previous, evidence=evidence)


@semantic(Severity.DATA, reads=PAGES, parts=(STATUS, STEP_IDS, STEP_ORDER, STEP_COUNT, MEMBERSHIP, HAS_MORE))
def cursor_walk(seen: Observations) -> Outcome:
    """Following after/before cursors in both orders and both directions sees every step exactly once, and
    every walk agrees with the complete walks on the sequence of steps.

    Complete walks (to the end at limit 100, in both orders and both directions; on a run of up to 20 steps
    also at small limits, so that cursors cross pages) must see the same steps; the shorter walks at limits 7
    and 20 on longer runs must see exactly the first (after) or last (before) steps of that sequence. A walk
    to the end that is still told has_more=true at the most pages its plan allows fails. Unobservable on a
    run of fewer than 2 steps, where no cursor crosses a page."""
    if not seen.walks:
        return Outcome.skipped(seen.stopped or "no walk was made")
    pages = sum(len(w.pages) for w in seen.walks)
    for walk in seen.walks:
        if walk.stopped:
            steps = seen.steps
            known = f"; the complete walks saw {_steps(steps)}" if walk.runaway and steps is not None else ""
            return _failed_at(f"{walk.label}: {walk.stopped}{known}", walk, walk.pages[-1], pages)
        counts: Counter[str] = Counter()
        for page in walk.pages if walk.direction == "after" else reversed(walk.pages):
            repeated = [i for i in page.ids if counts[i]]
            if repeated:
                return _failed_at(
                    f"{walk.label}: step {repeated[0]} comes again on a later page ({len(repeated)} repeated there)",
                    walk,
                    page,
                    pages,
                )
            counts.update(page.ids)
    complete = seen.complete_walks
    if not complete:
        return Outcome.skipped(seen.stopped or "no walk reached the end of the run")
    reference = max(complete, key=lambda w: len(w.ids))
    expected = set(reference.ids)
    for walk in complete:
        missing = expected - set(walk.ids)
        if missing:
            return _failed_at(
                f"{walk.label} saw {len(set(walk.ids))} steps, {reference.label} saw {len(expected)}; "
                f"e.g. {sorted(missing)[0]} is missing",
                walk,
                walk.pages[-1],
                pages,
            )
    if seen.largest_page_steps > len(expected):
        return Outcome.failed(
            f"a single page showed {seen.largest_page_steps} distinct steps, but the complete walks only "
            f"{len(expected)}",
            reference.pages[-1].exchange,
            pages,
        )
    orders, at = sequences(seen), stamps(seen)
    for walk in seen.walks:
        for order, full in orders.items():  # its own order's sequence, and the other's reversed: ties unordered
            full = full if order == walk.order else full[::-1]
            ids = walk.ids
            want = full[: len(ids)] if walk.direction == "after" else full[len(full) - len(ids) :]
            wrong = disagreement(ids, want, at)
            if wrong is None:
                continue
            source = f"the complete order={order} walk" + ("" if order == walk.order else " reversed")
            mine, theirs = (ids[wrong] if wrong < len(ids) else None), (want[wrong] if wrong < len(want) else None)
            detail = (
                f"{walk.label} disagrees with {source} at step {wrong + 1}: {mine} (created_at {at.get(str(mine))}) "
                f"where {theirs} (created_at {at.get(str(theirs))}) belongs"
            )
            # the walks it was compared with are evidence too: a page of theirs may be what is wrong
            compared = [p.exchange for w in seen.complete_walks for p in w.pages]
            place_of = _page_holding(walk, wrong)
            shown = _failed_at(detail, walk, place_of, pages)
            shown.evidence += compared
            return shown
    steps = seen.steps
    if steps is None:
        return Outcome.skipped(seen.stopped or "the complete walks did not agree on the run's steps")
    done = f"{len(seen.walks)} walks, {pages} pages; the run has {_steps(steps)}"
    if steps < MIN_JUDGED_STEPS:
        return Outcome.unobservable(f"{done}: no cursor crosses a page", needs_steps(MIN_JUDGED_STEPS), pages)
    if not any(sum(1 for p in w.pages if p.ids) >= 2 for w in seen.walks):
        return Outcome.skipped(f"{done}, but no walk crossed a page: every page held all the steps (see limit_bounds)")
    return Outcome.passed(done, cases=pages)


@semantic(Severity.DATA, reads=PAGES, parts=(STEP_IDS, MEMBERSHIP, "body.data.created_at"), blames=(STEP_ORDER,))
def order(seen: Observations) -> Outcome:
    """Every page is sorted by created_at in the requested order (steps that share a created_at may come in
    any order: the operation sorts by created_at only), and a request without `order` gets the newest steps
    first (desc is the default)."""
    checked = 0
    problems: list[tuple[str, Page]] = []
    elsewhere = on_other_pages(seen)
    for page in seen.pages():
        if page.body is None:
            continue
        requested = page.params.get("order", "desc")
        raw = [s.get("created_at") for s in page.data]
        if not all(is_number(t) for t in raw):
            continue  # a typing problem; response_schema_conformance reports it
        checked += 1
        times = [float(t) for t in raw if is_number(t)]  # all of them
        sign = -1 if requested == "desc" else 1
        wrong = next((n for n in range(1, len(times)) if sign * (times[n] - times[n - 1]) < 0), None)
        repeated = repeated_on(page, elsewhere)
        if wrong is not None and not {page.ids[wrong], page.ids[wrong - 1]} & repeated:
            problems.append((
                f"order={requested} page ({page.query}) is out of order at item {wrong}: {page.ids[wrong]} "
                f"(created_at {raw[wrong]}) comes after {page.ids[wrong - 1]} (created_at {raw[wrong - 1]}); "
                + held(page), page,
            ))  # fmt: skip
    if problems:  # every page that shows it is evidence: a walk that fails on those pages follows from it
        detail, page = problems[0]
        return Outcome.failed(detail, page.exchange, checked, evidence=[p.exchange for _, p in problems])
    default = DEFAULT_PAGE.page(seen)
    newest = next(
        (p for p in seen.pages() if p.params.get("order") == "desc" and "after" not in p.params and "before" not in
         p.params and p.ids),
        None,
    )  # fmt: skip
    steps = seen.steps
    if steps is not None and steps < MIN_JUDGED_STEPS:
        return Outcome.unobservable(f"the run has {_steps(steps)}: no order to show", needs_steps(MIN_JUDGED_STEPS))
    if default is None or default.body is None or newest is None or not default.ids:
        return Outcome.skipped(seen.stopped or "the default order could not be compared with an order=desc page")
    first, newest_first = default.data[0].get("created_at"), newest.data[0].get("created_at")
    if default.ids[0] != newest.ids[0] and first != newest_first:  # a tie at the top may come either way
        return Outcome.failed(
            f"without `order` the first step is {default.ids[0]} (created_at {first}), but order=desc starts "
            f"with {newest.ids[0]} (created_at {newest_first}) (desc is the default)",
            default.exchange,
            checked,
        )
    return Outcome.passed(f"{checked} pages in order; desc is the default", cases=checked)


@semantic(Severity.DATA, reads=PAGES, parts=(STATUS, HAS_MORE, STEP_IDS), blames=(HAS_MORE,))
def has_more(seen: Observations) -> Outcome:
    """has_more is a boolean that is true exactly when more steps lie beyond the page in the direction of
    travel: a page that says false has nothing after it, one that says true is followed by steps, a page
    holding exactly the last `limit` steps says false, and every page whose place in the run the complete
    walks show says what its place implies, wherever it is, whatever its length. Unobservable on a run of
    fewer than 2 steps, where has_more is never due to be true."""
    checked = 0
    for walk in seen.walks:
        for index, page in enumerate(walk.pages):
            if page.body is None:
                continue
            checked += 1
            if not isinstance(page.has_more, bool):
                return _failed_at(f"{walk.label}: has_more is {page.has_more!r}", walk, page, checked, False)
            following = walk.pages[index + 1] if index + 1 < len(walk.pages) else None
            if page.has_more and following is not None and following.body is not None and not following.ids:
                detail = f"{walk.label}: has_more=true, but the next page is empty"
                return _failed_at(detail, walk, following, checked, whole_walk=walk.runaway)
        if walk.lies:  # the first one is reported
            lie = walk.lies[0]
            return _failed_at(
                f"{walk.label}: page {lie.page_number} says has_more=false, but the page after it holds "
                f"{_steps(len(lie.next_page.ids))}",
                walk,
                lie.next_page,
                checked,
                False,
            )
        if walk.runaway and (not walk.pages[-1].ids or all(len(p.ids) >= walk.limit for p in walk.pages[:-1])):
            return _failed_at(f"{walk.label}: {walk.stopped}", walk, walk.pages[-1], checked)
    boundary = BOUNDARY.page(seen)
    if boundary is not None and boundary.body is not None:
        checked += 1
        if boundary.has_more is not False:
            return Outcome.failed(
                f"a page holding the last {len(boundary.ids)} steps ({boundary.query}) says "
                f"has_more={boundary.has_more!r}; nothing lies beyond it",
                boundary.exchange,
                checked,
            )
    ascending = sequences(seen).get("asc") if seen.steps is not None else None
    if ascending is None:
        return Outcome.skipped(seen.stopped or NO_TOTAL, blocked_by="cursor_walk")
    placed, seen_true = _placed_has_more(seen, ascending)
    if isinstance(placed, Outcome):
        return placed
    checked += placed
    if len(ascending) < MIN_JUDGED_STEPS:
        return Outcome.unobservable(
            f"{checked} pages; has_more=true was never due on a run of {_steps(len(ascending))}",
            needs_steps(MIN_JUDGED_STEPS),
            checked,
        )
    if not seen_true:
        return Outcome.skipped(
            f"{checked} pages, but none was placed where has_more=true was due: the pages did not hold the steps "
            "their parameters select (see limit_bounds and cursor_walk)"
        )
    return Outcome.passed(f"{checked} pages, {placed} of them placed in the run", cases=checked)


def _placed_has_more(seen: Observations, ascending: list[str]) -> tuple[int | Outcome, bool]:
    """has_more on every page whose place in the run is known: the page holds exactly the steps its parameters
    select (pages that do not are cursor_walk's and limit_bounds' to judge). (pages judged or the failure,
    whether a page was due to say true)."""
    judged, due_true = 0, False
    descending = sequences(seen).get("desc")
    for page in seen.pages():
        placement = place(ascending, page.params, descending) if page.body is not None else None
        if placement is None or placement.ids != page.ids:
            continue
        judged += 1
        due_true = due_true or placement.has_more
        if page.has_more is not placement.has_more:
            beyond = f"the run has {_steps(placement.remaining)} more" if placement.remaining else "nothing lies"
            return Outcome.failed(
                f"the page {page.query} holds {len(page.ids)} steps and says "
                f"has_more={page.has_more!r}, but {beyond} beyond it in its direction of travel",
                page.exchange,
                judged,
            ), due_true
    return judged, due_true


@semantic(Severity.DATA, reads=PAGES, parts=(*FIRST_LAST, STEP_IDS), blames=FIRST_LAST)
def first_last_ids(seen: Observations) -> Outcome:
    """first_id and last_id are the ids of the first and last step of `data`, and null on an empty page."""
    checked = 0
    for page in seen.pages():
        if page.body is None:
            continue
        checked += 1
        ids = page.ids
        want = (ids[0], ids[-1]) if ids else (None, None)
        got = (page.body.get("first_id"), page.body.get("last_id"))
        if got != want:
            return Outcome.failed(
                f"page {page.query}: first_id/last_id are {got}, the data says {want}",
                page.exchange,
                checked,
            )
    if not checked:
        return Outcome.skipped(seen.stopped or "no page was answered")
    return Outcome.passed(f"{checked} pages", cases=checked)


@semantic(Severity.DATA, reads=PAGES, parts=(STEP_COUNT, HAS_MORE), blames=(STEP_COUNT,))
def limit_bounds(seen: Observations) -> Outcome:
    """Every page holds at most `limit` steps (20 without `limit`), a page that says has_more=true and is
    followed by steps holds all `limit` of them, and a first page holds min(limit, steps in the run) (leaving
    the default and the largest page size of a run longer than them to default_page_size and max_page_size)."""
    checked = 0
    steps = seen.steps
    followed = _followed_by_steps(seen)
    problems: list[tuple[str, Page]] = []
    for page in seen.pages():
        if page.body is None:
            continue
        checked += 1
        limit = page.limit or DEFAULT_LIMIT
        label = f"limit={limit}" if "limit" in page.params else "no limit (default 20)"
        first = "after" not in page.params and "before" not in page.params
        sized_elsewhere = steps is not None and (
            ("limit" not in page.params and steps > DEFAULT_LIMIT) or (limit == MAX_LIMIT and steps >= MAX_LIMIT)
        )
        if len(page.ids) > limit:
            problems.append((f"{label} page ({page.query}) holds {len(page.ids)} steps", page))
        elif page.has_more is True and len(page.ids) < limit and any(page is p for p in followed):
            problems.append((
                f"{label} page ({page.query}) holds {_steps(len(page.ids))}, says has_more=true, and steps did "
                "follow: the provider serves fewer than asked", page,
            ))  # fmt: skip
        elif first and steps is not None and not sized_elsewhere and len(page.ids) != min(limit, steps):
            problems.append((
                f"{label}: {_steps(len(page.ids))} on the first page, expected {min(limit, steps)} (the run has "
                f"{_steps(steps)})", page,
            ))  # fmt: skip
    if problems:  # every page that shows it is evidence: what fails on those pages follows from it
        detail, page = problems[0]
        return Outcome.failed(detail, page.exchange, checked, evidence=[p.exchange for _, p in problems])
    if not checked:
        return Outcome.skipped(seen.stopped or "no page was answered")
    if steps is None:
        return Outcome.skipped(seen.stopped or NO_TOTAL, blocked_by="cursor_walk")
    return Outcome.passed(f"{checked} pages", cases=checked)


def _followed_by_steps(seen: Observations) -> list[Page]:
    """The pages after which their walk fetched a page holding steps (the same answer may sit in two walks,
    so they are told apart by identity, not by value)."""
    return [p for w in seen.walks for n, p in enumerate(w.pages[:-1]) if w.pages[n + 1].ids]


@semantic(Severity.DATA, reads=PAST_END_PROBES, parts=(STATUS, STEP_IDS, HAS_MORE))
def end_of_run(seen: Observations) -> Outcome:
    """A cursor naming the run's last step gets an empty page that says has_more=false, in asc order and in the
    default one (`after=LAST`): the run does not start over past its end, as a client that pages until an empty
    page (not by has_more) relies on. Steps the walks never saw there are a run still growing, not judged.
    Unobservable on a run with no step."""
    answered = list(answers(seen, PAST_END).values())
    if not answered:
        if seen.steps == 0:
            return Outcome.unobservable("the run has no step to page past", needs_steps(1))
        blocked = "cursor_walk" if seen.steps is None else None
        return Outcome.skipped(seen.stopped or (NO_TOTAL if blocked else "not probed"), blocked_by=blocked)
    known, judged = {step for walk in seen.complete_walks for step in walk.ids}, []
    for page in (as_page(e, parse_qsl(urlsplit(e.url).query)) for e in answered):
        problem = _past_end_problem(page, [step for step in page.ids if step in known])
        if problem is not None:
            return Outcome.failed(problem, page.exchange, len(answered))
        judged += [] if page.ids else [page.query]
    if not judged:
        return Outcome.skipped("the pages after the run's last step hold steps the walks never saw: the run grows")
    return Outcome.passed(f"empty pages after the last of {_steps(len(known))}: {'; '.join(judged)}", cases=len(judged))


def _past_end_problem(page: Page, again: list[str]) -> str | None:
    """What is wrong with a page past the run's end (`again`: the steps on it the walks saw), if anything."""
    if page.problem is not None:
        return f"the page after the run's last step ({page.query}) failed: {page.problem}"
    if again:
        return (
            f"the run starts over after its last step: the page after it ({page.query}) serves {_steps(len(again))} "
            f"again, {again[0]} first; a client that pages until an empty page never stops"
        )
    if not page.ids and page.has_more is not False:
        return f"the page after the run's last step ({page.query}) is empty but says has_more={page.has_more!r}"
    return None
