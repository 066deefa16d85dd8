"""`conformance render DIR`: the HTML pages written again from report.json files, and the `--history` /
`--nights` options it shares with `matrix` (matrix.html's earlier nights)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from conformance import pages
from conformance.cli.exits import EXIT_OK
from conformance.cli.options import GivenPath
from conformance.secrets import Masker


def history_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--history DIR` and `--nights N` (as the `history` and `nights` parameters)."""
    func = click.option(
        "--nights",
        type=click.IntRange(min=1),
        default=pages.DEFAULT_NIGHTS,
        show_default=True,
        help="How many of the last nights matrix.html shows per check (with --history).",
    )(func)
    return click.option(
        "--history",
        type=GivenPath(file_okay=False, exists=True, path_type=Path),
        default=None,
        metavar="DIR",
        help="A folder of earlier nights' report folders (DIR/NIGHT/NAME/report.json, the --baseline-dir layout): "
        "matrix.html shows each check's last nights and the night each current failure started.",
    )(func)


@click.command(name="render")
@click.argument("directory", type=GivenPath(file_okay=False, path_type=Path))
@history_options
def render(directory: Path, history: Path | None, nights: int) -> int:
    """Write the HTML pages again from the report.json files in DIRECTORY (a run's --report-dir: report.html and
    badge.svg; a matrix's: those of every target, and matrix.html)."""
    written = pages.render(directory, Masker(), history, nights)  # RenderError: a usage error (conformance.errors)
    for path in written:
        click.echo(f"wrote {path}")
    return EXIT_OK
