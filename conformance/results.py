"""The one result model every phase fills and every output format reads, and the verdict derived from it.

Verdicts, and the exit codes the CLI gives them:
- conformant (0): nothing failed, every core check was judged or is unobservable on this run, and the run
  has at least two steps; when some behaviour was unobservable, the one line says so (the scope);
- no-regression (0): against a baseline, nothing failed that did not fail there, and every check that was not
  judged is hidden by a known failure exactly as it was in the baseline;
- non-conformant (1): at least one core check failed (an optional check's failure is reported, never decides);
- untestable (3): the preflight found the target cannot be tested as given (unreachable, operation not served
  at this base URL, credentials rejected, unknown thread or run); no phase ran;
- incomplete (5): nothing failed, but at least one core check could not be judged (budget, missing data,
  an earlier stop), or the run has fewer than two steps; the result names each and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from conformance.checks.registry import Check
from conformance.observations import Exchange, Observations
from conformance.outcome import Outcome, Status
from conformance.plan import MIN_JUDGED_STEPS
from conformance.root_causes import RootCause, echoes, group

__all__ = [  # Outcome and Status are outcome's; here too, for the modules that read them with the results
    "BaselineComparison",
    "CheckResult",
    "Outcome",
    "RunResult",
    "Status",
    "Untestable",
    "Verdict",
    "clip",
]


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when something was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Verdict(StrEnum):
    CONFORMANT = "conformant"
    NO_REGRESSION = "no-regression"
    NON_CONFORMANT = "non-conformant"
    INCOMPLETE = "incomplete"
    UNTESTABLE = "untestable"


@dataclass(frozen=True)
class CheckResult:
    """A declared check and its outcome; name, phase and description come from the declaration."""

    check: Check
    outcome: Outcome
    echo_of: str | None = None  # a failed check this failure probably follows from

    @property
    def name(self) -> str:
        return self.check.name

    @property
    def phase(self) -> str:
        return self.check.phase.value

    @property
    def description(self) -> str:
        return self.check.description

    @property
    def core(self) -> bool:
        return self.check.core

    @property
    def status(self) -> Status:
        return self.outcome.status

    @property
    def detail(self) -> str:
        return self.outcome.detail

    @property
    def request(self) -> Exchange | None:
        return self.outcome.request

    @property
    def cases(self) -> int:
        return self.outcome.cases


def linked(checks: list[CheckResult]) -> list[CheckResult]:
    """The checks with each failure that follows from another marked (`echo_of`), by the answers both failed on
    (see root_causes): what a RunResult is built with."""
    found = echoes(checks)
    return [replace(c, echo_of=found[c.name]) if c.echo_of != found[c.name] else c for c in checks]


@dataclass(frozen=True)
class BaselineComparison:
    """This run against an earlier report.json of the same target: only regressions decide the verdict."""

    path: str
    regressions: tuple[str, ...]  # failed now, passed (or was not failed) then
    known: tuple[str, ...]  # failed then and now
    fixed: tuple[str, ...]  # failed then, passed now
    hidden: tuple[str, ...] = ()  # not judged now nor then, because a known failure leaves them nothing


@dataclass
class Untestable:
    """Why the preflight stopped the run: `kind` is unreachable | not_served | credentials_rejected |
    unknown_ids; `reason` is the one line the user reads; `request` the masked request that showed it."""

    kind: str
    reason: str
    request: Exchange | None = None


@dataclass(frozen=True)
class RunResult:
    """A finished run: built once when the run ends (`runner.run_target`) and never changed; a later fact (a
    baseline comparison, a recording's name) makes a copy (`dataclasses.replace`)."""

    target_name: str  # the target's name (report.json: `target`)
    base_url: str
    profile: str
    seed: int
    checks: list[CheckResult] = field(default_factory=list)
    cases: int = 0
    requests: int = 0
    budget: int | None = None
    planned: dict[str, int] = field(default_factory=dict)  # phase -> requests planned (with a budget)
    spent: dict[str, int] = field(default_factory=dict)  # phase -> requests sent
    # The generated phase's requests per class (positive, negative, hostile; spent also names "shrinking",
    # the part of hostile's that shrank a failing input): see plan.class_shares.
    planned_by_class: dict[str, int] = field(default_factory=dict)
    spent_by_class: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    finished_at: datetime = field(default_factory=lambda: datetime.now(UTC))  # every report of the run says this
    untestable: Untestable | None = None
    steps: int | None = None  # the run's size, when the walks established it
    notes: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list, repr=False)  # every request, for recordings
    embedded_fault: str | None = None  # set (to "none" when clean) when the target was the embedded provider
    replay: str | None = None  # a command line that replays the whole run (embedded provider only)
    rate_limit: float | None = None  # requests per second the run was paced at (None: unpaced)
    workers: int = 1
    target_id: str = ""  # what a baseline must match: the base URL, or "embedded" for the reference provider
    run_ref: str = ""  # THREAD/RUN: the run tested, which a baseline must match too
    spec_version: str = ""  # openapi.yaml's info.version
    baseline: BaselineComparison | None = None
    recording: str | None = None  # the file name of the run's --record HAR, when one is written
    interrupted: str | None = None  # the signal that cut the run short (SIGINT, SIGTERM), see runner
    recipe: dict[str, Any] = field(default_factory=dict)  # what repeats this run (conformance.evidence.fields.recipe)
    observations: Observations | None = field(default=None, repr=False)  # what the semantic phase saw

    @property
    def failed(self) -> list[CheckResult]:
        """Failed checks, root causes first (most severe first), each followed by what follows from it, then
        the rest (optional failures)."""
        failed = [c for c in self.checks if c.status is Status.FAILED]
        ordered = [c for root in group(failed) for c in (root.failure, *root.follows)]
        return [*ordered, *(c for c in failed if c not in ordered)]

    @property
    def root_causes(self) -> list[RootCause[CheckResult]]:
        """The deciding failures that follow from no other, most severe first, with what follows from each
        (against a baseline: the regressions among them)."""
        roots = group([c for c in self.checks if c.status is Status.FAILED])
        if self.baseline is None:
            return roots
        regressions = self.baseline.regressions
        kept = [r for r in roots if r.failure.name in regressions]
        covered = {c.name for r in kept for c in (r.failure, *r.follows)}
        # a regression that follows from a known failure is still one: it is reported as its own cause
        kept += [RootCause(c, reason=c.detail, severity=c.outcome.severity or c.check.severity)
                 for c in self.deciding_failures if c.name not in covered]  # fmt: skip
        return kept

    @property
    def skipped_core(self) -> list[CheckResult]:
        """Core checks not judged; against a baseline, those a known failure hides as it did then are left out."""
        hidden = self.baseline.hidden if self.baseline is not None else ()
        return [c for c in self.checks if c.status is Status.SKIPPED and c.core and c.name not in hidden]

    @property
    def excluded_core(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status is Status.EXCLUDED and c.core]

    @property
    def unobservable(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status is Status.UNOBSERVABLE]

    @property
    def too_short(self) -> bool:
        """The run has fewer steps than the smallest run a verdict can rest on (see plan.MIN_JUDGED_STEPS)."""
        return self.steps is not None and self.steps < MIN_JUDGED_STEPS

    @property
    def deciding_failures(self) -> list[CheckResult]:
        """The failures that decide the verdict: every core one, or against a baseline only the regressions."""
        core = [c for c in self.failed if c.core]
        if self.baseline is None:
            return core
        return [c for c in core if c.name in self.baseline.regressions]

    @property
    def verdict(self) -> Verdict:
        if self.untestable is not None:
            return Verdict.UNTESTABLE
        if self.interrupted:  # what was judged is reported; the run did not reach the rest
            return Verdict.INCOMPLETE
        if self.deciding_failures:
            return Verdict.NON_CONFORMANT
        if self.skipped_core or self.excluded_core or not self.checks or self.too_short:
            return Verdict.INCOMPLETE
        if self.baseline is not None and any(c.core for c in self.failed):  # only known failures
            return Verdict.NO_REGRESSION
        return Verdict.CONFORMANT

    def reached(self) -> str:
        """For an interrupted run: what was judged before the signal, and what it did not reach."""
        judged = [c for c in self.checks if c.status in (Status.PASSED, Status.FAILED, Status.UNOBSERVABLE)]
        if not judged:
            return "nothing was judged"
        failed = [c.name for c in self.failed]
        said = f"{len(judged)} checks judged" + (f", {len(failed)} failed ({', '.join(failed)})" if failed else "")
        missing = [c.name for c in self.checks if c.status is Status.SKIPPED]
        if len(missing) > 6:
            return f"{said}; not reached: {', '.join(missing[:6])} and {len(missing) - 6} more"
        return f"{said}; not reached: {', '.join(missing) or 'none'}"

    def unobservable_list(self) -> str:
        """`default_page_size (needs a run of 21+ steps), ...`: what this run could not show."""
        return ", ".join(
            f"{c.name} (needs {c.outcome.needs})" if c.outcome.needs else c.name for c in self.unobservable
        )

    @property
    def run_size(self) -> str:
        return f"a {self.steps}-step run" if self.steps is not None else "this run"
