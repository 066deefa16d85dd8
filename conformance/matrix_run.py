"""A matrix run: every resolved target through `execution.run`, side by side when asked, to one `MatrixResult`.

The command line only parses and prints: it hands `run_matrix` a `watch` per target (that target's progress,
and what to show once it is done) and formats the result through the reporters. A target refused before its
first phase (its budget) is recorded as `untestable`, not run, and the others still run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from conformance import execution
from conformance.concurrency import run_all
from conformance.errors import UsageError
from conformance.progress import Progress
from conformance.results import RunResult, Verdict
from conformance.secrets import Masker
from conformance.settings import Settings
from conformance.targets import Resolved


class TargetWatch(Protocol):
    """How the caller follows one target of a matrix."""

    @property
    def progress(self) -> Progress: ...

    def refused(self, reason: str) -> None:
        """The target was refused before its first phase (the reason is one line)."""

    def done(self, result: RunResult, masker: Masker) -> None:
        """The target is finished (the watcher closes its progress here)."""


@dataclass(frozen=True)
class MatrixResult:
    """Every target's finished result, in the matrix's order, and one masker holding all their secrets."""

    results: tuple[RunResult, ...]
    masker: Masker

    def overall(self) -> str:
        """The matrix in one line: `3 targets: 1 conformant, 1 non-conformant, 1 untestable` (verdicts in their
        declared order, each only when some target has it)."""
        counts = Counter(r.verdict for r in self.results)
        parts = [f"{counts[v]} {v.value}" for v in Verdict if counts[v]]
        total = len(self.results)
        return f"{total} target{'s' if total != 1 else ''}: {', '.join(parts)}"


def run_matrix(
    targets: Sequence[Resolved],
    settings: Settings,
    baselines: Mapping[str, execution.Baseline | None],
    parallel: int,
    watch: Callable[[Resolved], TargetWatch],
) -> MatrixResult:
    """Run every target (`parallel` at a time) and return their results in the targets' order."""

    def one(resolved: Resolved) -> tuple[RunResult, Masker]:
        watcher = watch(resolved)
        masker = execution.masker_for(resolved)
        try:
            result = execution.run(resolved, settings, watcher.progress, baselines.get(resolved.options.name))
        except UsageError as exc:
            watcher.refused(str(exc))
            result = execution.not_run(resolved, settings, str(exc))
        watcher.done(result, masker)
        return result, masker

    results, masker = [], Masker()
    for outcome in run_all([partial(one, r) for r in targets], parallel):
        if isinstance(outcome, Exception):
            raise outcome
        result, target_masker = outcome
        masker = masker.with_secrets(target_masker.values)
        results.append(result)
    return MatrixResult(tuple(results), masker)
