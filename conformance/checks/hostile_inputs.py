"""Hostile-but-typed inputs (`conformance.hostile`): judged only by what every answer owes, whatever was asked.

Such a request may rightly be refused (an unknown cursor with 400 or 404, an unknown parameter with 400, an id
that names nothing with 404) or served (an unknown parameter ignored, `limit=05` read as 5), so no status is
expected of it. What is owed: an HTTP answer in time, never a 5xx, a 4xx in OpenAI's error shape, or a 200
that is a page. The schemathesis phase sends the cases and shrinks the first failing one; the judgement is
here, a pure function of what it saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.checks.error_answers import shape_problem
from conformance.checks.network import UNANSWERED
from conformance.checks.registry import Check, Phase, Severity, declare
from conformance.observations import Exchange
from conformance.outcome import Outcome

NAME = "hostile_inputs"
CHECK = declare(
    Check(
        NAME,
        Phase.SCHEMATHESIS,
        "every hostile-but-typed request (cursors and ids holding non-ASCII, reserved or percent characters, "
        "spaces, nothing, or over 64 characters; repeated and unknown parameters; limits spelled as 1.5, 1e1, +5, "
        "05; unusual legal headers) gets an answer in time: a 4xx in OpenAI's error shape or a 200 page, never a "
        "5xx",
        severity=Severity.AVAILABILITY,
        module="hostile_inputs",
    )
)


@dataclass(frozen=True)
class Tried:
    """One hostile request and its answer: `said` names its kind, `shown` its input (`after='\\x80'`)."""

    said: str
    shown: str
    exchange: Exchange
    size: int = 0  # the length of its hostile values, to find the smallest failing input


@dataclass
class HostileRun:
    """What the phase sent of the hostile class: every case, then the shrinking of the first failing one."""

    tried: list[Tried] = field(default_factory=list)
    smallest: Tried | None = None  # the smallest input shrinking found failing like the first failure
    shrink_requests: int = 0
    shrink_left: str = ""  # why shrinking stopped early, if it did
    planned: int = 0
    minimum: int = 0  # cases that judge the check when the phase was cut short
    stopped: str | None = None


def owed(exchange: Exchange) -> tuple[str, Severity] | None:
    """Why this answer is not what every answer owes (and how severe that is), or None when it is."""
    status = exchange.status
    if status is None:
        if exchange.error_kind in UNANSWERED:
            return exchange.error or "no answer", Severity.AVAILABILITY
        return None  # not sent (the breaker) or not recorded: nothing to judge
    if status >= 500:
        return f"answered {exchange.excerpt()}", Severity.AVAILABILITY
    if 400 <= status < 500:
        problem = shape_problem(exchange)
        return (f"answered {status} but {problem}", Severity.SHAPE) if problem else None
    if status == 200:
        problem = page_problem(exchange)
        return (f"answered 200 but {problem}", Severity.DATA) if problem else None
    return f"answered {exchange.excerpt()}: neither a 4xx error nor a page", Severity.SHAPE


def page_problem(exchange: Exchange) -> str | None:
    try:
        body = exchange.json()
    except ValueError as exc:
        return str(exc)
    if not isinstance(body, dict) or body.get("object") != "list" or not isinstance(body.get("data"), list):
        return f"the body is not a list page: {exchange.excerpt(120)}"
    if not isinstance(body.get("has_more"), bool):
        return "the page's has_more is not a boolean"
    return None


def failure_class(exchange: Exchange) -> tuple[object, ...] | None:
    """What a shrunk input must still show to count as the same failure: no answer, a 5xx, a malformed 4xx,
    a 200 that is not a page."""
    problem = owed(exchange)
    if problem is None:
        return None
    status = exchange.status
    return (problem[1], exchange.error_kind if status is None else status // 100)


def judge(run: HostileRun) -> Outcome:
    """The check's outcome from the hostile cases and their shrinking."""
    answered = [t for t in run.tried if owed(t.exchange) is not None or t.exchange.status is not None]
    failing = [(t, owed(t.exchange)) for t in run.tried]
    failed = [(t, problem) for t, problem in failing if problem is not None]
    if failed:
        first, (problem, severity) = failed[0]
        shown = run.smallest or first
        shown_problem = owed(shown.exchange) or (problem, severity)
        kinds = list(dict.fromkeys(t.said for t, _ in failed))
        shrunk = (
            f"; shrunk from {first.shown} in {run.shrink_requests} requests"
            if run.smallest is not None and run.smallest is not first
            else f"; nothing smaller failed in {run.shrink_requests} tr{'y' if run.shrink_requests == 1 else 'ies'}"
            f"{run.shrink_left}"
            if run.shrink_requests
            else f"; not shrunk{run.shrink_left}"
        )
        more = f"; kinds failing: {', '.join(kinds)}" if len(kinds) > 1 else ""
        detail = (
            f"{len(failed)} of {len(answered)} hostile inputs failed; smallest failing: {shown.said}, "
            f"{shown.shown} -> {clip(shown_problem[0], 160)}{shrunk}{more}"
        )
        evidence = [t.exchange for t, _ in failed]
        if run.smallest is not None and run.smallest is not first:
            evidence.append(run.smallest.exchange)
        return Outcome.failed(clip(detail, 600), shown.exchange, len(answered), evidence=evidence,
                              severity=shown_problem[1])  # fmt: skip
    if not answered:
        return Outcome.skipped(run.stopped or "no hostile input got an HTTP answer")
    if run.stopped and len(answered) < run.minimum:
        return Outcome.skipped(
            f"only {len(answered)} of at least {run.minimum} hostile inputs were answered: {run.stopped}"
        )
    said = len({t.said for t in answered})
    return Outcome.passed(f"{len(answered)} hostile inputs of {said} kinds, each a 4xx OpenAI error or a page",
                          cases=len(answered))  # fmt: skip


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
