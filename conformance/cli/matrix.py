"""`conformance matrix`: the suite against several targets, and a table of check x target."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console

from conformance import execution, reporters
from conformance.cli.exits import EXIT_CODES_HELP, worst
from conformance.cli.options import CommonOptions, GivenPath, common_options
from conformance.cli.output import check_writable, make_console, summary, write_outputs, wrote
from conformance.cli.progress import Display, RunProgress
from conformance.cli.render import history_options
from conformance.errors import UsageError
from conformance.headline import headline
from conformance.matrix_run import run_matrix
from conformance.matrix_targets import matrix_targets
from conformance.results import RunResult
from conformance.secrets import Masker
from conformance.targets import Resolved


def target_baselines(directory: Path | None, targets: list[Resolved]) -> dict[str, execution.Baseline | None]:
    """`--baseline-dir DIR`: DIR/NAME/report.json of each target, when there is one. A folder holding none of
    them is a usage error (a typo must not silently turn regression tracking off)."""
    if directory is None:
        return {r.options.name: None for r in targets}
    paths = {r.options.name: directory / r.options.name / "report.json" for r in targets}
    if not any(p.is_file() for p in paths.values()):
        names = ", ".join(paths)
        raise UsageError(f"--baseline-dir {directory}: holds no NAME/report.json of these targets ({names})")
    return {
        r.options.name: execution.read_run_baseline(paths[r.options.name], r)
        if paths[r.options.name].is_file()
        else None
        for r in targets
    }


def record_path(record: Path | None, name: str) -> Path | None:
    return None if record is None else record.with_name(f"{record.stem}-{name}{record.suffix or '.har'}")


@click.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--target",
    "target_specs",
    multiple=True,
    metavar="NAME=URL",
    help="A target (repeatable). URL 'embedded' or 'embedded:FAULT' starts a reference provider (with its own "
    "key and run); any other URL is a provider's base URL and takes the --profile, keys, --thread-id and --run-id "
    "given here, which the embedded targets do not.",
)
@click.option(
    "--config",
    type=GivenPath(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="TOML file with [[target]] tables (keys: name, base_url, profile, api_key_env, virtual_key_env, "
    "entra_token_env, portkey_provider, custom_host, headers, query, thread_id, run_id). A target's keys come "
    "only from the environment variables it names.",
)
@click.option(
    "--output",
    type=GivenPath(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown table here (default: REPORT_DIR/matrix.md when --report-dir is given).",
)
@click.option(
    "--parallel",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Targets run side by side (each within its own --rate-limit); the table is the same as one at a time.",
)
@click.option(
    "--baseline-dir",
    type=GivenPath(file_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="DIR",
    help="An earlier matrix --report-dir: each target is compared with DIR/NAME/report.json (when present).",
)
@history_options
@common_options(for_matrix=True)
def matrix(
    target_specs: tuple[str, ...],
    config: Path | None,
    output: Path | None,
    parallel: int,
    baseline_dir: Path | None,
    history: Path | None,
    nights: int,
    opts: CommonOptions,
) -> int:
    """Run the suite against several targets and write a Markdown table of check x target.

    Every target is validated before the first one runs; a target that cannot run is reported as such and the
    others still run; the table is always written.
    """
    console = make_console(opts.no_color)
    targets = matrix_targets(target_specs, config, opts.target_options(), os.environ)
    settings = opts.settings()
    formats = opts.formats()
    check_writable(opts.report_dir, opts.record)
    if output is not None:
        check_writable(output.parent, None)
    baselines = target_baselines(baseline_dir, targets)

    with Display.for_console(console, opts.quiet, opts.progress_period) as display:
        target_done = display.targets(len(targets))
        watchers: list[Watcher] = []

        def watch(resolved: Resolved) -> Watcher:
            """One target's output, captured when targets run side by side so that each prints whole, in the
            matrix's order."""
            out = make_console(opts.no_color, capture=True) if parallel > 1 else console
            name = resolved.options.name
            watcher = Watcher(name, out, display.run(name, out), opts, formats, target_done)
            watcher.start()
            watchers.append(watcher)
            return watcher

        done = run_matrix(targets, settings, baselines, parallel, watch)
    for name in (r.target_name for r in done.results):  # the captured output, in the matrix's order
        captured = next(w for w in watchers if w.name == name).out
        if captured is not console:
            console.out(captured.export_text(), end="", highlight=False)
    results, masker = list(done.results), done.masker
    write_matrix(results, masker, opts, formats, output, history, nights, console)
    # As each target is recorded: one refused before its first phase (its budget) is `untestable` (not run),
    # in its report.json, matrix.md and the exit code alike.
    console.print(done.overall(), markup=False, highlight=False, soft_wrap=True)  # always the last line
    return worst(results)


@dataclass
class Watcher:
    """matrix_run.TargetWatch for the terminal: the target's name, its progress, and once it is done its
    table, reports and verdict line (with --quiet, only the reports)."""

    name: str
    out: Console
    progress: RunProgress
    opts: CommonOptions
    formats: tuple[str, ...]
    counted: Callable[[], None]  # the display's count of targets done

    def start(self) -> None:
        if not self.opts.quiet:
            self.out.print(f"[bold]{self.name}[/]", highlight=False)

    def refused(self, reason: str) -> None:
        # not an error of the command: the other targets run, and this one is reported untestable
        click.echo(f"conformance: target {self.name!r} not run: {reason}", err=True)

    def done(self, result: RunResult, masker: Masker) -> None:
        self.progress.close()
        opts = self.opts
        summary(result, self.out, masker, opts.quiet)
        report_dir = opts.report_dir / self.name if opts.report_dir is not None else None
        write_outputs(result, masker, self.formats, report_dir, record_path(opts.record, self.name), self.out,
                      opts.quiet)  # fmt: skip
        if not opts.quiet:  # a target's verdict, on stdout with its table: an untestable target is no error
            self.out.print(masker.text(headline(result)), markup=False, highlight=False, soft_wrap=True)
        self.counted()


def write_matrix(
    results: list[RunResult],
    masker: Masker,
    opts: CommonOptions,
    formats: tuple[str, ...],
    output: Path | None,
    history: Path | None,
    nights: int,
    console: Console,
) -> None:
    """The table (printed, and written to --output or REPORT_DIR/matrix.md) and the other matrix formats
    (matrix.html), each file named in a `wrote` line."""
    table = reporters.matrix_table(results, masker)
    if not opts.quiet:
        console.print(table, markup=False, highlight=False, soft_wrap=True)
    destination = output or (opts.report_dir / "matrix.md" if opts.report_dir else None)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(table, encoding="utf-8")
        wrote(destination, console, opts.quiet)
    if opts.report_dir is not None:
        for reporter in reporters.matrix_files(formats, opts.report_dir, history, nights):
            path = reporters.write(reporter.render(results, masker), opts.report_dir / reporter.filename, masker)
            wrote(path, console, opts.quiet)
