"""What a recording says about each exchange: the probe that sent it and the checks that judged it (the HAR
file itself is written by `conformance.reporters.har`)."""

from __future__ import annotations

from conformance.checks import Phase, checks
from conformance.observations import Exchange
from conformance.probes import SCHEMATHESIS_CASE, checks_reading
from conformance.results import CheckResult, RunResult, Status

SCHEMATHESIS_CHECKS = tuple(c.name for c in checks(Phase.SCHEMATHESIS))
NETWORK_CHECKS = tuple(c.name for c in checks(Phase.NETWORK))


def citations(result: RunResult) -> dict[int, list[CheckResult]]:
    """For each exchange (by identity), the checks that cite it as a request showing their outcome."""
    cited: dict[int, list[CheckResult]] = {}
    for check in result.checks:
        for exchange in {id(e): e for e in (check.request, check.outcome.previous_request) if e is not None}.values():
            cited.setdefault(id(exchange), []).append(check)
    return cited


def entry_comment(exchange: Exchange, cited: list[CheckResult]) -> str:
    """The probe that sent it; the checks that judged it (those reading its probe's answers, those citing it,
    and the network checks, which read every exchange); the failures it shows."""
    names: list[str] = []
    for label in exchange.used_by:
        names += SCHEMATHESIS_CHECKS if label == SCHEMATHESIS_CASE else checks_reading(label)
    names = list(dict.fromkeys([*names, *(c.name for c in cited), *NETWORK_CHECKS]))
    parts = [f"probe: {', '.join(exchange.used_by) or 'unlabelled'}", f"checks: {', '.join(names)}"]
    flagged = [c.name for c in cited if c.status is Status.FAILED]
    if flagged:
        parts.append(f"shows the failure of: {', '.join(flagged)}")
    if exchange.error:
        parts.append(f"no complete answer: {exchange.error}")
    return "; ".join(parts)
