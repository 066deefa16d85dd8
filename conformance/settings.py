"""How hard and how long one conformance run tests (the target itself is `targets.Target`): one immutable
object built by the CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    max_examples: int = 25  # Hypothesis examples per generation mode (positive, negative)
    seed: int = 0
    timeout: float = 10.0  # seconds per request
    max_requests: int | None = None  # budget; None: unbounded
    allow_incomplete: bool = False  # run even when the budget cannot buy a full verdict
    max_body_bytes: int = 8 * 1024 * 1024
    retries_429: int = 3  # retries of one request answered 429
    max_retry_wait: float = 5.0  # longest Retry-After honoured, seconds
    rate_limit: float | None = None  # requests per second across the run; None: unpaced
    rate_limit_given: bool = False  # False: the default applies (polite for --base-url, none when embedded)
    workers: int = 1  # independent requests sent side by side
    checks: frozenset[str] | None = None  # --checks: only these are judged; None: all
    excluded: frozenset[str] = frozenset()  # --exclude-checks
    strict: bool = False  # --strict: extensions (conformance.extensions) are failures
