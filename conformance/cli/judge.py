"""`conformance judge FILE.har [--keep-failing OUT.har]`: a recording made by `run --record` judged again, with
no network (`conformance.evidence.judge`), and trimmed to what shows its failures (`conformance.evidence.trim`)."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.cli.exits import EXIT_CODES_HELP, exit_code
from conformance.cli.output import check_writable, finish, make_console, write_outputs


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("recording", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the reports here (the same formats a live run writes by default).",
)
@click.option(
    "--keep-failing",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="OUT.har",
    help="Also write the smallest recording that still shows the same failures (the failing exchanges and the "
    "pages before them), for a bug report.",
)
@click.option("--no-color", is_flag=True, default=False, help="No colours (NO_COLOR in the environment too).")
def judge(recording: Path, report_dir: Path | None, keep_failing: Path | None, no_color: bool) -> int:
    """Judge a recording made by `run --record FILE` again, with no network: the same table, reports, verdict
    and exit code as the live run that made it. Requests it holds no answer for (an older suite, probes
    missing) leave the checks that need them not judged, said in one note."""
    from conformance import reference
    from conformance.evidence.judge import judge as judge_recording
    from conformance.evidence.read import load, require_run
    from conformance.evidence.trim import keep_failing as trim
    from conformance.reporters import DEFAULT_FORMATS
    from conformance.secrets import Masker

    check_writable(report_dir, keep_failing)
    console = make_console(no_color)
    found = require_run(load(recording))  # BadRecording: one line, exit 2 (conformance.errors)
    recipe = found.recipe
    embedded = (recipe.get("run") or {}).get("embedded_fault") is not None
    masker = Masker(environ={}, public=reference.PUBLIC_KEYS if embedded else frozenset())
    version = recipe.get("suite_version", "unknown (an older one)")
    made_by = f"suite {version}, seed {recipe.get('settings', {}).get('seed', '?')}"
    made_by += f"; the recorded run is incomplete: {found.incomplete}" if found.incomplete else ""
    console.print(f"> judging {recording} ({len(found.entries)} exchanges; {made_by}); no request is sent",
                  markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    result = judge_recording(found)
    finish(result, console, masker)
    write_outputs(result, masker, DEFAULT_FORMATS, report_dir, None, console)
    if keep_failing is not None:
        written, kept = trim(found, result, keep_failing)
        share = written.stat().st_size / max(recording.stat().st_size, 1)
        line = f"wrote {written}: {kept} of {len(found.entries)} exchanges, {share:.1%} of the recording's size"
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    return exit_code(result)
