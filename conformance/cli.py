"""The command line: `conformance serve` (the reference provider), `run` (the suite), `matrix`.

This is the only module that knows about argv and exit codes. Usage errors print one line and exit 2.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import click

from conformance.reference import auth, faults

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Conformance suite for OpenAI's list-run-steps operation, and its reference provider."""


SERVE_EPILOG = f"""\b
Keys the reference provider accepts:
  Authorization: Bearer {auth.BEARER_KEY}
  x-portkey-api-key: {auth.PORTKEY_API_KEY} with x-portkey-virtual-key: {auth.PORTKEY_VIRTUAL_KEY}
Fixtures: thread thread_ref_main; runs run_ref_main (250 steps), run_ref_hundred (100),
run_ref_one (1), run_ref_empty (0).

\b
Faults (--fault NAME):
{faults.describe()}
"""


@cli.command(epilog=SERVE_EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--fault", default=None, metavar="NAME", help="Misbehave in this named way (see below).")
def serve(host: str, port: int, fault: str | None) -> None:
    """Start the reference provider; its base URL is http://HOST:PORT/v1. Stop with Ctrl-C."""
    from conformance.reference.server import serve as run_server

    try:
        faults.check_name(fault)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    click.echo(f"reference provider on http://{host}:{port}/v1 (fault: {fault or 'none'}); Ctrl-C stops it", err=True)
    run_server(host, port, fault)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m conformance` and the `conformance` script; returns the exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="conformance", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("conformance: aborted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"conformance: error: {exc.format_message()}", err=True)
        return EXIT_USAGE
    return int(result) if isinstance(result, int) else EXIT_OK
