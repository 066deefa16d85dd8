"""The command line: `conformance serve` (the reference provider), `run` (the suite), `matrix`.

This is the only module that knows about argv and exit codes. Usage errors print one line and exit 2.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from conformance import report
from conformance.profiles import PROFILE_NAMES
from conformance.reference import auth, faults
from conformance.results import RunResult, Verdict
from conformance.secrets import Masker, is_secret_header
from conformance.settings import Settings
from conformance.targets import TargetOptions, UsageError, open_target, parse_header

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4


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


VERDICT_EXIT = {
    Verdict.CONFORMANT: EXIT_OK,
    Verdict.NON_CONFORMANT: EXIT_NONCONFORMANT,
    Verdict.UNREACHABLE: EXIT_UNREACHABLE,
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
            "--max-requests", type=click.IntRange(min=1), default=None, help="Request budget against a live provider."
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
    from conformance.runner import run_target

    masker = Masker(secrets_of(options))
    with open_target(options, os.environ) as target:
        masker = masker.with_secrets(target.profile.secrets)

        def progress(message: str) -> None:
            console.print(f"[dim]>[/] {masker.text(message)}", highlight=False)

        return run_target(target, settings, progress), masker


@cli.command()
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

    Exit codes: 0 conformant, 1 non-conformant, 2 bad usage, 3 provider unreachable.
    """
    console = make_console()
    options = target_options(params, name="reference" if not params["base_url"] else "target")
    result, masker = execute(options, make_settings(params), console)
    report.print_summary(result, console, masker)
    if result.unreachable:
        console.print(f"[bold red]unreachable:[/] {masker.text(result.unreachable)}", highlight=False)
    if params["report_dir"] is not None:
        for path in report.write_reports(result, params["report_dir"], masker):
            console.print(f"wrote {path}", highlight=False)
    return VERDICT_EXIT[result.verdict]


MATRIX_KEYS = {
    "name",
    "base_url",
    "profile",
    "api_key_env",
    "virtual_key_env",
    "portkey_provider",
    "custom_host",
    "headers",
    "thread_id",
    "run_id",
}


def matrix_targets(specs: Sequence[str], config: Path | None, params: dict[str, Any]) -> list[TargetOptions]:
    """Targets from --target NAME=URL flags and from a TOML file's [[target]] tables."""
    targets = []
    for spec in specs:
        name, sep, url = spec.partition("=")
        if not sep or not name or not url:
            raise UsageError(f"--target expects NAME=URL (URL may be 'embedded' or 'embedded:FAULT'), got {spec!r}")
        targets.append(target_options(params, name=name, base_url=url))
    if config is not None:
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read {config}: {exc}") from None
        for entry in data.get("target", []):
            unknown = set(entry) - MATRIX_KEYS
            if unknown or "name" not in entry or "base_url" not in entry:
                raise UsageError(
                    f"{config}: each [[target]] needs name and base_url; unknown keys: {sorted(unknown) or 'none'}"
                )
            overrides = {
                k: v
                for k, v in entry.items()
                if k in {"name", "base_url", "profile", "portkey_provider", "custom_host", "thread_id", "run_id"}
            }
            options = target_options(params, **overrides)
            # Keys come from the environment, by name, so the file itself never holds a secret.
            for field, env_key in (("api_key", "api_key_env"), ("virtual_key", "virtual_key_env")):
                if env_key in entry:
                    setattr(options, field, os.environ.get(entry[env_key]) or None)
            options.headers.update({str(k): str(v) for k, v in entry.get("headers", {}).items()})
            targets.append(options)
    if not targets:
        raise UsageError("matrix needs at least one --target NAME=URL or a --config file with [[target]] tables")
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise UsageError(f"target names must be unique, got {names}")
    return targets


@cli.command()
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
    targets = matrix_targets(target_specs, config, params)
    settings = make_settings(params)
    results, masker = [], Masker()
    for options in targets:
        console.print(f"[bold]{options.name}[/]", highlight=False)
        result, target_masker = execute(options, settings, console)
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
    return max(VERDICT_EXIT[r.verdict] for r in results)


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
