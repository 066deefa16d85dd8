"""Which failure follows from which, read from the answers they failed on, and the order root causes are
reported in (most severe for a client first: `checks.registry.Severity`).

A failure follows from another only when the same answers show both: one of its failing answers is one the
other failed on, or the same kind of answer. Kinds: any 5xx is one kind (a server error explains whatever
failed on a server error); a network failure (timeout, reset, cut body) or a 429 is its network check's; a
2xx to a request whose limit, order or include[] is outside the spec is the kind "accepted invalid <param>";
any other answer is itself (its status and URL). A 200 page of steps where an error was due is therefore its
own cause, never an echo of how error bodies are shaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

from conformance.checks.registry import RATE_LIMITED, Check, explaining, rank
from conformance.contract import INCLUDE_CONTENT, MAX_LIMIT, MIN_LIMIT, ORDERS
from conformance.observations import Exchange
from conformance.outcome import Outcome, Status


class Judged(Protocol):
    """A declared check and its outcome (results.CheckResult)."""

    check: Check
    outcome: Outcome
    echo_of: str | None

    @property
    def name(self) -> str: ...


J = TypeVar("J", bound=Judged)


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


def answer_kind(exchange: Exchange) -> tuple[object, ...]:
    """A 429 or a network failure is the kind of the network check that declares it explains it."""
    if exchange.status == 429 or exchange.retries_429:
        return ("network", explaining(RATE_LIMITED))
    if exchange.error_kind is not None:
        return ("network", explaining(exchange.error_kind))
    if exchange.status is not None and exchange.status >= 500:
        return ("5xx",)
    if exchange.status is not None and 200 <= exchange.status < 300 and invalid_params(exchange.url):
        return ("accepted invalid", invalid_params(exchange.url))
    return ("answer", exchange.status, exchange.url)


def link_echoes(results: Sequence[Judged]) -> None:
    """Mark each failure that follows from a failure ranked before it (see `registry.rank`), by evidence."""
    failed = sorted((r for r in results if r.outcome.status is Status.FAILED), key=ranked)
    kinds = {r.name: {answer_kind(e) for e in r.outcome.shown_by} for r in failed}
    names = {r.name for r in failed}
    for index, result in enumerate(failed):
        result.echo_of = None
        mine = kinds[result.name]
        network = {kind[1] for kind in mine if kind[0] == "network"} & names - {result.name}
        if network:  # a network failure explains what failed on it, whatever their severity
            result.echo_of = next(r.name for r in failed if r.name in network)
            continue
        result.echo_of = next((r.name for r in failed[:index] if kinds[r.name] & mine), None)


def root_causes(failures: Sequence[J]) -> list[J]:
    """The failures that follow from no other, most severe first."""
    return sorted((f for f in failures if f.echo_of is None), key=ranked)


def ranked(result: Judged) -> tuple[int, ...]:
    return rank(result.check, result.outcome.severity)
