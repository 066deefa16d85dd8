"""Exit codes: what each verdict exits with, and how a signal ends a run (SIGTERM as an interrupt)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

from conformance.errors import (
    EXIT_INCOMPLETE,
    EXIT_INTERNAL,
    EXIT_NONCONFORMANT,
    EXIT_OK,
    EXIT_UNTESTABLE,
    EXIT_USAGE,
)
from conformance.results import RunResult, Verdict

__all__ = ["EXIT_CODES_HELP", "EXIT_INTERNAL", "EXIT_OK", "EXIT_SIGNAL", "EXIT_USAGE", "exit_code", "worst"]
EXIT_CODES_HELP = """\b
Verdicts and exit codes:
  0  conformant      nothing failed, every core check was judged or is unobservable on this
                     run, and the run has 2+ steps; on a short run the line names its scope:
                     "conformant on a 3-step run: ...; not observable on this run: ..."
     no-regression   (with --baseline) only the baseline's known failures, and nothing newly
                     unjudged
  1  non-conformant  at least one check failed (the first line names the root cause)
  2  bad usage       one line on stderr (also: --max-requests below a full verdict's minimum)
  3  untestable      preflight stop: unreachable, operation not served at this base URL (wrong
                     prefix, or retired: OpenAI retired the Assistants API on 2026-08-26),
                     credentials rejected, or unknown thread/run ids; no phase ran
  4  internal error  a bug of the suite (one line, never a traceback)
  5  incomplete      nothing failed, but a core check was not judged (budget, excluded, an
                     earlier stop), or the run has fewer than 2 steps; the summary names each
"""
VERDICT_EXIT = {
    Verdict.CONFORMANT: EXIT_OK,
    Verdict.NO_REGRESSION: EXIT_OK,
    Verdict.NON_CONFORMANT: EXIT_NONCONFORMANT,
    Verdict.UNTESTABLE: EXIT_UNTESTABLE,
    Verdict.INCOMPLETE: EXIT_INCOMPLETE,
}
# The shell's convention for a process ended by a signal: 128 + its number.
EXIT_SIGNAL = {"SIGINT": 128 + signal.SIGINT, "SIGTERM": 128 + signal.SIGTERM}


def exit_code(result: RunResult) -> int:
    """A finished run's exit code: its signal's when interrupted, else its verdict's."""
    if result.interrupted:
        return EXIT_SIGNAL[result.interrupted]
    return VERDICT_EXIT[result.verdict]


def worst(results: list[RunResult]) -> int:
    """A matrix's exit code: the worst outcome decides (a failure, an untestable target, an incomplete one)."""
    codes = {VERDICT_EXIT[r.verdict] for r in results}
    order = (EXIT_NONCONFORMANT, EXIT_UNTESTABLE, EXIT_INCOMPLETE)
    return next((c for c in order if c in codes), EXIT_OK)


class Terminated(KeyboardInterrupt):
    """SIGTERM (what a CI timeout sends), raised where the main thread is, like Ctrl-C's KeyboardInterrupt,
    so that the runner keeps what it saw and the reports are still written."""

    signal_name = "SIGTERM"


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests calling main() from a thread): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
