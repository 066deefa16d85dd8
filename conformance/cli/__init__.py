"""The command line: `conformance serve` (the reference provider), `run` (the suite), `matrix`.

The only package that knows about argv and exit codes: each command is one module that turns its options
into settings, hands them to `conformance.execution`, and turns the finished result into an exit code. A new
command is one module with a `click.command` and one line in `COMMANDS`. Every error of the suite
(`conformance.errors`) prints one line and exits with its own code (2 usage, 4 a bug of ours), here only.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from conformance.cli.exits import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from conformance.cli.judge import judge
from conformance.cli.matrix import matrix
from conformance.cli.render import render
from conformance.cli.run import run
from conformance.cli.serve import serve
from conformance.errors import SuiteError

COMMANDS: tuple[click.Command, ...] = (serve, run, matrix, render, judge)


def _version() -> str:
    from conformance import __version__

    return __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="conformance", message="%(prog)s %(version)s")
def cli() -> None:
    """Conformance suite for OpenAI's list-run-steps operation, and its reference provider."""


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m conformance` and the `conformance` script; returns the exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="conformance", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("conformance: interrupted", err=True)
        return 130
    except click.exceptions.Exit as exc:  # --version, --help
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        click.echo(f"conformance: error: {exc.format_message()}", err=True)
        return EXIT_USAGE
    except SuiteError as exc:  # every error of the suite's tree (conformance.errors), with its own exit code
        what = "error" if exc.exit_code == EXIT_USAGE else "internal error"
        click.echo(f"conformance: {what}: {exc}", err=True)
        return exc.exit_code
    except OSError as exc:  # e.g. a report folder that cannot be written, a port already taken
        click.echo(f"conformance: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: one line, not a traceback, and a code of its own
        click.echo(f"conformance: internal error: {exc.__class__.__name__}: {exc}", err=True)
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else EXIT_OK
