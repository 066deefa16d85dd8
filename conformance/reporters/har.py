"""`--record FILE` / `--report har`: every exchange of a run as a HAR 1.2 file (`conformance.evidence.har`)."""

from __future__ import annotations

from conformance.results import RunResult
from conformance.secrets import Masker


class HarReporter:
    name = "har"
    filename = "run.har"

    def render(self, result: RunResult, masker: Masker) -> str:
        from conformance.evidence.har import har_text  # it loads the check registry: only when used

        return har_text(result, masker)
