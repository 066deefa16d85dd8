"""What a command prints and writes once a run is finished: the summary, the verdict line, the report files."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click
from rich.console import Console

from conformance import reporters
from conformance.errors import UsageError
from conformance.headline import headline, root_cause_lines
from conformance.results import RunResult, Verdict
from conformance.secrets import Masker


def make_console(no_color: bool = False, capture: bool = False) -> Console:
    """The terminal's width on a terminal; 120 columns for the table when output goes to a file or pipe (CI
    logs), where long lines (the verdict, notes) are never wrapped. NO_COLOR is honoured by rich itself.
    `capture` records instead of printing (a parallel matrix target, printed whole when it is done)."""
    console = Console(highlight=False, no_color=no_color or None)
    if capture:
        return Console(highlight=False, width=120, no_color=True, record=True, file=io.StringIO())
    if not console.is_terminal:
        console = Console(highlight=False, width=120, no_color=no_color or None)
    return console


def summary(result: RunResult, console: Console, masker: Masker, quiet: bool = False) -> None:
    """The table of one run (not with --quiet, nor when the preflight stopped the run: then the verdict line
    says it all)."""
    if not quiet and result.untestable is None:
        reporters.TERMINAL.show(result, masker, console)


def verdict(result: RunResult, console: Console, masker: Masker, quiet: bool = False) -> None:
    """The one-line verdict, always the last line a command prints (after the table and the `wrote` lines);
    above it, when there are several, one line per root cause (not with --quiet); when the preflight stopped
    the run, on stderr as an error line."""
    line = masker.text(headline(result))
    if result.untestable is not None:
        console.file.flush()  # the `wrote` lines on stdout come first, also when both streams share a terminal
        click.echo(f"conformance: {line}", err=True)
        return
    causes = root_cause_lines(result) if result.verdict is Verdict.NON_CONFORMANT and not quiet else []
    for cause in causes if len(causes) > 1 else []:  # with one, the verdict line says it all
        console.print(masker.text(cause), markup=False, highlight=False, soft_wrap=True)
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def finish(result: RunResult, console: Console, masker: Masker) -> None:
    """The table and the verdict line, for a command that writes nothing after it."""
    summary(result, console, masker)
    verdict(result, console, masker)


def write_outputs(
    result: RunResult,
    masker: Masker,
    formats: Iterable[str],
    report_dir: Path | None,
    record: Path | None,
    console: Console,
    quiet: bool = False,
) -> None:
    """The report files; each named in a `wrote PATH` line (not with --quiet), before the verdict line."""
    for path in reporters.write_run(result, masker, formats, report_dir, record):
        wrote(path, console, quiet)


def wrote(path: object, console: Console, quiet: bool = False) -> None:
    if not quiet:
        console.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)


def check_writable(report_dir: Path | None, record: Path | None) -> None:
    """Before the first request: the report folder and the recording's folder can be created and written,
    so a long run is never lost to a path that could not take its results."""
    for directory, what in ((report_dir, "--report-dir"), (record.parent if record else None, "--record")):
        if directory is None:
            continue
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=directory):
                pass
        except OSError as exc:
            raise UsageError(f"{what}: cannot write to {directory}: {exc.strerror or exc}") from None
    if record is not None and record.is_dir():
        raise UsageError(f"--record: {record} is a folder; give a file name, e.g. {record / 'run.har'}")
