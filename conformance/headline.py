"""The verdict in words a person reads: the headline (the last line of a run's output, `summary` in the
reports) and one line per root cause, which the terminal prints above it.

The headline is at most `HEADLINE_LIMIT` characters: the verdict, and for a non-conformant run the most
severe root cause with its reason (`non-conformant: has_more: ...`, or with several `non-conformant: 3 root
causes; most severe: not_found: ...`). A root-cause line is `root cause 1 of 3 (wrong data or paging):
cursor_walk: REASON; follows from it: a, b`, cut at its end, so the reason (explanation first) is kept.
"""

from __future__ import annotations

import re

from conformance.checks.registry import Severity
from conformance.plan import MIN_JUDGED_STEPS
from conformance.results import RunResult, Status, Verdict, clip

HEADLINE_LIMIT = 200
LINE_LIMIT = 240
SEVERITY_WORDS = {
    Severity.AVAILABILITY: "the service does not answer",
    Severity.DATA: "wrong data or paging",
    Severity.ACCESS: "unknown resources or missing credentials accepted",
    Severity.VALIDATION: "invalid requests served",
    Severity.SHAPE: "error shapes, status codes and headers",
}


# A request's origin in a reason: the headline shows the path only (the table and the reports keep the whole
# URL), which saves room and never names the embedded provider's port, gone with the run.
ORIGIN = re.compile(r"\bhttps?://[^/\s]+")


def _plain(reason: str) -> str:
    return ORIGIN.sub("", " ".join(reason.split()))


def _fit(head: str, reason: str, tail: str = "", limit: int = HEADLINE_LIMIT) -> str:
    """`head + reason + tail` in `limit` characters: the reason is cut (at its end), never head or tail."""
    room = limit - len(head) - len(tail)
    return head + clip(_plain(reason), max(room, 20)) + tail


def headline(result: RunResult) -> str:
    """The verdict in one line of at most HEADLINE_LIMIT characters: what a CI log shows last."""
    verdict = result.verdict.value
    if result.untestable is not None:
        return f"{verdict}: {result.untestable.reason}"  # the preflight's line, whole: it says what to fix
    if result.verdict is Verdict.NON_CONFORMANT:
        return _non_conformant(result)
    return clip(_other(result), HEADLINE_LIMIT)


def _non_conformant(result: RunResult) -> str:
    roots = result.root_causes
    what = "regression" if result.baseline is not None else "root cause"
    first = roots[0]
    following = len(first.follows)
    if len(roots) == 1:
        tail = f" (+{following} that follow from it)" if following else ""
        return _fit(f"non-conformant: {first.failure.name}: ", first.reason, tail)
    head = f"non-conformant: {len(roots)} {what}s; most severe: {first.failure.name}: "
    return _fit(head, first.reason)


def _known(result: RunResult) -> str:
    if result.baseline is None or not result.baseline.known:
        return ""
    known = f"; known from the baseline: {', '.join(result.baseline.known)}"
    if result.baseline.hidden:
        known += f" (hiding {', '.join(result.baseline.hidden)}, as in the baseline)"
    return known


def _other(result: RunResult) -> str:
    verdict = result.verdict.value
    known = _known(result)
    optional = _optional(result)
    if result.interrupted:
        return f"{verdict}: interrupted ({result.interrupted}) after {result.requests} requests; {result.reached()}"
    if result.verdict is Verdict.INCOMPLETE:
        parts = []
        if result.too_short:
            parts.append(
                f"the run has {result.steps} step{'s' if result.steps != 1 else ''}; a verdict needs a run of at "
                f"least {MIN_JUDGED_STEPS} (a cursor crossing a page, has_more true): give --run-id of a longer run"
            )
        if result.skipped_core:
            parts.append(f"core checks not judged: {', '.join(c.name for c in result.skipped_core)}")
        if result.excluded_core:
            parts.append(f"core checks excluded: {', '.join(c.name for c in result.excluded_core)}")
        if result.too_short and result.unobservable:
            parts.append(f"not observable on it: {result.unobservable_list()}")
        return f"{verdict}: {'; '.join(parts) or 'no check ran'}{known}"
    judged = sum(c.status is Status.PASSED for c in result.checks)
    if result.verdict is Verdict.NO_REGRESSION:
        return f"{verdict}: nothing failed that did not fail in the baseline{known}"
    if result.baseline is not None:
        scope = f" on {result.run_size}" if result.unobservable else ""
        unseen = f"; not observable on this run: {result.unobservable_list()}" if result.unobservable else ""
        return f"{verdict}{scope}: no regression against the baseline{known}{optional}{unseen}"
    if result.unobservable:
        return (
            f"{verdict} on {result.run_size}: {judged} checks passed{optional}; not observable on this run: "
            + result.unobservable_list()
        )
    if optional:
        return f"{verdict}: every core check passed{optional}"
    left_out = [c.name for c in result.checks if c.status is Status.EXCLUDED]
    if left_out:  # only optional checks can be left out of a conformant run (a core one makes it incomplete)
        return f"{verdict}: all {judged} checks passed; excluded: {', '.join(left_out)}"
    return f"{verdict}: all {len(result.checks)} checks passed"


def _optional(result: RunResult) -> str:
    """`; optional response_time failed`: optional failures are told, and never decide."""
    failed = [c.name for c in result.checks if c.status is Status.FAILED and not c.core]
    return f"; optional {', '.join(failed)} failed" if failed else ""


def root_cause_lines(result: RunResult) -> list[str]:
    """One line per root cause, most severe first, each cut at its end: printed above the headline when
    there are several (with one, the headline says it all)."""
    roots = result.root_causes
    lines = []
    for number, root in enumerate(roots, 1):
        level = SEVERITY_WORDS.get(root.severity, "")  # type: ignore[call-overload]
        head = f"root cause {number} of {len(roots)} ({level}): {root.failure.name}: "
        follows = f"; follows from it: {', '.join(f.name for f in root.follows)}" if root.follows else ""
        text = head + clip(_plain(root.reason), 160) + follows
        lines.append(clip(text, LINE_LIMIT))
    return lines
