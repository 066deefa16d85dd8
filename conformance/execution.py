"""Runs one resolved target and returns its finished `RunResult`: the masker of its secrets, the default
pacing, the replay line of an embedded run, and the comparison with a baseline all live here, so that the CLI
only turns options into settings and a result into an exit code.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from conformance import baseline, reference
from conformance.errors import UsageError
from conformance.pacing import default_rate
from conformance.progress import Count, Progress, Silent
from conformance.results import RunResult, Untestable
from conformance.secrets import Masker, is_secret_header, looks_secret
from conformance.settings import Settings
from conformance.targets import Resolved, TargetOptions, open_target


@dataclass(frozen=True)
class Baseline:
    """An earlier report.json of the same target and run, read and checked before anything is sent."""

    path: Path
    report: dict[str, Any]


def read_run_baseline(path: Path | None, resolved: Resolved) -> Baseline | None:
    """`--baseline PATH`: the report, refused (a usage error) when it is of another target, run or spec."""
    if path is None:
        return None
    from conformance.spec import spec_version

    data = baseline.load(path)  # BaselineRefused is a usage error (conformance.errors)
    baseline.check_identity(data, resolved.target_id, spec_version(), path, resolved.run_ref)
    return Baseline(path, data)


def secrets_of(options: TargetOptions) -> list[str]:
    """Everything secret the user handed over for this target: keys, and header values whose name or shape
    marks them as credentials."""
    given = [options.api_key or "", options.virtual_key or "", options.entra_token or ""]
    given += [v for k, v in options.query.items() if is_secret_header(k) or looks_secret(v)]
    return given + [v for k, v in options.headers.items() if is_secret_header(k) or looks_secret(v)]


def masker_for(resolved: Resolved) -> Masker:
    """The masker of one target: its keys and secret headers; the embedded provider's published keys are
    public to it (they stay readable in reproductions)."""
    public = reference.PUBLIC_KEYS if resolved.embedded else frozenset()
    return Masker([*secrets_of(resolved.options), *resolved.profile.secrets], public=public)


def replay_line(resolved: Resolved, settings: Settings) -> str | None:
    """For the embedded provider: a command line that replays the whole run (same seed, fault and knobs)."""
    if not resolved.embedded:
        return None
    parts = ["conformance", "run", "--seed", str(settings.seed), "--max-examples", str(settings.max_examples)]
    parts += ["--fault", resolved.fault] if resolved.fault else []
    parts += ["--profile", resolved.options.profile] if resolved.options.profile != "openai" else []
    for name, value in resolved.query:
        parts += ["--query", f"{name}={value}"]
    if settings.max_requests is not None:
        parts += ["--max-requests", str(settings.max_requests)]
        parts += ["--allow-incomplete"] if settings.allow_incomplete else []
    parts += ["--strict"] if settings.strict else []
    return " ".join(shlex.quote(p) for p in parts)


def paced(settings: Settings, resolved: Resolved) -> Settings:
    """The settings with the default pacing when --rate-limit was not given (none on loopback and embedded)."""
    if settings.rate_limit_given:
        return settings
    return replace(settings, rate_limit=default_rate(None if resolved.embedded else resolved.base_url))


def run(
    resolved: Resolved,
    settings: Settings,
    progress: Progress | None = None,
    earlier: Baseline | None = None,
) -> RunResult:
    """The suite on one resolved target; the result is finished. A budget below a full verdict's minimum is a
    usage error (masked: the message may quote the target)."""
    from conformance.errors import BudgetTooSmall
    from conformance.evidence.server import unrecorded_note
    from conformance.runner import About, run_target

    masker = masker_for(resolved)
    progress = MaskedProgress(progress or Silent(), masker)
    for note in resolved.notes:
        progress(f"note: {note}")
    settings = paced(settings, resolved)
    about = About(
        target_id=resolved.target_id,
        run_ref=resolved.run_ref,
        notes=resolved.notes,
        embedded_fault=(resolved.fault or "none") if resolved.embedded else None,
        replay=replay_line(resolved, settings),
    )
    with open_target(resolved) as target:
        try:
            result = run_target(target, settings, progress, about)
        except BudgetTooSmall as exc:
            raise UsageError(masker.text(str(exc))) from None
    unrecorded = unrecorded_note(result.exchanges)  # against serve --replay
    if unrecorded is not None:
        result = replace(result, notes=[*result.notes, unrecorded])
    if earlier is not None:
        result = replace(result, baseline=baseline.compare(result, earlier.report, earlier.path))
    return result


@dataclass(frozen=True)
class MaskedProgress:
    """Progress whose messages pass the target's masker before anyone sees them (they quote URLs)."""

    inner: Progress
    masker: Masker

    def __call__(self, message: str) -> None:
        self.inner(self.masker.text(message))

    def phase(self, name: str, sent: Count, planned: Count, interval: float) -> None:
        self.inner.phase(name, sent, planned, interval)


def not_run(resolved: Resolved, settings: Settings, reason: str) -> RunResult:
    """The result of a matrix target refused before its first phase (its budget): `untestable`, not run."""
    return RunResult(
        resolved.options.name,
        resolved.base_url or "embedded",
        resolved.profile.name,
        settings.seed,
        budget=settings.max_requests,
        untestable=Untestable("not_run", f"not run: {reason}"),
    )
