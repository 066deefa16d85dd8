"""Error answers: OpenAI's error body, auth enforcement, 404 for unknown ids, invalid parameters refused, and
unknown cursors."""

from __future__ import annotations

from conformance.checks.registry import semantic
from conformance.observations import Exchange, Observations
from conformance.plan import INVALID_INPUTS
from conformance.results import Outcome


def shape_problem(exchange: Exchange) -> str | None:
    """Why this error answer is not `{"error": {"message": str, "type": str, "param": str|null, "code": str|null}}`."""
    try:
        body = exchange.json()
    except ValueError as exc:
        return str(exc)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return f"body has no `error` object: {exchange.body[:120]!r}"
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


@semantic()
def error_shape(seen: Observations) -> Outcome:
    """Every 4xx answer to the suite's probes (no key, wrong key, unknown ids, invalid parameters, unknown
    cursors) comes in OpenAI's error shape: an `error` object with string `message` and `type`, and `param`
    and `code` that are strings or null."""
    answers: list[tuple[str, Exchange | None]] = [
        ("no key", seen.no_key),
        ("wrong key", seen.wrong_key),
        *((f"unknown {k}", e) for k, e in seen.missing.items()),
        *seen.invalid.items(),
        *((f"unknown {k} cursor", e) for k, e in seen.unknown_cursor.items()),
    ]
    checked = 0
    for label, exchange in answers:
        if exchange is None or exchange.status is None or not 400 <= exchange.status < 500:
            continue
        checked += 1
        problem = shape_problem(exchange)
        if problem:
            return Outcome.failed(f"{label} -> {exchange.status}: {problem}", exchange, checked)
    if not checked:
        return Outcome.skipped(seen.stopped or "no 4xx answer was seen to inspect")
    return Outcome.passed(f"{checked} error answers", cases=checked)


def _validation(seen: Observations, param: str) -> Outcome:
    probes = [(label, seen.invalid.get(label)) for label, (name, _) in INVALID_INPUTS.items() if name == param]
    checked = 0
    for label, exchange in probes:
        if exchange is None or exchange.status is None:
            continue
        checked += 1
        if exchange.status != 400:
            what = "steps" if exchange.status == 200 else "an answer"
            return Outcome.failed(f"{label} was answered {exchange.status} ({what}), not 400", exchange, checked)
        error = exchange.openai_error()
        if error is None:
            return Outcome.failed(f"{label} -> 400 without OpenAI's error body", exchange, checked)
        if error.get("param") != param:
            return Outcome.failed(
                f"{label} -> 400 names param {error.get('param')!r}, expected {param!r}", exchange, checked
            )
    if checked < len(probes) or not probes:
        return Outcome.skipped(seen.stopped or f"not every invalid {param} probe got an HTTP answer")
    return Outcome.passed(f"{', '.join(label for label, _ in probes)}: 400 naming {param!r}", cases=checked)


@semantic(depends_on=("error_shape",))
def limit_validation(seen: Observations) -> Outcome:
    """limit=0, 101, -1, a non-integer and an empty limit are each answered 400 with OpenAI's error body
    naming `limit`."""
    return _validation(seen, "limit")


@semantic(depends_on=("error_shape",))
def order_validation(seen: Observations) -> Outcome:
    """An unknown `order` value and an empty one are each answered 400 with OpenAI's error body naming
    `order`."""
    return _validation(seen, "order")


@semantic(depends_on=("error_shape",))
def include_validation(seen: Observations) -> Outcome:
    """An include[] value other than the file-search content path is answered 400 with OpenAI's error body
    naming `include[]`."""
    return _validation(seen, "include[]")


@semantic()
def auth_required(seen: Observations) -> Outcome:
    """A request without the key, or with a wrong key, is refused with 401."""
    for label, exchange in (("without a key", seen.no_key), ("with a wrong key", seen.wrong_key)):
        if exchange is None or exchange.status is None:
            return Outcome.skipped(seen.stopped or f"the request {label} got no HTTP answer")
        if exchange.status != 401:
            return Outcome.failed(f"the request {label} was answered {exchange.status}, not 401", exchange, 2)
    return Outcome.passed("no key and wrong key both got 401", cases=2)


@semantic()
def not_found(seen: Observations) -> Outcome:
    """An unknown run or thread is answered 404."""
    if len(seen.missing) < 2:
        return Outcome.skipped(seen.stopped or "the unknown-id requests were not made")
    for label, exchange in seen.missing.items():
        if exchange.status is None:
            return Outcome.skipped(f"the unknown-{label} request got no HTTP answer")
        if exchange.status != 404:
            return Outcome.failed(
                f"an unknown {label} id was answered {exchange.status}, not 404", exchange, len(seen.missing)
            )
    return Outcome.passed("unknown run and unknown thread both got 404", cases=len(seen.missing))


@semantic()
def unknown_cursor(seen: Observations) -> Outcome:
    """An `after` or `before` cursor naming no step gets a 4xx OpenAI error or an empty page (upstream leaves
    it open; the detail says which), never a page of steps."""
    if len(seen.unknown_cursor) < 2:
        return Outcome.skipped(seen.stopped or "the unknown-cursor requests were not made")
    said = []
    for cursor, exchange in seen.unknown_cursor.items():
        if exchange.status is None:
            return Outcome.skipped(f"the unknown {cursor} cursor request got no HTTP answer")
        if 400 <= exchange.status < 500:
            problem = shape_problem(exchange)
            if problem:
                return Outcome.failed(f"unknown {cursor} cursor: answered {exchange.status} but {problem}", exchange, 2)
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
                f"unknown {cursor} cursor: answered 200 with steps for a cursor that names no step", exchange, 2
            )
        return Outcome.failed(f"unknown {cursor} cursor: answered {exchange.status}", exchange, 2)
    return Outcome.passed("; ".join(said), cases=2)
