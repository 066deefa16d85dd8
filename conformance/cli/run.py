"""`conformance run`: the suite against one provider; argv to settings, the finished result to an exit code."""

from __future__ import annotations

import os
from pathlib import Path

import click

from conformance import execution
from conformance.cli.exits import EXIT_CODES_HELP, exit_code, terminated_as_interrupt
from conformance.cli.options import CommonOptions, GivenPath, common_options
from conformance.cli.output import check_writable, make_console, summary, verdict, write_outputs
from conformance.cli.progress import Display
from conformance.targets import resolve


@click.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Provider base URL, e.g. http://127.0.0.1:8080/v1 (default: the embedded reference provider).",
)
@click.option("--fault", default=None, metavar="NAME", help="Embedded provider only: start it with this fault.")
@click.option(
    "--baseline",
    "baseline_path",
    type=GivenPath(dir_okay=False, path_type=Path),
    default=None,
    metavar="PATH/report.json",
    help="An earlier report.json of the same target: only regressions decide the verdict; known failures and "
    "fixes are listed.",
)
@common_options(for_matrix=False)
def run(base_url: str | None, fault: str | None, baseline_path: Path | None, opts: CommonOptions) -> int:
    """Run the conformance suite against one provider (by default the embedded reference provider).

    A preflight first judges whether the target can be tested at all; the semantic probes (which decide the
    core checks) come next, then schemathesis' generated cases.
    """
    console = make_console(opts.no_color)
    resolved = resolve(opts.target_options(base_url, fault, name="target" if base_url else "reference"), os.environ)
    settings = opts.settings()
    formats = opts.formats()
    earlier = execution.read_run_baseline(baseline_path, resolved)
    check_writable(opts.report_dir, opts.record)
    with terminated_as_interrupt(), Display.for_console(console, opts.quiet, opts.progress_period) as display:
        progress = display.run()
        try:
            result = execution.run(resolved, settings, progress, earlier)
        finally:
            progress.close()
    masker = execution.masker_for(resolved)
    summary(result, console, masker, opts.quiet)
    write_outputs(result, masker, formats, opts.report_dir, opts.record, console, opts.quiet)
    verdict(result, console, masker, opts.quiet)
    return exit_code(result)
