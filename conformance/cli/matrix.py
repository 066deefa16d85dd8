"""`conformance matrix`: the suite against several targets, and a table of check x target."""

from __future__ import annotations

import os
from collections import Counter
from functools import partial
from pathlib import Path

import click
from rich.console import Console

from conformance import execution, reporters
from conformance.cli.exits import EXIT_CODES_HELP, worst
from conformance.cli.options import CommonOptions, GivenPath, common_options
from conformance.cli.output import check_writable, make_console, summary, write_outputs, wrote
from conformance.cli.progress import Display
from conformance.cli.render import history_options, matrix_page
from conformance.concurrency import run_all
from conformance.errors import UsageError
from conformance.matrix_targets import matrix_targets
from conformance.results import RunResult, Verdict
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

        def one(resolved: Resolved) -> tuple[RunResult, Masker, str]:
            """One target, its output captured so that parallel targets print whole, in the matrix's order."""
            name = resolved.options.name
            out = make_console(opts.no_color, capture=True) if parallel > 1 else console
            if not opts.quiet:
                out.print(f"[bold]{name}[/]", highlight=False)
            masker = execution.masker_for(resolved)
            progress = display.run(name, out)
            try:
                result = execution.run(resolved, settings, progress, baselines[name])
            except UsageError as exc:
                click.echo(f"conformance: error: target {name!r}: {exc}", err=True)
                result = execution.not_run(resolved, settings, str(exc))
            finally:
                progress.close()
            summary(result, out, masker, opts.quiet)
            report_dir = opts.report_dir / name if opts.report_dir is not None else None
            write_outputs(result, masker, formats, report_dir, record_path(opts.record, name), out, opts.quiet)
            if not opts.quiet:  # a target's verdict, on stdout with its table: an untestable target is no error
                out.print(masker.text(result.headline()), markup=False, highlight=False, soft_wrap=True)
            target_done()
            return result, masker, out.export_text() if out is not console else ""

        outcomes = run_all([partial(one, r) for r in targets], parallel)
    results, masker = [], Masker()
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
        result, target_masker, captured = outcome
        if captured:
            console.out(captured, end="", highlight=False)
        masker = masker.with_secrets(target_masker.values)
        results.append(result)
    write_matrix(results, masker, opts, formats, output, history, nights, console)
    # As each target is recorded: one refused before its first phase (its budget) is `untestable` (not run),
    # in its report.json, matrix.md and the exit code alike.
    console.print(overall_line(results), markup=False, highlight=False, soft_wrap=True)  # always the last line
    return worst(results)


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
    """The table (printed, and written to --output or REPORT_DIR/matrix.md), the other matrix formats and
    matrix.html, each file named in a `wrote` line."""
    table = reporters.matrix_table(results, masker)
    if not opts.quiet:
        console.print(table, markup=False, highlight=False, soft_wrap=True)
    destination = output or (opts.report_dir / "matrix.md" if opts.report_dir else None)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(table, encoding="utf-8")
        wrote(destination, console, opts.quiet)
    for name, reporter in reporters.MATRIX_REPORTERS.items():  # any other matrix format, under --report-dir
        if name != reporters.MATRIX_MD and opts.report_dir is not None:
            path = reporters.write(reporter.render(results, masker), opts.report_dir / reporter.filename, masker)
            wrote(path, console, opts.quiet)
    page = matrix_page(opts.report_dir, formats, results, masker, history, nights)
    if page is not None:
        wrote(page, console, opts.quiet)


def overall_line(results: list[RunResult]) -> str:
    """The matrix in one line: `3 targets: 1 conformant, 1 non-conformant, 1 untestable` (verdicts in the
    order of their exit codes' severity, each only when some target has it)."""
    counts = Counter(r.verdict for r in results)
    parts = [f"{counts[v]} {v.value}" for v in Verdict if counts[v]]
    return f"{len(results)} target{'s' if len(results) != 1 else ''}: {', '.join(parts)}"
