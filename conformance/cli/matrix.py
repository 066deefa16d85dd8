"""`conformance matrix`: the suite against several targets, and a table of check x target."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import click

from conformance import execution, reporters
from conformance.cli.exits import EXIT_CODES_HELP, worst
from conformance.cli.options import CommonOptions, common_options
from conformance.cli.output import check_writable, finish, make_console, write_outputs
from conformance.cli.progress import Display
from conformance.cli.render import history_options, matrix_page
from conformance.concurrency import run_all
from conformance.errors import UsageError
from conformance.matrix_targets import matrix_targets
from conformance.results import RunResult
from conformance.secrets import Masker
from conformance.targets import Resolved


def target_baseline(directory: Path | None, resolved: Resolved) -> execution.Baseline | None:
    """`--baseline-dir DIR`: DIR/NAME/report.json of this target, when there is one."""
    if directory is None:
        return None
    path = directory / resolved.options.name / "report.json"
    return execution.read_run_baseline(path, resolved) if path.is_file() else None


def record_path(record: Path | None, name: str) -> Path | None:
    return None if record is None else record.with_name(f"{record.stem}-{name}{record.suffix or '.har'}")


@click.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--target",
    "target_specs",
    multiple=True,
    metavar="NAME=URL",
    help="A target (repeatable). URL 'embedded' or 'embedded:FAULT' starts a reference provider; any other URL "
    "is a provider's base URL and takes the --profile, keys, --thread-id and --run-id given here.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="TOML file with [[target]] tables (keys: name, base_url, profile, api_key_env, virtual_key_env, "
    "entra_token_env, portkey_provider, custom_host, headers, query, thread_id, run_id). A target's keys come "
    "only from the environment variables it names.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
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
    type=click.Path(file_okay=False, path_type=Path),
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
    baselines = {r.options.name: target_baseline(baseline_dir, r) for r in targets}

    with Display.for_console(console, opts.quiet, opts.progress_period) as display:
        target_done = display.targets(len(targets))

        def one(resolved: Resolved) -> tuple[RunResult, Masker, str]:
            """One target, its output captured so that parallel targets print whole, in the matrix's order."""
            name = resolved.options.name
            out = make_console(opts.no_color, capture=True) if parallel > 1 else console
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
            finish(result, out, masker)
            report_dir = opts.report_dir / name if opts.report_dir is not None else None
            write_outputs(result, masker, formats, report_dir, record_path(opts.record, name), out)
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
    table = reporters.matrix_table(results, masker)
    console.print(table, markup=False, highlight=False, soft_wrap=True)
    destination = output or (opts.report_dir / "matrix.md" if opts.report_dir else None)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(table, encoding="utf-8")
        console.print(f"wrote {destination}", markup=False, highlight=False, soft_wrap=True)
    for name, reporter in reporters.MATRIX_REPORTERS.items():  # any other matrix format, under --report-dir
        if name != reporters.MATRIX_MD and opts.report_dir is not None:
            path = reporters.write(reporter.render(results, masker), opts.report_dir / reporter.filename, masker)
            console.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    matrix_page(opts.report_dir, formats, results, masker, history, nights, console)
    # As each target is recorded: one refused before its first phase (its budget) is `untestable` (not run),
    # in its report.json, matrix.md and the exit code alike.
    return worst(results)
