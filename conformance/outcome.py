"""What a check found (`Outcome`) and its status: plain data, read by the checks, the results and the reports.

Its own module so that the check registry and the result model both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from conformance.observations import Exchange


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    EXCLUDED = "excluded"  # left out with --checks / --exclude-checks: never counts as passed
    UNOBSERVABLE = "unobservable"  # the run cannot show this behaviour (too few steps, no such step)


@dataclass
class Outcome:
    """What a check found. `request` is the request that shows a failure (for walks: the page that shows it)."""

    status: Status
    detail: str = ""
    request: Exchange | None = None
    cases: int = 0
    previous_request: Exchange | None = None  # for walks: the page before the one that shows the failure
    needs: str | None = None  # unobservable: what run would show it, e.g. "a run of 21+ steps"
    evidence: list[Exchange] = field(default_factory=list)  # every answer it failed on (else just `request`)
    severity: int | None = None  # a failure's own Severity when it differs from its check's
    blocked_by: str | None = None  # skipped: the check whose failure left nothing to judge

    @classmethod
    def passed(cls, detail: str = "", cases: int = 0) -> Outcome:
        return cls(Status.PASSED, detail, cases=cases)

    @classmethod
    def failed(
        cls,
        detail: str,
        request: Exchange | None = None,
        cases: int = 0,
        previous_request: Exchange | None = None,
        evidence: list[Exchange] | None = None,
        severity: int | None = None,
    ) -> Outcome:
        return cls(Status.FAILED, detail, request, cases, previous_request, evidence=evidence or [], severity=severity)

    @property
    def shown_by(self) -> list[Exchange]:
        """The answers that show a failure: its evidence, or the one request it names."""
        return self.evidence or ([self.request] if self.request is not None else [])

    @classmethod
    def skipped(cls, reason: str, blocked_by: str | None = None) -> Outcome:
        return cls(Status.SKIPPED, reason, blocked_by=blocked_by)

    @classmethod
    def unobservable(cls, reason: str, needs: str, cases: int = 0) -> Outcome:
        """The run cannot show the behaviour: `reason` says what was seen, `needs` the run that would show it."""
        return cls(Status.UNOBSERVABLE, reason, cases=cases, needs=needs)
