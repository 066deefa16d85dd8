"""Error answers: OpenAI's error body, auth enforcement, 404 for unknown ids, invalid parameters refused, and
unknown cursors."""

from __future__ import annotations

from conformance.checks.registry import ERROR_BODY, STATUS, STEP_IDS, Severity, accepted, schema_at, semantic
from conformance.observations import Exchange, Observations
from conformance.outcome import Outcome
from conformance.probes import (
    CURSOR,
    CURSOR_PROBES,
    ERRORS_DUE,
    INVALID_PROBES,
    MALFORMED,
    MALFORMED_PROBES,
    MISSING,
    MISSING_PROBES,
    NO_KEY,
    WRONG_KEY,
    answers,
    invalid,
    reading,
)


def refusal_severity(exchange: Exchange) -> Severity | None:
    """A failure's own severity from what was answered: a 2xx where a refusal was due is the check's own
    (something was let through); a refusal with the wrong status or body is a shape problem; a 5xx, the
    service not answering."""
    status = exchange.status or 0
    if 200 <= status < 300:
        return None
    return Severity.AVAILABILITY if status >= 500 else Severity.SHAPE


def shape_problem(exchange: Exchange) -> str | None:
    """Why this error answer is not `{"error": {"message": str, "type": str, "param": str|null, "code": str|null}}`."""
    try:
        body = exchange.json()
    except ValueError as exc:
        return str(exc)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return f"body has no `error` object: {exchange.excerpt(120)}"
    for field, kinds in {
        "message": (str,),
        "type": (str,),
        "param": (str, type(None)),
        "code": (str, type(None)),
    }.items():
        if field not in error:
            return f"error.{field} is missing"
        if not isinstance(error[field], kinds):
            return f"error.{field} is {type(error[field]).__name__}"
    return None


@semantic(Severity.SHAPE, reads=ERRORS_DUE, parts=(ERROR_BODY,), blames=(ERROR_BODY,), explains=[schema_at(ERROR_BODY)])
def error_shape(seen: Observations) -> Outcome:
    """Every 4xx answer to the suite's probes (no key, wrong key, malformed keys, unknown ids, invalid
    parameters, unknown cursors) comes in OpenAI's error shape: an `error` object with string `message` and
    `type`, and `param` and `code` that are strings or null."""
    checked = 0
    wrong: list[tuple[str, Exchange]] = []  # every answer that shows it: what else fails on them follows from it
    for label, exchange in ((p.named, p.answer(seen)) for p in reading("error_shape")):
        if exchange is None or exchange.status is None or not 400 <= exchange.status < 500:
            continue
        checked += 1
        problem = shape_problem(exchange)
        if problem:
            wrong.append((f"{label} -> {exchange.status}: {problem}", exchange))
    if wrong:
        more = f" ({len(wrong) - 1} more answers likewise)" if len(wrong) > 1 else ""
        return Outcome.failed(wrong[0][0] + more, wrong[0][1], checked, evidence=[e for _, e in wrong])
    if not checked:
        return Outcome.skipped(seen.stopped or "no 4xx answer was seen to inspect")
    return Outcome.passed(f"{checked} error answers", cases=checked)


def _validation(seen: Observations, param: str) -> Outcome:
    probes = [(p.key, p.answer(seen)) for p in INVALID_PROBES if p.names_param == param]
    answered = [(label, e) for label, e in probes if e is not None and e.status is not None]
    wrong: list[tuple[str, Exchange, str]] = []
    for label, exchange in answered:
        if exchange.status != 400:
            wrong.append((label, exchange, f"{label} was answered {exchange.what_was_answered()}, not 400"))
            continue
        error = exchange.openai_error()
        if error is None:
            wrong.append((label, exchange, f"{label} -> 400 without OpenAI's error body: {exchange.excerpt(120)}"))
        elif error.get("param") != param:
            wrong.append((label, exchange, f"{label} -> 400 names param {error.get('param')!r}, expected {param!r}"))
    if wrong:
        more = f" ({len(wrong) - 1} more of the {len(probes)} probes likewise)" if len(wrong) > 1 else ""
        first = wrong[0][1]
        evidence = [e for _, e, _ in wrong]
        return Outcome.failed(
            wrong[0][2] + more, first, len(answered), evidence=evidence, severity=refusal_severity(first)
        )
    if len(answered) < len(probes) or not probes:
        return Outcome.skipped(seen.stopped or f"not every invalid {param} probe got an HTTP answer")
    return Outcome.passed(f"{', '.join(label for label, _ in probes)}: 400 naming {param!r}", cases=len(answered))


@semantic(Severity.VALIDATION, reads=invalid("limit"), parts=(STATUS, ERROR_BODY), explains=[accepted("limit")])
def limit_validation(seen: Observations) -> Outcome:
    """limit=0, 101, -1, a non-integer and an empty limit are each answered 400 with OpenAI's error body
    naming `limit`."""
    return _validation(seen, "limit")


@semantic(Severity.VALIDATION, reads=invalid("order"), parts=(STATUS, ERROR_BODY), explains=[accepted("order")])
def order_validation(seen: Observations) -> Outcome:
    """An unknown `order` value and an empty one are each answered 400 with OpenAI's error body naming
    `order`."""
    return _validation(seen, "order")


@semantic(Severity.VALIDATION, reads=invalid("include[]"), parts=(STATUS, ERROR_BODY), explains=[accepted("include[]")])
def include_validation(seen: Observations) -> Outcome:
    """An include[] value other than the file-search content path is answered 400 with OpenAI's error body
    naming `include[]`."""
    return _validation(seen, "include[]")


def _refused_with(status: int, answers: list[tuple[str, Exchange]], said: str, likewise: str) -> Outcome | None:
    """The failure when any of two answered probes got another status than `status` (each wrong one is
    evidence; the detail names the first and says whether the other was wrong too), else None.
    `said` words a probe: "an unknown {label} id" or "the request {label}"."""
    wrong = [(label, e) for label, e in answers if e.status != status]
    if not wrong:
        return None
    label, exchange = wrong[0]
    both = f" ({likewise})" if len(wrong) == len(answers) > 1 else ""
    return Outcome.failed(
        f"{said.format(label=label)} was answered {exchange.what_was_answered()}, not {status}{both}",
        exchange,
        len(answers),
        evidence=[e for _, e in wrong],
        severity=refusal_severity(exchange),
    )


@semantic(Severity.ACCESS, reads=MISSING_PROBES, parts=(STATUS,))
def not_found(seen: Observations) -> Outcome:
    """An unknown run or thread is answered 404."""
    missing = answers(seen, MISSING)
    if len(missing) < len(MISSING_PROBES):
        return Outcome.skipped(seen.stopped or "the unknown-id requests were not made")
    for label, exchange in missing.items():
        if exchange.status is None:
            return Outcome.skipped(f"the unknown-{label} request got no HTTP answer")
    failure = _refused_with(404, list(missing.items()), "an unknown {label} id", "the unknown thread likewise")
    return failure or Outcome.passed("unknown run and unknown thread both got 404", cases=len(missing))


@semantic(Severity.ACCESS, reads=(NO_KEY, WRONG_KEY), parts=(STATUS,), explains=[accepted("credentials")])
def auth_required(seen: Observations) -> Outcome:
    """A request without the key, or with a wrong key, is refused with 401."""
    answers: list[tuple[str, Exchange]] = []
    for label, exchange in (("without a key", NO_KEY.answer(seen)), ("with a wrong key", WRONG_KEY.answer(seen))):
        if exchange is None or exchange.status is None:
            return Outcome.skipped(seen.stopped or f"the request {label} got no HTTP answer")
        answers.append((label, exchange))
    failure = _refused_with(401, answers, "the request {label}", "and the other likewise")
    return failure or Outcome.passed("no key and wrong key both got 401", cases=2)


@semantic(Severity.ACCESS, reads=MALFORMED_PROBES, parts=(STATUS, ERROR_BODY))
def malformed_credentials(seen: Observations) -> Outcome:
    """A malformed credential (a scheme with no token, two tokens, an unknown scheme) is refused with a 4xx
    in OpenAI's error shape: never a 5xx (a crash), never a page."""
    malformed = answers(seen, MALFORMED)
    if not malformed:
        if seen.stopped:
            return Outcome.skipped(seen.stopped)
        return Outcome.unobservable("the profile sends no credential to malform", "a profile that sends a key")
    judged = 0
    for label, exchange in malformed.items():
        if exchange.status is None:
            continue
        judged += 1
        if not 400 <= exchange.status < 500:
            return Outcome.failed(
                f"a credential with {label} was answered {exchange.what_was_answered()}, not a 4xx",
                exchange,
                judged,
                severity=refusal_severity(exchange),
            )
        problem = shape_problem(exchange)
        if problem:
            return Outcome.failed(
                f"a credential with {label}: {exchange.status} but {problem}", exchange, judged, severity=Severity.SHAPE
            )
    if judged < len(malformed):
        return Outcome.skipped(seen.stopped or "not every malformed-credential probe got an HTTP answer")
    return Outcome.passed(f"{', '.join(malformed)}: each refused with a 4xx OpenAI error", cases=judged)


@semantic(Severity.ACCESS, reads=CURSOR_PROBES, parts=(STATUS, ERROR_BODY, STEP_IDS))
def unknown_cursor(seen: Observations) -> Outcome:
    """An `after` or `before` cursor naming no step gets a 4xx OpenAI error or an empty page (upstream leaves
    it open; the detail says which), never a page of steps."""
    cursors = answers(seen, CURSOR)
    if len(cursors) < len(CURSOR_PROBES):
        return Outcome.skipped(seen.stopped or "the unknown-cursor requests were not made")
    said = []
    for cursor, exchange in cursors.items():
        if exchange.status is None:
            return Outcome.skipped(f"the unknown {cursor} cursor request got no HTTP answer")
        if 400 <= exchange.status < 500:
            problem = shape_problem(exchange)
            if problem:
                return Outcome.failed(
                    f"unknown {cursor} cursor: answered {exchange.status} but {problem}",
                    exchange,
                    2,
                    severity=Severity.SHAPE,
                )
            said.append(f"{cursor}: {exchange.status} with an OpenAI error")
            continue
        if exchange.status == 200:
            try:
                body = exchange.json()
            except ValueError as exc:
                return Outcome.failed(f"unknown {cursor} cursor: {exc}", exchange, 2)
            if isinstance(body, dict) and body.get("data") == [] and body.get("has_more") is False:
                said.append(f"{cursor}: 200 with an empty page")
                continue
            return Outcome.failed(
                f"unknown {cursor} cursor: answered {exchange.what_was_answered()} for a cursor that names no step",
                exchange,
                2,
            )
        return Outcome.failed(
            f"unknown {cursor} cursor: answered {exchange.excerpt()}", exchange, 2, severity=refusal_severity(exchange)
        )
    return Outcome.passed("; ".join(said), cases=2)
