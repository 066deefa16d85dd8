"""Error answers: OpenAI's error body, auth enforcement, 404 for unknown ids, and unknown cursors."""

from __future__ import annotations

from typing import Any

from conformance.observe import Observations
from conformance.results import CheckResult
from conformance.transport import Exchange


def shape_problem(exchange: Exchange) -> str | None:
    """Why this error answer is not `{"error": {"message": str, "type": str, "param": str|null, "code": str|null}}`."""
    try:
        body: Any = exchange.json()
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


def error_shape(seen: Observations) -> CheckResult:
    """Every 400, 401 and 404 comes in OpenAI's error shape, and a 400 names the bad parameter."""
    name = "error_shape"
    answers: list[tuple[str, Exchange | None, str | None]] = [
        ("no key", seen.no_key, None),
        ("wrong key", seen.wrong_key, None),
        ("unknown run", seen.missing.get("run"), None),
        ("unknown thread", seen.missing.get("thread"), None),
        ("limit=0", seen.bad_requests.get("limit=0"), "limit"),
        ("limit=101", seen.bad_requests.get("limit=101"), "limit"),
        ("order=sideways", seen.bad_requests.get("order=sideways"), "order"),
    ]
    checked = 0
    for label, exchange, param in answers:
        if exchange is None or exchange.status is None or not 400 <= exchange.status < 500:
            continue
        checked += 1
        problem = shape_problem(exchange)
        if problem:
            return CheckResult.failed(name, f"{label} -> {exchange.status}: {problem}", exchange, cases=checked)
        got = exchange.json()["error"]["param"]
        if param is not None and exchange.status == 400 and got != param:
            return CheckResult.failed(
                name, f"{label} -> 400 names param {got!r}, expected {param!r}", exchange, cases=checked
            )
    if not checked:
        return CheckResult.skipped(name, "no 4xx answer was seen to inspect")
    return CheckResult.passed(name, f"{checked} error answers", cases=checked)


def auth_required(seen: Observations) -> CheckResult:
    """A request without the key, or with a wrong key, is refused with 401."""
    name = "auth_required"
    for label, exchange in (("without a key", seen.no_key), ("with a wrong key", seen.wrong_key)):
        if exchange is None or exchange.status is None:
            return CheckResult.skipped(name, f"the request {label} got no HTTP answer")
        if exchange.status != 401:
            return CheckResult.failed(
                name, f"the request {label} was answered {exchange.status}, not 401", exchange, cases=2
            )
    return CheckResult.passed(name, "no key and wrong key both got 401", cases=2)


def not_found(seen: Observations) -> CheckResult:
    """An unknown run or thread is answered 404."""
    name = "not_found"
    for label, exchange in seen.missing.items():
        if exchange.status is None:
            return CheckResult.skipped(name, f"the unknown-{label} request got no HTTP answer")
        if exchange.status != 404:
            return CheckResult.failed(
                name,
                f"an unknown {label} id was answered {exchange.status}, not 404",
                exchange,
                cases=len(seen.missing),
            )
    if not seen.missing:
        return CheckResult.skipped(name, "no unknown-id request was made")
    return CheckResult.passed(name, "unknown run and unknown thread both got 404", cases=len(seen.missing))


def unknown_cursor(seen: Observations) -> CheckResult:
    """A cursor naming no step gets a 4xx OpenAI error or an empty page (upstream leaves it open); says which."""
    name = "unknown_cursor"
    exchange = seen.unknown_cursor
    if exchange is None or exchange.status is None:
        return CheckResult.skipped(name, "the unknown-cursor request got no HTTP answer")
    if 400 <= exchange.status < 500:
        problem = shape_problem(exchange)
        if problem:
            return CheckResult.failed(name, f"answered {exchange.status} but {problem}", exchange, cases=1)
        return CheckResult.passed(name, f"answered {exchange.status} with an OpenAI error", cases=1)
    if exchange.status == 200:
        try:
            body = exchange.json()
        except ValueError as exc:
            return CheckResult.failed(name, str(exc), exchange, cases=1)
        if isinstance(body, dict) and body.get("data") == [] and body.get("has_more") is False:
            return CheckResult.passed(name, "answered 200 with an empty page", cases=1)
        return CheckResult.failed(name, "answered 200 with steps for a cursor that names no step", exchange, cases=1)
    return CheckResult.failed(name, f"answered {exchange.status}", exchange, cases=1)
