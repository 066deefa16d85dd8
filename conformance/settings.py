"""Everything one conformance run needs to know, as one immutable object built by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    target: Target | None  # None: start the embedded reference provider
    profile_name: str = "openai"
    fault: str | None = None  # only for the embedded provider
    report_dir: Path | None = None
    max_examples: int = 25
    seed: int = 0
    timeout: float = 10.0
    max_requests: int | None = None
    max_body_bytes: int = 8 * 1024 * 1024
    retry_429: int = 3
    max_retry_wait: float = 5.0
    quiet: bool = False
    extra_secrets: tuple[str, ...] = field(default_factory=tuple)
