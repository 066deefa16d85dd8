"""What a run tells whoever watches it while it runs: a line about what it does now, and each phase it starts
with how many requests that phase plans and how far it has got. The runner calls these; how they are shown
(rich on a terminal, a line every few seconds in a log, nothing with --quiet) is `conformance.cli.progress`'s.
Nothing here reaches a report file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Count = Callable[[], int | None]


class Progress(Protocol):
    def __call__(self, message: str) -> None:
        """A line about what the run does now (the phase, a warning, a note)."""

    def phase(self, name: str, sent: Count, planned: Count, interval: float) -> None:
        """A phase starts: `sent()` its requests so far, `planned()` how many it plans (None while unknown),
        `interval` the pacing's seconds between requests (0: unpaced)."""


class Silent:
    """Progress that shows nothing (a run without a watcher, tests calling the runner)."""

    def __call__(self, message: str) -> None:
        return None

    def phase(self, name: str, sent: Count, planned: Count, interval: float) -> None:
        return None
