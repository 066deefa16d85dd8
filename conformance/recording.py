"""What a recording says about each exchange: the probe that sent it and the checks that judged it (the HAR
file itself is written by `conformance.reporters.har`)."""

from __future__ import annotations

from conformance.checks import Phase, checks
from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status

PAGE_CHECKS = (
    "cursor_walk",
    "order",
    "has_more",
    "first_last_ids",
    "limit_bounds",
    "step_identity",
    "step_type_consistency",
    "step_status_consistency",
)
# Which semantic checks read the answer to each kind of probe (observe.Observer's labels, by prefix).
PROBE_CHECKS: dict[str, tuple[str, ...]] = {
    "preflight": (*PAGE_CHECKS, "include_content"),
    "walk ": PAGE_CHECKS,
    "default page": PAGE_CHECKS,
    "limit=1 page": PAGE_CHECKS,
    "has_more boundary": PAGE_CHECKS,
    "include[] page": (*PAGE_CHECKS, "include_content"),
    "no key": ("auth_required", "error_shape"),
    "wrong key": ("auth_required", "error_shape"),
    "invalid input limit": ("limit_validation", "error_shape"),
    "invalid input order": ("order_validation", "error_shape"),
    "invalid input include[]": ("include_validation", "error_shape"),
    "unknown run": ("not_found", "error_shape"),
    "unknown thread": ("not_found", "error_shape"),
    "unknown after cursor": ("unknown_cursor", "error_shape"),
    "unknown before cursor": ("unknown_cursor", "error_shape"),
    "schemathesis case": tuple(c.name for c in checks(Phase.SCHEMATHESIS)),
}
NETWORK_CHECKS = tuple(c.name for c in checks(Phase.NETWORK))


def citations(result: RunResult) -> dict[int, list[CheckResult]]:
    """For each exchange (by identity), the checks that cite it as a request showing their outcome."""
    cited: dict[int, list[CheckResult]] = {}
    for check in result.checks:
        for exchange in {id(e): e for e in (check.request, check.outcome.context) if e is not None}.values():
            cited.setdefault(id(exchange), []).append(check)
    return cited


def entry_comment(exchange: Exchange, cited: list[CheckResult]) -> str:
    """The probe that sent it; the checks that judged it (those reading its probe's answers, those citing it,
    and the network checks, which read every exchange); the failures it shows."""
    names: list[str] = []
    for label in exchange.used_by:
        names += next((found for prefix, found in PROBE_CHECKS.items() if label.startswith(prefix)), ())
    names = list(dict.fromkeys([*names, *(c.name for c in cited), *NETWORK_CHECKS]))
    parts = [f"probe: {', '.join(exchange.used_by) or 'unlabelled'}", f"checks: {', '.join(names)}"]
    flagged = [c.name for c in cited if c.status is Status.FAILED]
    if flagged:
        parts.append(f"shows the failure of: {', '.join(flagged)}")
    if exchange.error:
        parts.append(f"no complete answer: {exchange.error}")
    return "; ".join(parts)
