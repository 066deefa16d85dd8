"""`spec_extensions`: what the provider sends beyond openapi.yaml, named and counted, apart from violations.

An extension (see `conformance.extensions`: an unknown variant of an open union, a value of an open enum, an
undeclared field, on an object that is otherwise valid) is not a failure by default: the check passes and names
each one, how often it was seen, and where first. `--strict` makes them failures (`under_strict`): then this
check fails for exactly those, and nothing else changes. Violations are response_schema_conformance's.
"""

from __future__ import annotations

from functools import partial

from conformance import extensions
from conformance.checks.consistency import no_steps
from conformance.checks.registry import Severity, semantic
from conformance.observations import Exchange, Observations
from conformance.outcome import Outcome, Status
from conformance.probes import PAGES

NAME = "spec_extensions"
STRICT_NOTE = "extensions are failures under --strict"


@semantic(Severity.SHAPE, reads=PAGES, parts=("body.extensions",))
def spec_extensions(seen: Observations) -> Outcome:
    """Names every extension the pages of steps carry beyond openapi.yaml (a tool call or step type it does not
    list, a field it does not declare, on an otherwise valid object), counted, with where each was first seen;
    passes with them unless --strict, which fails on any."""
    tally, shown_by, steps = _tally(seen)
    if not any(p.body is not None for p in seen.pages()):
        return Outcome.skipped(seen.stopped or "no page was answered")
    if not tally.counts:
        if not steps:
            return no_steps(seen, "no step was returned")
        return Outcome.passed(f"no extensions in {len(steps)} steps", cases=len(steps))
    detail = f"{len(tally.counts)} extensions (not failures unless --strict): {tally.summary()}"
    return Outcome(Status.PASSED, detail, cases=len(steps), evidence=shown_by)


def _tally(seen: Observations) -> tuple[extensions.ExtensionTally, list[Exchange], set[object]]:
    """The extensions of every page, each counted once per place in a step (a step is on many pages), the
    answers that show them, and the steps read."""
    tally = extensions.ExtensionTally()
    shown_by: list[Exchange] = []
    counted: set[tuple[object, ...]] = set()
    steps: set[object] = set()
    for page in (p for p in seen.pages() if p.body is not None):
        # the exchange's JSON (`as_page`), read once for the check and for the run's note
        found = page.exchange.derived("extensions", partial(extensions.find, page.body))
        ids = [s.get("id") if isinstance(s, dict) else None for s in page.data]
        steps.update(ids)
        for item in found:
            index = item.path[1] if len(item.path) > 1 and item.path[0] == "data" else None
            step = ids[index] if isinstance(index, int) and index < len(ids) else None
            place = (step, *item.path[2:]) if step else (page.query, *item.path)
            if place not in counted:
                counted.add(place)
                tally.add([item], str(step) if step else f"page {page.query}")
        if any(f.kind != "violation" for f in found) and page.exchange not in shown_by:
            shown_by.append(page.exchange)
    return tally, shown_by, steps


def under_strict(outcome: Outcome) -> Outcome:
    """The check's outcome under --strict: a pass that named extensions fails for them."""
    if outcome.status is not Status.PASSED or not outcome.evidence:
        return outcome
    detail = outcome.detail.replace("(not failures unless --strict)", f"({STRICT_NOTE})")
    return Outcome.failed(detail, outcome.evidence[0], outcome.cases, evidence=outcome.evidence)


def note(seen: Observations, strict: bool) -> str | None:
    """The run's note naming the extensions its pages carry (None when there are none), for the output and
    reports: the verdict line says what failed, this line what was seen beyond the spec."""
    tally = _tally(seen)[0]
    if not tally.counts:
        return None
    verdict = "failures under --strict" if strict else "not failures; --strict fails them"
    return f"extensions seen ({verdict}): {', '.join(tally.names())}"
