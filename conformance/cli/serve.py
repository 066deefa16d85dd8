"""`conformance serve`: the reference provider on a port of its own, for reproductions and for trying a
client or gateway against it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from conformance import reference
from conformance.errors import UsageError
from conformance.reporters import SERVE_PORT

SERVE_EPILOG = f"""\b
Keys the reference provider accepts:
  Authorization: Bearer {reference.BEARER_KEY}
  api-key: {reference.BEARER_KEY} (Azure OpenAI's key header)
  x-portkey-api-key: {reference.PORTKEY_API_KEY} with x-portkey-virtual-key: {reference.PORTKEY_VIRTUAL_KEY}
Foundry surface: /api/projects/{reference.FOUNDRY_PROJECT} with Authorization: Bearer {reference.FOUNDRY_TOKEN}
  and api-version=v1 (Foundry's Agent Service; no OpenAI-Beta needed)
Fixtures: thread {reference.THREAD_ID}; runs {", ".join(f"{r} ({n} steps)" for r, n in reference.RUN_SIZES.items())}.

\b
Faults (--fault NAME):
{reference.describe()}
"""


@click.command(epilog=SERVE_EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=SERVE_PORT, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free)."
)
@click.option("--fault", default=None, metavar="NAME", help="Misbehave in this named way (see below).")
@click.option(
    "--latency",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="MS",
    help="Milliseconds added before every answer, like a distant server (to try --workers on loopback).",
)
@click.option(
    "--require-api-version",
    default=None,
    metavar="VERSION",
    help="Answer as Azure OpenAI's classic surface: 404 'Resource not found' without api-version=VERSION in the "
    "query, 400 'API version not supported' with another value.",
)
@click.option(
    "--replay",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="FILE.har",
    help="Instead of the reference provider, answer from a recording (run --record): any key is accepted; a "
    "request it holds no answer for gets a 404 that says so.",
)
def serve(
    host: str, port: int, fault: str | None, latency: int, require_api_version: str | None, replay: Path | None
) -> None:
    """Start the reference provider; its base URL is http://HOST:PORT/v1. Stop with Ctrl-C."""
    if replay is not None:  # conformance.cli.replay
        if fault or latency or require_api_version:
            raise click.UsageError(
                "--replay plays a recording back as it is: no --fault, --latency, --require-api-version"
            )
        from conformance.cli.exits import terminated_as_interrupt
        from conformance.cli.replay import serve_replay

        with terminated_as_interrupt():
            serve_replay(replay, host, port)
        return
    try:
        reference.check_name(fault)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if require_api_version is not None and not require_api_version.strip():
        raise click.UsageError("--require-api-version cannot be empty")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    needs = f"; requires api-version={require_api_version}" if require_api_version else ""

    def announce(real_port: int) -> None:
        click.echo(
            f"reference provider on http://{host}:{real_port}/v1 (fault: {fault or 'none'}{needs}); Ctrl-C stops it",
            err=True,
        )

    try:
        reference.serve(host, port, fault, announce, latency / 1000, require_api_version)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
