"""How the provider behaved as a server over the whole run: every request the suite sent is judged here."""

from __future__ import annotations

import statistics

from conformance.results import CheckResult
from conformance.transport import Exchange

SLOW_FLOOR_SECONDS = 1.0
OUTLIER_FACTOR = 20


def network_reliability(exchanges: list[Exchange]) -> CheckResult:
    """Every request got a complete HTTP answer in time: no timeouts, resets or dropped connections."""
    name = "network_reliability"
    failed = [e for e in exchanges if e.error_kind in {"timeout", "reset", "refused", "protocol", "tls", "dns"}]
    skipped = [e for e in exchanges if e.error_kind == "breaker"]
    if failed:
        kinds = sorted({e.error_kind or "" for e in failed})
        extra = f"; {len(skipped)} more not sent after repeated failures" if skipped else ""
        return CheckResult.failed(
            name,
            f"{len(failed)} of {len(exchanges)} requests failed ({', '.join(kinds)}); "
            f"first: {failed[0].describe()}{extra}",
            failed[0],
            cases=len(exchanges),
        )
    return CheckResult.passed(name, f"{len(exchanges)} requests answered", cases=len(exchanges))


def response_size(exchanges: list[Exchange]) -> CheckResult:
    """No response body exceeds the size cap (a page of 100 steps is well under 1 MiB)."""
    name = "response_size"
    large = [e for e in exchanges if e.error_kind == "too_large"]
    if large:
        return CheckResult.failed(
            name, f"{len(large)} responses were cut off: {large[0].describe()}", large[0], cases=len(exchanges)
        )
    biggest = max((len(e.body) for e in exchanges), default=0)
    return CheckResult.passed(name, f"largest body {biggest} bytes", cases=len(exchanges))


def rate_limit_handling(exchanges: list[Exchange]) -> CheckResult:
    """429s carry a valid Retry-After and clear within a few retries that honour it."""
    name = "rate_limit_handling"
    limited = [e for e in exchanges if e.status == 429 or e.rate_limited]
    if not limited:
        return CheckResult.passed(name, "no request was rate-limited", cases=len(exchanges))
    for exchange in limited:
        raw = exchange.headers.get("retry-after")
        if exchange.status == 429 and raw is not None and not (raw.isdigit() and int(raw) >= 1):
            return CheckResult.failed(
                name, f"Retry-After is {raw!r}, not a whole number of seconds >= 1", exchange, cases=len(limited)
            )
    stuck = [e for e in limited if e.status == 429]
    if stuck:
        return CheckResult.failed(
            name,
            f"{len(stuck)} requests were still rate-limited after retrying as "
            f"Retry-After said (429 storm); first: {stuck[0].describe()}",
            stuck[0],
            cases=len(limited),
        )
    retries = sum(e.rate_limited for e in limited)
    return CheckResult.passed(name, f"{retries} 429s, each cleared by retrying after Retry-After", cases=len(limited))


def response_time(exchanges: list[Exchange]) -> CheckResult:
    """No answer is an outlier: slower than both 1 s and 20 times the median."""
    name = "response_time"
    answered = sorted(e.elapsed for e in exchanges if e.status is not None and e.error is None)
    if len(answered) < 5:
        return CheckResult.skipped(name, "too few answers to judge")
    median = statistics.median(answered)
    limit = max(SLOW_FLOOR_SECONDS, OUTLIER_FACTOR * median)
    slow = [e for e in exchanges if e.status is not None and e.error is None and e.elapsed > limit]
    p95 = answered[int(0.95 * (len(answered) - 1))]
    summary = f"median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {answered[-1] * 1000:.1f} ms"
    if slow:
        return CheckResult.failed(
            name,
            f"{len(slow)} answers slower than {limit:.2f} s ({summary}); first: "
            f"{slow[0].describe()} in {slow[0].elapsed:.2f} s",
            slow[0],
            cases=len(answered),
        )
    return CheckResult.passed(name, summary, cases=len(answered))
