"""The knobs of one conformance run (apart from the target), as one immutable object built by the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.profiles import Profile


@dataclass(frozen=True)
class Target:
    """Where the suite sends requests and as whom."""

    name: str
    base_url: str
    profile: Profile
    thread_id: str
    run_id: str


@dataclass(frozen=True)
class Settings:
    max_examples: int = 25  # Hypothesis examples per generation mode (positive, negative)
    seed: int = 0
    timeout: float = 10.0  # seconds per request
    max_requests: int | None = None  # budget; None: unbounded
    max_body_bytes: int = 8 * 1024 * 1024
    retry_429: int = 3  # retries of one request answered 429
    max_retry_wait: float = 5.0  # longest Retry-After honoured, seconds
