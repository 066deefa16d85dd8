"""The one result model every phase fills and every output format reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from conformance.transport import Exchange


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


class Verdict(StrEnum):
    CONFORMANT = "conformant"
    NON_CONFORMANT = "non-conformant"
    UNREACHABLE = "unreachable"


@dataclass
class CheckResult:
    """The outcome of one named check. `request` is a request that shows the failure (or the last one seen)."""

    name: str
    phase: str
    status: Status
    detail: str = ""
    request: Exchange | None = None
    cases: int = 0
    description: str = ""

    @classmethod
    def passed(cls, name: str, detail: str = "", cases: int = 0) -> CheckResult:
        return cls(name, "", Status.PASSED, detail, cases=cases)

    @classmethod
    def failed(cls, name: str, detail: str, request: Exchange | None = None, cases: int = 0) -> CheckResult:
        return cls(name, "", Status.FAILED, detail, request, cases=cases)

    @classmethod
    def skipped(cls, name: str, reason: str) -> CheckResult:
        return cls(name, "", Status.SKIPPED, reason)


@dataclass
class RunResult:
    target: str
    base_url: str
    profile: str
    seed: int
    checks: list[CheckResult] = field(default_factory=list)
    cases: int = 0
    requests: int = 0
    budget: int | None = None
    elapsed: float = 0.0
    unreachable: str | None = None  # why no check could run
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        if self.unreachable is not None:
            return Verdict.UNREACHABLE
        if any(c.status is Status.FAILED for c in self.checks):
            return Verdict.NON_CONFORMANT
        return Verdict.CONFORMANT
