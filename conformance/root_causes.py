"""Which failure follows from which, and the root causes a run is reported by, most severe first.

A failure follows from a cause only when the cause explains it: the cause is on an answer the check failed
on, and covers a part of the answer the check reads (each check declares what it reads, `Check.reads`, and
which causes it is the one to report, `Check.explains` and `Check.blames`: conformance.checks.registry).
The causes an answer can carry:
- a 5xx, a network failure (timeout, reset, cut body, 429) or a 2xx body that is not JSON: they cover every
  part, so they explain every check that failed on that answer;
- a refusal (400, 422) of a request the spec allows: one per refused parameter value (the value
  `positive_data_acceptance` saw refused), covering every part: what it blocked follows from it;
- a 2xx to an invalid `limit`, `order`, `include[]` or a missing OpenAI-Beta: it covers the status only;
- a schema violation: it covers the violated part only (a missing `expired_at` explains a check reading the
  steps' `expired_at`, never a check of the status code);
- what a page check found wrong on a page (`Check.blames`: the page's order, size, has_more, ...).

A schemathesis check follows only when every answer it failed on is explained (each is a failure of its
own); a semantic check when the answer that shows it, or a page of the walk it concludes from, is.
An optional check never leads: it can follow, and it is never a root cause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

import jsonschema_rs

from conformance.checks.registry import (
    ACCEPTED,
    BODY,
    EVERYTHING,
    RATE_LIMITED,
    REFUSED,
    REGISTRY,
    SCHEMA,
    SERVER_ERROR,
    STATUS,
    UNREADABLE,
    Check,
    Phase,
    accepted,
    covers,
    explaining,
    rank,
    schema_at,
)
from conformance.contract import BETA_HEADER, BETA_VALUE, INCLUDE_CONTENT, MAX_LIMIT, MIN_LIMIT, ORDERS
from conformance.observations import Exchange
from conformance.outcome import Outcome, Status
from conformance.probes import MALFORMED_PROBES, NO_KEY, WRONG_KEY
from conformance.spec import response_document, response_validator


class Judged(Protocol):
    """A declared check and its outcome (results.CheckResult)."""

    @property
    def check(self) -> Check: ...

    @property
    def outcome(self) -> Outcome: ...

    @property
    def echo_of(self) -> str | None: ...

    @property
    def name(self) -> str: ...


J = TypeVar("J", bound=Judged)
CURSORS = ("after", "before")
PAGE_OBJECT = "body.object"
CREDENTIALS = "credentials"  # accepted(CREDENTIALS): a 2xx to a request without a valid key (auth_required's)
CREDENTIAL_PROBES = (NO_KEY, WRONG_KEY, *MALFORMED_PROBES)
WIDE = frozenset({SERVER_ERROR, UNREADABLE, REFUSED, RATE_LIMITED})  # kinds led by whoever failed on them first
HELD = "breaker"  # Exchange.error_kind of a request the breaker did not send (conformance.transport)


@dataclass(frozen=True)
class Cause:
    """Something wrong with one answer that may explain a failure on it: `kind` (a registry kind, or
    `check:NAME` for what a page check blames), the `part` of the answer it covers, and in words `what`."""

    kind: str
    part: str
    what: str


@dataclass
class RootCause(Generic[J]):
    """A failure that follows from no other, what follows from it (directly or not), and its reason."""

    failure: J
    follows: list[J] = field(default_factory=list)
    reason: str = ""
    severity: int = 0


def invalid_params(url: str) -> frozenset[str]:
    """The operation's own parameters whose values in `url` are outside the spec."""
    bad = set()
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if name == "limit" and not (value.isdigit() and MIN_LIMIT <= int(value) <= MAX_LIMIT):
            bad.add("limit")
        elif name == "order" and value not in ORDERS:
            bad.add("order")
        elif name == "include[]" and value != INCLUDE_CONTENT:
            bad.add("include[]")
    return frozenset(bad)


@cache
def _quick_validator(status: int) -> jsonschema_rs.Validator | None:
    """The response schema in jsonschema-rs: a valid 100-step page in under a millisecond, where jsonschema
    takes over 100 (every failing answer of a run is read here, a few hundred on a large run)."""
    document = response_document(status)
    return None if document is None else jsonschema_rs.Draft202012Validator(document)


def schema_violations(status: int, body: Any) -> dict[str, str]:
    """The parts of `body` that violate the schema for `status` (`body.data.expired_at`: the message), by the
    violation's JSON path without array indexes; a missing required property is the part it would be."""
    validator, quick = response_validator(status), _quick_validator(status)
    if validator is None or quick is None:
        return {}
    try:
        if quick.is_valid(body):
            return {}
    except Exception:  # what jsonschema-rs cannot read (an integer past 64 bits) is left to jsonschema
        pass
    parts: dict[str, str] = {}
    for error in validator.iter_errors(body):
        path = [str(p) for p in error.absolute_path if not isinstance(p, int)]
        names = [path]
        if error.validator == "required" and isinstance(error.instance, dict):
            names = [[*path, str(k)] for k in error.validator_value if k not in error.instance] or [path]
        for name in names:
            parts.setdefault(".".join([BODY, *name]), error.message[:120])
    return parts


class Evidence:
    """The causes on each answer of a run's failures, read once."""

    def __init__(self, failures: Sequence[Judged]) -> None:
        self.failures = {f.name: f for f in failures}
        # the values positive_data_acceptance saw refused
        refusing = self.failures.get(_first(explaining(REFUSED)))
        self.refused = {pair for e in refusing.outcome.shown_by if (pair := _refused_value(e))} if refusing else set()
        # what page checks blame, with the answer each blamed (few: a page check shows one or two answers)
        self.blamed = [(exchange, Cause(f"check:{failure.name}", part, failure.outcome.detail))
                       for failure in failures for exchange in failure.outcome.shown_by
                       for part in failure.check.blames]  # fmt: skip

    def causes(self, exchange: Exchange) -> list[Cause]:
        """Every cause on `exchange` (see the module's docstring)."""
        return [*self._answer_causes(exchange), *(cause for blamed, cause in self.blamed if blamed is exchange)]

    def _answer_causes(self, exchange: Exchange) -> list[Cause]:
        if exchange.status == 429 or exchange.retries_429:
            return [Cause(RATE_LIMITED, EVERYTHING, f"rate-limited: {exchange.excerpt(120)}")]
        if exchange.error_kind is not None:
            return [Cause(exchange.error_kind, EVERYTHING, f"{exchange.error} ({exchange.method} {exchange.url})")]
        status = exchange.status
        if status is None:
            return []
        if status >= 500:
            return [Cause(SERVER_ERROR, EVERYTHING, f"answered {exchange.excerpt(160)}")]
        found: list[Cause] = []
        if 200 <= status < 300:
            try:
                body = exchange.json()
            except ValueError:
                kind = exchange.headers.get("content-type", "no content type").split(";")[0]
                return [Cause(UNREADABLE, EVERYTHING, f"a {status} whose body is not JSON ({kind}): "
                                                      f"{exchange.excerpt(80)}")]  # fmt: skip
            found += [Cause(accepted(p), STATUS, f"{p} invalid, answered {exchange.what_was_answered()}")
                      for p in sorted(invalid_params(exchange.url))]  # fmt: skip
            if any(p.answers(label) for p in CREDENTIAL_PROBES for label in exchange.used_by):
                found.append(Cause(accepted(CREDENTIALS), STATUS, f"a request {exchange.used_by[0]!r} served {status}"))
            beta = {k.lower(): v for k, v in exchange.request_headers.items()}.get(BETA_HEADER.lower())
            if beta != BETA_VALUE:  # every profile sends it: a request without it (or with another) is a probe
                found.append(Cause(accepted(BETA_HEADER), STATUS, f"{BETA_HEADER}: {beta!r} answered {status}"))
        elif status in (400, 422) and (pair := self._refused(exchange)) is not None:
            return [Cause(REFUSED, EVERYTHING, f"{pair[0]}={pair[1]} refused: {exchange.excerpt(120)}")]
        else:
            try:
                body = exchange.json()
            except ValueError:
                return found
        if isinstance(body, dict) and isinstance(body.get("data"), list) and body.get("object") != "list":
            # the spec leaves a page's `object` a plain string; OpenAI's is "list" (page_object's to report)
            found.append(Cause(SCHEMA, PAGE_OBJECT, f"a page says object {body.get('object')!r}, not 'list'"))
        # computed once per answer however often a run's root causes are read
        violations = exchange.derived("schema_violations", lambda: schema_violations(status, body))
        found += [Cause(SCHEMA, part, f"{part[len(BODY) + 1:] or 'the body'}: {message}")
                  for part, message in violations.items()]  # fmt: skip
        return found

    def _refused(self, exchange: Exchange) -> tuple[str, str] | None:
        """The refused value this refusal is one of (a value positive_data_acceptance saw refused)."""
        if invalid_params(exchange.url):
            return None
        query = parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True)
        return next((pair for pair in query if pair in self.refused), None)

    def leader(self, cause: Cause, affected: Iterable[Judged]) -> str | None:
        """The failed core check that reports `cause` (None when none failed): the one declared for it, or
        for a 5xx, network failure, refusal or unreadable body the first by rank that failed on it."""
        if cause.kind.startswith("check:"):
            return cause.kind.removeprefix("check:")
        if cause.kind == SCHEMA:
            precise = [c for c in REGISTRY.values() for k in c.explains
                       if k.startswith(SCHEMA + ":") and covers(k.removeprefix(SCHEMA + ":"), cause.part)]  # fmt: skip
            declared = [*precise, *explaining(SCHEMA)]
        else:
            declared = explaining(cause.kind)
        for check in declared:
            if check.name in self.failures and check.core:
                return check.name
        if cause.kind == HELD:  # not sent because earlier requests failed: those failures' network check leads
            network = [f for f in self.failures.values() if f.check.phase is Phase.NETWORK and f.check.core]
            if network:
                return min(network, key=ranked).name
        if cause.kind in WIDE or cause.kind not in {k for c in REGISTRY.values() for k in c.explains}:
            candidates = [f for f in affected if f.check.core]
            return min(candidates, key=ranked).name if candidates else None
        return None


def _first(checks: list[Check]) -> str:
    return checks[0].name if checks else ""


def _refused_value(exchange: Exchange) -> tuple[str, str] | None:
    """What a refusal of a valid request refused: the parameter its error names, with the value sent."""
    if exchange.status not in (400, 422) or invalid_params(exchange.url):
        return None
    error = exchange.openai_error()
    param = str(error.get("param")) if error is not None and error.get("param") else None
    query = [(k, v) for k, v in parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True) if k not in CURSORS]
    named = [pair for pair in query if pair[0] == param]
    if named:
        return named[-1]
    return query[0] if len(query) == 1 else None


def explained_by(failures: Sequence[J]) -> dict[str, tuple[str, Cause] | None]:
    """For each failure, the check it follows from and the cause that explains it (None: its own cause)."""
    evidence = Evidence(failures)
    # which failures each cause touches, for the causes led by whoever failed on them first
    touched: dict[tuple[str, str, str], list[J]] = {}
    for failure in failures:
        for exchange in failure.outcome.shown_by:
            for cause in evidence.causes(exchange):
                touched.setdefault(_key(cause), []).append(failure)
    found: dict[str, tuple[str, Cause] | None] = {}
    for failure in failures:
        per_answer: list[list[tuple[str, Cause]]] = []
        for exchange in failure.outcome.shown_by:
            explaining_it = []
            for cause in evidence.causes(exchange):
                if not any(covers(cause.part, read) for read in failure.check.parts):
                    continue
                leader = evidence.leader(cause, touched.get(_key(cause), []))
                if leader is not None and leader != failure.name:
                    explaining_it.append((leader, cause))
            per_answer.append(explaining_it)
        every = failure.check.phase is Phase.SCHEMATHESIS
        shown = all(per_answer) if every else any(per_answer)
        options = [pair for answer in per_answer for pair in answer]
        found[failure.name] = (
            min(options, key=lambda p: ranked(evidence.failures[p[0]])) if shown and per_answer and options else None
        )
    _break_cycles(found, failures)
    return found


def _key(cause: Cause) -> tuple[str, str, str]:
    return (cause.kind, cause.part, cause.what if cause.kind == REFUSED else "")


def _break_cycles(found: dict[str, tuple[str, Cause] | None], failures: Sequence[Judged]) -> None:
    """Two failures explaining each other (or a longer loop): the first by rank is the root."""
    by_name = {f.name: f for f in failures}
    for failure in sorted(failures, key=ranked):
        seen = [failure.name]
        step = found.get(failure.name)
        while step is not None and step[0] not in seen:
            seen.append(step[0])
            step = found.get(step[0])
        if step is not None:  # a loop through seen[seen.index(step[0]):]
            loop = seen[seen.index(step[0]) :]
            found[min(loop, key=lambda n: ranked(by_name[n]))] = None


def echoes(results: Sequence[Judged]) -> dict[str, str | None]:
    """For each result, the failure it follows from (its `echo_of`), or None."""
    found = explained_by([r for r in results if r.outcome.status is Status.FAILED])
    return {r.name: step[0] if (step := found.get(r.name)) is not None else None for r in results}


def root_of(name: str, results: Sequence[Judged]) -> str:
    by_name = {r.name: r for r in results}
    seen = {name}
    while (echo := by_name[name].echo_of) is not None and echo in by_name and echo not in seen:
        seen.add(echo)
        name = echo
    return name


def group(failures: Sequence[J]) -> list[RootCause[J]]:
    """The root causes among linked failures (`echo_of` set from `echoes`), most severe first, each with what follows
    from it; an optional check is never one (it follows, or is left out)."""
    evidence = Evidence(failures)
    roots: dict[str, RootCause[J]] = {}
    for failure in sorted(failures, key=ranked):
        if failure.echo_of is None and failure.check.core:
            roots[failure.name] = RootCause(failure, reason=reason(failure, evidence))
    for failure in sorted(failures, key=ranked):
        name = root_of(failure.name, failures)
        if name in roots and name != failure.name:
            roots[name].follows.append(failure)
    for cause in roots.values():
        members = [cause.failure, *(f for f in cause.follows if f.check.core)]
        cause.severity = min(f.outcome.severity or f.check.severity for f in members)
    return sorted(roots.values(), key=lambda r: (r.severity, *ranked(r.failure)))


def reason(failure: Judged, evidence: Evidence) -> str:
    """Why a root cause failed, explanation first: when it reports a kind of answer (a refused value, a 5xx,
    a body that is not JSON, a network failure, a schema violation), that answer's cause; else its detail."""
    shown = failure.outcome.shown_by
    for exchange in shown:
        for cause in evidence.causes(exchange):
            if cause.kind in failure.check.explains and not cause.kind.startswith(ACCEPTED):
                more = f" ({len(shown)} answers like it)" if len(shown) > 1 else ""
                return f"{cause.what}{more}"
    return failure.outcome.detail


def root_causes(failures: Sequence[J]) -> list[J]:
    """The failures that follow from no other, most severe first (see `group`)."""
    return [root.failure for root in group(failures)]


def ranked(result: Judged) -> tuple[int, ...]:
    return rank(result.check, result.outcome.severity)


__all__ = ["Cause", "RootCause", "echoes", "explained_by", "group", "reason", "root_causes", "schema_at"]
