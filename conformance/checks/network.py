"""How the provider behaved as a server over the whole run: every request the suite sent is judged here."""

from __future__ import annotations

import statistics

from run_steps_client.wire import retry_after

from conformance.checks.registry import RATE_LIMITED, network
from conformance.observations import Exchange
from conformance.outcome import Outcome

SLOW_FLOOR_SECONDS = 1.0
OUTLIER_FACTOR = 20
MIN_SLOW = 3  # response_time fails on at least this many slow answers...
SLOW_SHARE = 0.02  # ...that are also more than this share of the answers
# The transport's error kinds (Exchange.error_kind) of a request that got no complete answer in time.
UNANSWERED = frozenset({"timeout", "reset", "refused", "protocol", "tls", "dns"})
HELD = "breaker"  # not sent after repeated failures


@network(explains=UNANSWERED | {HELD})
def network_reliability(exchanges: list[Exchange]) -> Outcome:
    """Every request got a complete HTTP answer in time: no timeouts, resets or dropped connections."""
    failed = [e for e in exchanges if e.error_kind in UNANSWERED]
    held = [e for e in exchanges if e.error_kind == HELD]
    if failed:
        kinds = sorted({e.error_kind or "" for e in failed})
        extra = f"; {len(held)} more were not sent after repeated failures" if held else ""
        sent = len(exchanges) - len(held)  # what failed is counted among the requests that went out
        return Outcome.failed(
            f"{len(failed)} of {sent} requests sent failed ({', '.join(kinds)}); first: {failed[0].describe()}{extra}",
            failed[0],
            len(exchanges),
        )
    if not exchanges:
        return Outcome.skipped("no request was sent")
    return Outcome.passed(f"{len(exchanges)} requests answered", cases=len(exchanges))


@network(explains=frozenset({"too_large"}))
def response_size(exchanges: list[Exchange]) -> Outcome:
    """No response body exceeds the size cap (8 MiB by default; a page of 100 steps is well under 1 MiB)."""
    large = [e for e in exchanges if e.error_kind == "too_large"]
    if large:
        return Outcome.failed(f"{len(large)} responses were cut off: {large[0].describe()}", large[0], len(exchanges))
    if not exchanges:
        return Outcome.skipped("no request was sent")
    biggest = max(len(e.body) for e in exchanges)
    return Outcome.passed(f"largest body {biggest} bytes", cases=len(exchanges))


@network(explains=frozenset({RATE_LIMITED}))
def rate_limit_handling(exchanges: list[Exchange]) -> Outcome:
    """Every 429 carries a Retry-After of whole seconds >= 1 (or none), and clears within --retries retries
    that wait as it says; a run that met no 429 passes. Every 429 is judged, the retried ones included."""
    limited = [e for e in exchanges if e.status == 429 or e.retries_429]
    if not limited:
        return Outcome.passed("no request was rate-limited", cases=len(exchanges))
    for exchange in limited:
        raw = exchange.headers.get("retry-after")
        if exchange.status == 429 and raw is not None and not retry_after(raw).whole_seconds_at_least_one:
            retried = f" (attempt {exchange.attempt}, then retried)" if exchange.retried else ""
            return Outcome.failed(
                f"Retry-After is {raw!r}, not a whole number of seconds >= 1{retried}", exchange, len(limited)
            )
    stuck = [e for e in limited if e.status == 429 and not e.retried]
    if stuck:
        return Outcome.failed(
            f"{len(stuck)} requests were still rate-limited after retrying as Retry-After said (429 storm); "
            f"first: {stuck[0].describe()}",
            stuck[0],
            len(limited),
        )
    retries = sum(e.retries_429 for e in limited)
    return Outcome.passed(f"{retries} 429s, each cleared by retrying after Retry-After", cases=len(limited))


@network(core=False)
def response_time(exchanges: list[Exchange]) -> Outcome:
    """Slow answers are not a pattern: more than a few answers (at least 3, and over 2% of them) slower than
    both 1 s and 20 times the median fail it; a lone outlier on a loaded machine does not (optional: needs 5
    answers). The detail says how the answer times were spread."""
    answered = sorted(e.elapsed for e in exchanges if e.status is not None and e.error is None)
    if len(answered) < 5:
        return Outcome.skipped("too few answers to judge")
    median = statistics.median(answered)
    limit = max(SLOW_FLOOR_SECONDS, OUTLIER_FACTOR * median)
    slow = [e for e in exchanges if e.status is not None and e.error is None and e.elapsed > limit]
    p95 = answered[int(0.95 * (len(answered) - 1))]
    spread = (
        f"{len(answered)} answers: median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {answered[-1] * 1000:.0f} ms; {len(slow)} over {limit:.2f} s"
    )
    if len(slow) >= MIN_SLOW and len(slow) > SLOW_SHARE * len(answered):
        return Outcome.failed(
            f"{spread}: slow answers are a pattern; first: {slow[0].describe()} in {slow[0].elapsed:.2f} s",
            slow[0],
            len(answered),
            evidence=slow,
        )
    lone = " (too few to be a pattern)" if slow else ""
    return Outcome.passed(spread + lone, cases=len(answered))
