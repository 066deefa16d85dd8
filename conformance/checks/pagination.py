"""Cursor walks, ordering, has_more, first_id/last_id and limit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from conformance.observe import Observations, Page, Walk
from conformance.results import CheckResult


def _complete(seen: Observations) -> list[Walk]:
    return [w for w in seen.walks if w.stopped is None]


def pages(seen: Observations) -> Iterator[Page]:
    """Every answer that should have been a page of steps."""
    for walk in seen.walks:
        yield from walk.pages
    extras = [seen.default_page, *seen.limit_pages.values(), *seen.include_pages.values()]
    yield from (p for p in extras if p is not None)


def cursor_walk(seen: Observations) -> CheckResult:
    """Walking every order, direction and limit sees every step exactly once, the same steps every time."""
    name = "cursor_walk"
    if not seen.walks:
        return CheckResult.skipped(name, "no walk was made")
    for walk in seen.walks:
        if walk.stopped:
            return CheckResult.failed(name, f"{walk.label}: {walk.stopped}", walk.pages[-1].exchange)
        repeated = [i for i, n in Counter(walk.ids).items() if n > 1]
        if repeated:
            where = next(p for p in walk.pages if repeated[0] in p.ids)
            return CheckResult.failed(
                name, f"{walk.label}: step {repeated[0]} seen twice ({len(repeated)} repeated in all)", where.exchange
            )
    reference = max(_complete(seen), key=lambda w: len(set(w.ids)))
    expected = set(reference.ids)
    for walk in seen.walks:
        missing = expected - set(walk.ids)
        if missing:
            return CheckResult.failed(
                name,
                f"{walk.label} saw {len(set(walk.ids))} steps, {reference.label} saw "
                f"{len(expected)}; e.g. {sorted(missing)[0]} is missing",
                walk.pages[-1].exchange,
            )
    ascending = [w.ids for w in seen.walks if w.order == "asc"]
    descending = [w.ids[::-1] for w in seen.walks if w.order == "desc"]
    if any(ids != ascending[0] for ids in ascending + descending):
        return CheckResult.failed(
            name,
            "walks disagree on the sequence of steps (desc is not asc reversed, or "
            "before-walks differ from after-walks)",
            seen.walks[-1].pages[0].exchange,
        )
    pages_seen = sum(len(w.pages) for w in seen.walks)
    return CheckResult.passed(
        name, f"{len(seen.walks)} walks, {pages_seen} pages, {len(expected)} steps each", cases=pages_seen
    )


def order(seen: Observations) -> CheckResult:
    """Every page is sorted by created_at, ties by id, in the requested order; the default order is desc."""
    name = "order"
    checked = 0
    for page in pages(seen):
        if page.body is None:
            continue
        requested = page.params.get("order", "desc")
        keys = [(s.get("created_at"), str(s.get("id"))) for s in page.data]
        if any(not isinstance(k[0], int) for k in keys):
            continue  # a typing problem; response_schema_conformance reports it
        checked += 1
        expected = sorted(keys, reverse=requested == "desc")
        if keys != expected:
            wrong = next(n for n, (a, b) in enumerate(zip(keys, expected, strict=True)) if a != b)
            return CheckResult.failed(
                name,
                f"order={requested} page (params {page.params}) is out of order at "
                f"item {wrong}: {keys[wrong]} where {expected[wrong]} belongs",
                page.exchange,
                cases=checked,
            )
    asc = next((w for w in seen.walks if w.order == "asc" and w.stopped is None and w.ids), None)
    default = seen.default_page
    if (
        asc is not None
        and default is not None
        and default.body is not None
        and default.ids
        and (default.ids[0] != asc.ids[-1])
    ):
        return CheckResult.failed(
            name,
            "without `order` the first step is not the newest (desc is the default)",
            default.exchange,
            cases=checked,
        )
    if not checked:
        return CheckResult.skipped(name, "no page with steps to inspect")
    return CheckResult.passed(name, f"{checked} pages in order", cases=checked)


def has_more(seen: Observations) -> CheckResult:
    """has_more is true exactly when more steps lie beyond the page in the direction of travel."""
    name = "has_more"
    complete = _complete(seen)
    if not complete:
        return CheckResult.skipped(name, "no walk completed (see cursor_walk)")
    most = max(len(set(w.ids)) for w in complete)
    checked = 0
    for walk in seen.walks:
        for index, page in enumerate(walk.pages):
            checked += 1
            if page.body is None:
                continue
            if not isinstance(page.has_more, bool):
                return CheckResult.failed(
                    name, f"{walk.label} page {index + 1}: has_more is {page.has_more!r}", page.exchange, cases=checked
                )
            following = walk.pages[index + 1] if index + 1 < len(walk.pages) else None
            if page.has_more and following is not None and following.body is not None and not following.ids:
                return CheckResult.failed(
                    name,
                    f"{walk.label} page {index + 1} says has_more=true but the next page is empty",
                    page.exchange,
                    cases=checked,
                )
        if walk.stopped and "has_more=true" in walk.stopped:
            return CheckResult.failed(name, f"{walk.label}: {walk.stopped}", walk.pages[-1].exchange, cases=checked)
        if walk.stopped is None and len(set(walk.ids)) < most:
            last = walk.pages[-1]
            return CheckResult.failed(
                name,
                f"{walk.label}: has_more=false after {len(set(walk.ids))} steps, but another walk found {most}",
                last.exchange,
                cases=checked,
            )
    return CheckResult.passed(name, f"{checked} pages", cases=checked)


def first_last_ids(seen: Observations) -> CheckResult:
    """first_id and last_id are the ids of the first and last step of `data`, and null on an empty page."""
    name = "first_last_ids"
    checked = 0
    for page in pages(seen):
        if page.body is None:
            continue
        checked += 1
        ids = page.ids
        want = (ids[0], ids[-1]) if ids else (None, None)
        got = (page.body.get("first_id"), page.body.get("last_id"))
        if got != want:
            return CheckResult.failed(
                name,
                f"page with params {page.params}: first_id/last_id are {got}, the data says {want}",
                page.exchange,
                cases=checked,
            )
    if not checked:
        return CheckResult.skipped(name, "no page was answered")
    return CheckResult.passed(name, f"{checked} pages", cases=checked)


def limit_bounds(seen: Observations) -> CheckResult:
    """Pages hold at most `limit` steps (20 by default), full until the last; 0 and 101 are refused."""
    name = "limit_bounds"
    complete = _complete(seen)
    total = max((len(set(w.ids)) for w in complete), default=None)
    checked = 0
    probes = [(20, seen.default_page), *((n, p) for n, p in seen.limit_pages.items())]
    for limit, page in probes:
        if page is None or page.body is None:
            continue
        checked += 1
        expected = min(limit, total) if total is not None else None
        if len(page.ids) > limit or (expected is not None and len(page.ids) != expected):
            label = "no limit (default 20)" if "limit" not in page.params else f"limit={limit}"
            return CheckResult.failed(
                name, f"{label}: {len(page.ids)} steps, expected {expected}", page.exchange, cases=checked
            )
    for walk in seen.walks:
        for index, page in enumerate(walk.pages):
            checked += 1
            is_last = index == len(walk.pages) - 1
            if len(page.ids) > walk.limit or (not is_last and len(page.ids) < walk.limit and page.body is not None):
                return CheckResult.failed(
                    name, f"{walk.label} page {index + 1} holds {len(page.ids)} steps", page.exchange, cases=checked
                )
    for probe in ("limit=0", "limit=101"):
        answer = seen.bad_requests.get(probe)
        if answer is not None and answer.status is not None:
            checked += 1
            if answer.status != 400:
                return CheckResult.failed(name, f"{probe} was answered {answer.status}, not 400", answer, cases=checked)
    if not checked:
        return CheckResult.skipped(name, "no page was answered")
    return CheckResult.passed(name, f"{checked} pages and probes", cases=checked)
