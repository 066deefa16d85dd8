"""The command line: `conformance serve` (the reference provider), `run` (the suite), `matrix`.

This is the only module that knows about argv and exit codes. Usage errors print one line and exit 2.
"""

from __future__ import annotations

import logging
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from conformance import reference, report
from conformance.profiles import PROFILE_NAMES
from conformance.results import RunResult, Verdict
from conformance.secrets import Masker, is_secret_header
from conformance.settings import Settings
from conformance.targets import TargetOptions, UsageError, matrix_targets, open_target, parse_header

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNTESTABLE, EXIT_INTERNAL, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5
EXIT_CODES_HELP = """\b
Verdicts and exit codes:
  0  conformant      every core check was judged and passed
  1  non-conformant  at least one check failed (the first line names the root cause)
  2  bad usage       one line on stderr (also: --max-requests below a full verdict's minimum)
  3  untestable      preflight stop: unreachable, operation not served at this base URL (wrong
                     prefix, or retired: OpenAI retired the Assistants API on 2026-08-26),
                     credentials rejected, or unknown thread/run ids; no phase ran
  4  internal error  a bug of the suite (one line, never a traceback)
  5  incomplete      nothing failed, but a core check was not judged (budget, a run too short,
                     an earlier stop); the summary names each and why
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Conformance suite for OpenAI's list-run-steps operation, and its reference provider."""


SERVE_EPILOG = f"""\b
Keys the reference provider accepts:
  Authorization: Bearer {reference.BEARER_KEY}
  x-portkey-api-key: {reference.PORTKEY_API_KEY} with x-portkey-virtual-key: {reference.PORTKEY_VIRTUAL_KEY}
Fixtures: thread {reference.THREAD_ID}; runs {", ".join(f"{r} ({n} steps)" for r, n in reference.RUN_SIZES.items())}.

\b
Faults (--fault NAME):
{reference.describe()}
"""


@cli.command(epilog=SERVE_EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free).")
@click.option("--fault", default=None, metavar="NAME", help="Misbehave in this named way (see below).")
def serve(host: str, port: int, fault: str | None) -> None:
    """Start the reference provider; its base URL is http://HOST:PORT/v1. Stop with Ctrl-C."""
    try:
        reference.check_name(fault)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    click.echo(f"reference provider on http://{host}:{port}/v1 (fault: {fault or 'none'}); Ctrl-C stops it", err=True)
    reference.serve(host, port, fault)


VERDICT_EXIT = {
    Verdict.CONFORMANT: EXIT_OK,
    Verdict.NON_CONFORMANT: EXIT_NONCONFORMANT,
    Verdict.UNTESTABLE: EXIT_UNTESTABLE,
    Verdict.INCOMPLETE: EXIT_INCOMPLETE,
}


def run_options(func: Any) -> Any:
    """The options `run` and `matrix` share: how to talk to the provider and how hard to test."""
    options = [
        click.option(
            "--profile",
            type=click.Choice(PROFILE_NAMES),
            default="openai",
            show_default=True,
            help="Which headers carry the credentials.",
        ),
        click.option("--api-key", default=None, help="Provider key (else OPENAI_API_KEY / PORTKEY_API_KEY)."),
        click.option("--virtual-key", default=None, help="Portkey virtual key (else PORTKEY_PROVIDER_VIRTUAL_KEY)."),
        click.option(
            "--portkey-provider", default=None, metavar="NAME", help="Self-hosted gateway: sent as x-portkey-provider."
        ),
        click.option(
            "--custom-host",
            default=None,
            metavar="URL",
            help="Self-hosted gateway: upstream base URL, sent as x-portkey-custom-host.",
        ),
        click.option(
            "--header",
            "headers",
            multiple=True,
            metavar="NAME:VALUE",
            help="Extra header (repeatable; for the custom profile).",
        ),
        click.option("--thread-id", default=None, help="Thread of a real run with steps (needed with --base-url)."),
        click.option("--run-id", default=None, help="That run's id (needed with --base-url)."),
        click.option(
            "--report-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Write junit.xml, report.json and report.md here.",
        ),
        click.option(
            "--max-examples",
            type=click.IntRange(min=1),
            default=25,
            show_default=True,
            help="Hypothesis examples per generation mode.",
        ),
        click.option("--seed", type=click.IntRange(min=0), default=None, help="Seed for generated cases."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=10.0,
            show_default=True,
            help="Seconds per request.",
        ),
        click.option(
            "--max-requests",
            type=click.IntRange(min=1),
            default=None,
            help="Request budget: the semantic probes come first, schemathesis gets the rest. Below the minimum "
            "for a full verdict (printed, about 77 for a 250-step run): exit 2 unless --allow-incomplete.",
        ),
        click.option(
            "--allow-incomplete",
            is_flag=True,
            default=False,
            help="Run even when --max-requests cannot buy a full verdict (the verdict is then at best incomplete).",
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0),
            default=3,
            show_default=True,
            help="Retries of a request answered 429 (honouring Retry-After).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_settings(params: dict[str, Any]) -> Settings:
    seed = params["seed"] if params["seed"] is not None else random.SystemRandom().randrange(2**31)
    return Settings(
        max_examples=params["max_examples"],
        seed=seed,
        timeout=params["timeout"],
        max_requests=params["max_requests"],
        allow_incomplete=params["allow_incomplete"],
        retry_429=params["retries"],
    )


def target_options(params: dict[str, Any], **overrides: Any) -> TargetOptions:
    headers = dict(parse_header(h) for h in params.get("headers") or ())
    values = {
        "base_url": params.get("base_url"),
        "profile": params["profile"],
        "api_key": params["api_key"],
        "virtual_key": params["virtual_key"],
        "portkey_provider": params["portkey_provider"],
        "custom_host": params["custom_host"],
        "headers": headers,
        "thread_id": params["thread_id"],
        "run_id": params["run_id"],
        "fault": params.get("fault"),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TargetOptions(**values)


def make_console() -> Console:
    """A console 120 columns wide when output goes to a file or pipe (CI logs), the terminal's width otherwise."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=120)
    return console


def secrets_of(options: TargetOptions) -> list[str]:
    """Everything secret the user handed over for this target: keys and credential header values."""
    given = [options.api_key or "", options.virtual_key or ""]
    return given + [v for k, v in options.headers.items() if is_secret_header(k)]


def execute(options: TargetOptions, settings: Settings, console: Console) -> tuple[RunResult, Masker]:
    """Run the suite on one target; returns the result and the masker that knows that target's secrets."""
    from conformance.runner import BudgetTooSmall, run_target

    masker = Masker(secrets_of(options))
    with open_target(options, os.environ) as target:
        masker = masker.with_secrets(target.profile.secrets)

        def progress(message: str) -> None:
            console.print(f"[dim]>[/] {masker.text(message)}", highlight=False)

        try:
            return run_target(target, settings, progress), masker
        except BudgetTooSmall as exc:
            raise UsageError(masker.text(str(exc))) from None


def finish(result: RunResult, console: Console, masker: Masker) -> None:
    """The summary of one run: the table and the one-line verdict; when the preflight stopped the run, only
    that one line, on stderr."""
    line = masker.text(result.headline())
    if result.untestable is not None:
        click.echo(f"conformance: {line}", err=True)
        return
    report.print_summary(result, console, masker)
    console.print(line, markup=False, highlight=False, soft_wrap=True)


@cli.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Provider base URL, e.g. https://api.openai.com/v1 (default: the embedded reference provider).",
)
@click.option("--fault", default=None, metavar="NAME", help="Embedded provider only: start it with this fault.")
@run_options
def run(**params: Any) -> int:
    """Run the conformance suite against one provider (by default the embedded reference provider).

    A preflight first judges whether the target can be tested at all; the semantic probes (which decide the
    core checks) come next, then schemathesis' generated cases.
    """
    console = make_console()
    options = target_options(params, name="reference" if not params["base_url"] else "target")
    result, masker = execute(options, make_settings(params), console)
    finish(result, console, masker)
    if params["report_dir"] is not None:
        for path in report.write_reports(result, params["report_dir"], masker):
            console.print(f"wrote {path}", highlight=False)
    return VERDICT_EXIT[result.verdict]


@cli.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--target",
    "target_specs",
    multiple=True,
    metavar="NAME=URL",
    help="A target (repeatable). URL 'embedded' or 'embedded:FAULT' starts a reference provider.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="TOML file with [[target]] tables (keys: name, base_url, profile, api_key_env, ...).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown table here (default: REPORT_DIR/matrix.md when --report-dir is given).",
)
@run_options
def matrix(target_specs: tuple[str, ...], config: Path | None, output: Path | None, **params: Any) -> int:
    """Run the suite against several targets and write a Markdown table of check x target."""
    console = make_console()
    targets = matrix_targets(target_specs, config, target_options(params), os.environ)
    settings = make_settings(params)
    results, masker = [], Masker()
    for options in targets:
        console.print(f"[bold]{options.name}[/]", highlight=False)
        result, target_masker = execute(options, settings, console)
        finish(result, console, target_masker)
        masker = masker.with_secrets(target_masker.values)
        results.append(result)
        if params["report_dir"] is not None:
            report.write_reports(result, params["report_dir"] / options.name, target_masker)
    table = report.matrix_markdown(results, masker)
    console.print(table, markup=False, highlight=False)
    destination = output or (params["report_dir"] / "matrix.md" if params["report_dir"] else None)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(table, encoding="utf-8")
        console.print(f"wrote {destination}", highlight=False)
    codes = {VERDICT_EXIT[r.verdict] for r in results}
    # The worst outcome decides: a failure, then an untestable target, then an incomplete one.
    return next((c for c in (EXIT_NONCONFORMANT, EXIT_UNTESTABLE, EXIT_INCOMPLETE) if c in codes), EXIT_OK)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m conformance` and the `conformance` script; returns the exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="conformance", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("conformance: interrupted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"conformance: error: {exc.format_message()}", err=True)
        return EXIT_USAGE
    except UsageError as exc:
        click.echo(f"conformance: error: {exc}", err=True)
        return EXIT_USAGE
    except OSError as exc:  # e.g. a report folder that cannot be written, a port already taken
        click.echo(f"conformance: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: one line, not a traceback, and a code of its own
        click.echo(f"conformance: internal error: {exc.__class__.__name__}: {exc}", err=True)
        return EXIT_INTERNAL
    return int(result) if isinstance(result, int) else EXIT_OK
