"""Every check judged once, when the run ends, over what the run saw (`runner.run_target` calls it): the
semantic checks over the observations, the network checks over every exchange answered, schemathesis' from the
outcomes its phase gathered.

A check that reads a probe left unanswered (`Observations.unanswered`: a recording holds no answer for it,
or the run was interrupted before it) is not judged unless what was answered already shows its failure; a
check whose probes all answered is judged, interrupted or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.checks import Check, Phase, checks, spec_extensions
from conformance.observations import INTERRUPTED, UNRECORDED, Exchange, Observations
from conformance.outcome import Outcome, Status
from conformance.probes import SCHEMATHESIS_CASE, checks_reading
from conformance.results import CheckResult
from conformance.settings import Settings


def selected(name: str, settings: Settings) -> bool:
    return (settings.checks is None or name in settings.checks) and name not in settings.excluded


def left_out(check: Check, settings: Settings) -> Outcome:
    how = "--exclude-checks" if check.name in settings.excluded else "--checks (not listed)"
    return Outcome(Status.EXCLUDED, f"excluded by {how}")


@dataclass(frozen=True)
class Seen:
    """What a run saw, for judging: the semantic phase's observations (None: it never began), the outcomes of
    schemathesis' checks (None: its phase never ended), every exchange answered, and the signal that ended
    the run early, if one did."""

    observations: Observations | None
    schema: dict[str, Outcome] | None
    exchanges: list[Exchange]
    interrupted: str | None = None


def judge_checks(settings: Settings, seen: Seen) -> list[CheckResult]:
    """Every declared check with its outcome, in report order."""
    return [
        CheckResult(c, _judge(c, seen, settings.strict) if selected(c.name, settings) else left_out(c, settings))
        for c in checks()
    ]


def extensions_note(settings: Settings, seen: Seen) -> str | None:
    """The note naming the extensions the run's pages carry (see `checks.spec_extensions`), or None."""
    if seen.observations is None or not selected(spec_extensions.NAME, settings):
        return None
    return spec_extensions.note(seen.observations, settings.strict)


def _judge(check: Check, seen: Seen, strict: bool = False) -> Outcome:
    cut = f"not judged: the run was interrupted ({seen.interrupted})"
    if check.phase is Phase.SCHEMATHESIS:
        if seen.schema is None:
            return Outcome.skipped(f"{cut} before the schemathesis phase ended")
        return seen.schema[check.name]
    assert check.function is not None
    if check.phase is Phase.NETWORK:
        sent = [e for e in seen.exchanges if e.error_kind != INTERRUPTED]  # a request a signal cut off: no answer
        return check.function(sent)
    observed = seen.observations
    if observed is None:
        return Outcome.skipped(f"{cut} before the semantic phase")
    outcome = check.function(observed)
    if strict and check.name == spec_extensions.NAME:  # --strict: extensions are failures
        outcome = spec_extensions.under_strict(outcome)
    missing = [label for label in observed.unanswered if check.name in checks_reading(label)]
    if not missing or outcome.status is Status.FAILED:
        return outcome
    return Outcome.skipped(unanswered_reason(observed, missing, seen.interrupted))


def unanswered_reason(seen: Observations, labels: list[str], interrupted: str | None) -> str:
    unrecorded = [label for label in labels if seen.unanswered[label] == UNRECORDED]
    if unrecorded:
        return f"not judged: the recording holds no answer for probe(s) {', '.join(unrecorded)}"
    return f"not judged: the run was interrupted ({interrupted}) before probe(s) {', '.join(labels)} answered"


def unrecorded_note(unrecorded: list[Exchange], judged: list[CheckResult]) -> str:
    """One note for the requests a recording held no answer for, and the checks they left not judged."""
    labels = list(dict.fromkeys(label for e in unrecorded for label in e.used_by))
    marked = [c.name for c in judged if c.outcome.detail.startswith("not judged: the recording holds no answer")]
    cases = sum(SCHEMATHESIS_CASE in e.used_by for e in unrecorded)
    schema = f"; schemathesis' checks judged only the recorded cases ({cases} had no answer)" if cases else ""
    return (
        f"the recording holds no answer for {len(unrecorded)} request(s) (probes: {', '.join(labels)}); "
        f"not judged: {', '.join(marked) or 'none'}{schema}"
    )
