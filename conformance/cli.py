"""The command line: `conformance serve` (the reference provider), `run` (the suite), `matrix`.

This is the only module that knows about argv and exit codes. Usage errors print one line and exit 2.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import random
import shlex
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import click
from rich.console import Console

from conformance import baseline, reference, report
from conformance.concurrency import run_all
from conformance.pacing import DEFAULT_REMOTE, default_rate, parse_rate
from conformance.plan import minimum_budget
from conformance.profiles import PROFILE_NAMES
from conformance.report import SERVE_PORT
from conformance.results import RunResult, Untestable, Verdict
from conformance.secrets import Masker, is_secret_header, looks_secret
from conformance.settings import Settings
from conformance.targets import (
    Resolved,
    TargetOptions,
    UsageError,
    matrix_targets,
    open_target,
    parse_header,
    parse_query,
    resolve,
)

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE, EXIT_UNTESTABLE, EXIT_INTERNAL, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5
EXIT_CODES_HELP = """\b
Verdicts and exit codes:
  0  conformant      nothing failed, every core check was judged or is unobservable on this
                     run, and the run has 2+ steps; on a short run the line names its scope:
                     "conformant on a 3-step run: ...; not observable on this run: ..."
     no-regression   (with --baseline) only the baseline's known failures, and nothing newly
                     unjudged
  1  non-conformant  at least one check failed (the first line names the root cause)
  2  bad usage       one line on stderr (also: --max-requests below a full verdict's minimum)
  3  untestable      preflight stop: unreachable, operation not served at this base URL (wrong
                     prefix, or retired: OpenAI retired the Assistants API on 2026-08-26),
                     credentials rejected, or unknown thread/run ids; no phase ran
  4  internal error  a bug of the suite (one line, never a traceback)
  5  incomplete      nothing failed, but a core check was not judged (budget, excluded, an
                     earlier stop), or the run has fewer than 2 steps; the summary names each
"""
VERDICT_EXIT = {
    Verdict.CONFORMANT: EXIT_OK,
    Verdict.NO_REGRESSION: EXIT_OK,
    Verdict.NON_CONFORMANT: EXIT_NONCONFORMANT,
    Verdict.UNTESTABLE: EXIT_UNTESTABLE,
    Verdict.INCOMPLETE: EXIT_INCOMPLETE,
}


def _version() -> str:
    from conformance import __version__

    return __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="conformance", message="%(prog)s %(version)s")
def cli() -> None:
    """Conformance suite for OpenAI's list-run-steps operation, and its reference provider."""


SERVE_EPILOG = f"""\b
Keys the reference provider accepts:
  Authorization: Bearer {reference.BEARER_KEY}
  api-key: {reference.BEARER_KEY} (Azure OpenAI's key header)
  x-portkey-api-key: {reference.PORTKEY_API_KEY} with x-portkey-virtual-key: {reference.PORTKEY_VIRTUAL_KEY}
Fixtures: thread {reference.THREAD_ID}; runs {", ".join(f"{r} ({n} steps)" for r, n in reference.RUN_SIZES.items())}.

\b
Faults (--fault NAME):
{reference.describe()}
"""


@cli.command(epilog=SERVE_EPILOG)
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
    if replay is not None:
        if fault or latency or require_api_version:
            raise click.UsageError(
                "--replay plays a recording back as it is: no --fault, --latency or --require-api-version"
            )
        from conformance.evidence_cli import serve_replay

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


def run_options(for_matrix: bool) -> Callable[[Any], Any]:
    """The options `run` and `matrix` share: how to talk to the provider and how hard to test."""
    ids = "every --target" if for_matrix else "--base-url"
    report_dir = (
        "Write matrix.md here, and junit.xml, report.json and report.md in a folder per target (DIR/NAME/)."
        if for_matrix
        else "Write junit.xml, report.json and report.md here."
    )
    options = [
        click.option(
            "--profile",
            type=click.Choice(PROFILE_NAMES),
            default="openai",
            show_default=True,
            help="Which headers carry the credentials.",
        ),
        click.option(
            "--api-key",
            default=None,
            help="Provider key (else OPENAI_API_KEY / PORTKEY_API_KEY; azure: AZURE_OPENAI_API_KEY, sent as api-key).",
        ),
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
        *azure_options(),
        click.option(
            "--header",
            "headers",
            multiple=True,
            metavar="NAME:VALUE",
            help="Extra header on every request (repeatable), under any profile; it replaces a profile header of "
            "the same name (said in a note). Masked when its name or value looks secret.",
        ),
        click.option("--thread-id", default=None, help=f"Thread of a real run with steps (needed with {ids})."),
        click.option("--run-id", default=None, help=f"That run's id (needed with {ids})."),
        click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=report_dir),
        click.option(
            "--record",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            metavar="FILE",
            help="Write every request and answer of the run, masked, as a HAR 1.2 file"
            + (" (one per target: FILE's name gets -NAME)." if for_matrix else "."),
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
            f"for a full verdict ({minimum_budget(reference.RUN_SIZES[reference.MAIN_RUN])} for the reference's "
            f"{reference.RUN_SIZES[reference.MAIN_RUN]}-step run): exit 2 unless --allow-incomplete.",
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
        click.option(
            "--rate-limit",
            default=None,
            metavar="N/s|N/m|none",
            help=f"Cap on the request rate across the run (all workers). Default: {DEFAULT_REMOTE} against a "
            "provider on another host, none on loopback or the embedded provider. 429s wait as Retry-After says.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1, 32),
            default=1,
            show_default=True,
            help="Independent requests sent side by side (walks stay sequential); same results as one worker.",
        ),
        click.option("--checks", "only_checks", default=None, metavar="NAME,...", help="Judge only these checks."),
        click.option(
            "--exclude-checks",
            default=None,
            metavar="NAME,...",
            help="Leave these checks out (reported as excluded; leaving out a core check means no conformant).",
        ),
        click.option("--no-color", is_flag=True, default=False, help="No colours (NO_COLOR in the environment too)."),
    ]

    def decorate(func: Any) -> Any:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def azure_options() -> list[Callable[[Any], Any]]:
    """Azure OpenAI's options (--entra-token, --api-version) and the generic --query they rest on."""
    return [
        click.option(
            "--entra-token",
            default=None,
            metavar="TOKEN",
            help="Azure: a Microsoft Entra access token, sent as Authorization: Bearer instead of api-key "
            "(else AZURE_OPENAI_AD_TOKEN).",
        ),
        click.option(
            "--api-version",
            default=None,
            metavar="VERSION",
            help="Azure's classic surface (.../openai): api-version=VERSION on every request. Leave it out for the "
            "v1 API (.../openai/v1).",
        ),
        click.option(
            "--query",
            "query",
            multiple=True,
            metavar="NAME=VALUE",
            help="A query parameter added to every request (repeatable), for hosts that need one; not one of the "
            "operation's own (limit, order, after, before, include[]).",
        ),
    ]


def check_list(text: str | None, option: str) -> frozenset[str] | None:
    """Check names from `a,b,c`; unknown names are a usage error listing the valid ones."""
    if text is None:
        return None
    from conformance.checks import names

    given = {n.strip() for n in text.split(",") if n.strip()}
    unknown = sorted(given - set(names()))
    if unknown or not given:
        raise UsageError(
            f"{option}: unknown check(s) {', '.join(unknown) or '(none given)'}; valid: {', '.join(names())}"
        )
    return frozenset(given)


def make_settings(params: dict[str, Any]) -> Settings:
    seed = params["seed"] if params["seed"] is not None else random.SystemRandom().randrange(2**31)
    rate = None
    if params["rate_limit"] is not None:
        try:
            rate = parse_rate(params["rate_limit"])
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return Settings(
        max_examples=params["max_examples"],
        seed=seed,
        timeout=params["timeout"],
        max_requests=params["max_requests"],
        allow_incomplete=params["allow_incomplete"],
        retry_429=params["retries"],
        rate_limit=rate,
        rate_limit_given=params["rate_limit"] is not None,
        workers=params["workers"],
        checks=check_list(params["only_checks"], "--checks"),
        excluded=check_list(params["exclude_checks"], "--exclude-checks") or frozenset(),
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
        "entra_token": params.get("entra_token"),
        "api_version": params.get("api_version"),
        "query": dict(parse_query(q) for q in params.get("query") or ()),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return TargetOptions(**values)


def make_console(no_color: bool = False, capture: bool = False) -> Console:
    """The terminal's width on a terminal; 120 columns for the table when output goes to a file or pipe (CI
    logs), where long lines (the verdict, notes) are never wrapped. NO_COLOR is honoured by rich itself.
    `capture` records instead of printing (a parallel matrix target, printed whole when it is done)."""
    console = Console(highlight=False, no_color=no_color or None)
    if capture:
        return Console(highlight=False, width=120, no_color=True, record=True, file=io.StringIO())
    if not console.is_terminal:
        console = Console(highlight=False, width=120, no_color=no_color or None)
    return console


def secrets_of(options: TargetOptions) -> list[str]:
    """Everything secret the user handed over for this target: keys, and header values whose name or shape
    marks them as credentials."""
    given = [options.api_key or "", options.virtual_key or "", options.entra_token or ""]
    given += [v for k, v in options.query.items() if is_secret_header(k) or looks_secret(v)]
    return given + [v for k, v in options.headers.items() if is_secret_header(k) or looks_secret(v)]


def replay_line(resolved: Resolved, settings: Settings) -> str | None:
    """For the embedded provider: a command line that replays the whole run (same seed, fault and knobs)."""
    if not resolved.embedded:
        return None
    parts = ["conformance", "run", "--seed", str(settings.seed), "--max-examples", str(settings.max_examples)]
    parts += ["--fault", resolved.fault] if resolved.fault else []
    parts += ["--profile", resolved.options.profile] if resolved.options.profile != "openai" else []
    for name, value in resolved.query:
        parts += ["--query", f"{name}={value}"]
    if settings.max_requests is not None:
        parts += ["--max-requests", str(settings.max_requests)]
        parts += ["--allow-incomplete"] if settings.allow_incomplete else []
    return " ".join(shlex.quote(p) for p in parts)


def masker_for(resolved: Resolved) -> Masker:
    """The masker of one target: its keys and secret headers, except the embedded provider's published keys,
    which stay readable in reproductions."""
    public = reference.PUBLIC_KEYS if resolved.embedded else frozenset()
    return Masker(s for s in [*secrets_of(resolved.options), *resolved.profile.secrets] if s not in public)


def execute(resolved: Resolved, settings: Settings, console: Console) -> tuple[RunResult, Masker]:
    """Run the suite on one resolved target; returns the result and the masker that knows its secrets."""
    from conformance.evidence_cli import note_unrecorded
    from conformance.runner import BudgetTooSmall, run_target

    masker = masker_for(resolved)

    def progress(message: str) -> None:
        console.print(f"[dim]>[/] {masker.text(message)}", highlight=False, soft_wrap=True)

    for note in resolved.notes:
        progress(f"note: {note}")
    if not settings.rate_limit_given:
        settings = replace(settings, rate_limit=default_rate(None if resolved.embedded else resolved.base_url))
    with open_target(resolved) as target:
        try:
            result = run_target(target, settings, progress)
        except BudgetTooSmall as exc:
            raise UsageError(masker.text(str(exc))) from None
    result.notes[:0] = list(resolved.notes)
    note_unrecorded(result)  # against serve --replay: requests the recording had no answer for
    result.target_id = resolved.target_id
    result.run_ref = resolved.run_ref
    if resolved.embedded:
        result.embedded_fault = resolved.fault or "none"
        result.replay = replay_line(resolved, settings)
    return result, masker


def finish(result: RunResult, console: Console, masker: Masker) -> None:
    """The summary of one run: the table and the one-line verdict; when the preflight stopped the run, only
    that one line, on stderr."""
    line = masker.text(result.headline())
    if result.untestable is not None:
        click.echo(f"conformance: {line}", err=True)
        return
    report.print_summary(result, console, masker)
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def write_outputs(
    result: RunResult, masker: Masker, report_dir: Path | None, record: Path | None, console: Console
) -> None:
    from conformance.recording import write_har

    written = report.write_reports(result, report_dir, masker) if report_dir is not None else []
    if record is not None:
        written.append(write_har(result, record, masker))
    for path in written:
        console.print(f"wrote {path}", highlight=False, soft_wrap=True)


@cli.command(epilog=EXIT_CODES_HELP)
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
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="PATH/report.json",
    help="An earlier report.json of the same target: only regressions decide the verdict; known failures and "
    "fixes are listed.",
)
@run_options(for_matrix=False)
def run(**params: Any) -> int:
    """Run the conformance suite against one provider (by default the embedded reference provider).

    A preflight first judges whether the target can be tested at all; the semantic probes (which decide the
    core checks) come next, then schemathesis' generated cases.
    """
    console = make_console(params["no_color"])
    options = target_options(params, name="reference" if not params["base_url"] else "target")
    resolved = resolve(options, os.environ)
    settings = make_settings(params)
    earlier = load_baseline(params["baseline_path"], resolved)
    check_writable(params["report_dir"], params["record"])
    with terminated_as_interrupt():
        result, masker = execute(resolved, settings, console)
    if earlier is not None:
        result.baseline = baseline.compare(result, earlier, params["baseline_path"])
    finish(result, console, masker)
    write_outputs(result, masker, params["report_dir"], params["record"], console)
    if result.interrupted:
        return EXIT_SIGNAL[result.interrupted]
    return VERDICT_EXIT[result.verdict]


# The shell's convention for a process ended by a signal: 128 + its number.
EXIT_SIGNAL = {"SIGINT": 128 + signal.SIGINT, "SIGTERM": 128 + signal.SIGTERM}


class Terminated(KeyboardInterrupt):
    """SIGTERM (what a CI timeout sends), raised where the main thread is, like Ctrl-C's KeyboardInterrupt,
    so that the runner keeps what it saw and the reports are still written."""

    signal_name = "SIGTERM"


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests calling main() from a thread): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_writable(report_dir: Path | None, record: Path | None) -> None:
    """Before the first request: the report folder and the recording's folder can be created and written,
    so a long run is never lost to a path that could not take its results."""
    for directory, what in ((report_dir, "--report-dir"), (record.parent if record else None, "--record")):
        if directory is None:
            continue
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=directory):
                pass
        except OSError as exc:
            raise UsageError(f"{what}: cannot write to {directory}: {exc.strerror or exc}") from None
    if record is not None and record.is_dir():
        raise UsageError(f"--record: {record} is a folder; give a file name, e.g. {record / 'run.har'}")


def load_baseline(path: Path | None, resolved: Resolved) -> dict[str, Any] | None:
    """The baseline report, checked against this target and spec before anything is sent."""
    if path is None:
        return None
    from conformance.spec import spec_version

    try:
        data = baseline.load(path)
        baseline.check_identity(data, resolved.target_id, spec_version(), path, resolved.run_ref)
    except baseline.BaselineRefused as exc:
        raise UsageError(str(exc)) from None
    return data


def _matrix_baseline(directory: Path | None, resolved: Resolved) -> tuple[Path, dict[str, Any]] | None:
    if directory is None:
        return None
    path = directory / resolved.options.name / "report.json"
    if not path.is_file():
        return None
    data = load_baseline(path, resolved)
    return (path, data) if data is not None else None


def _record_path(record: Path | None, name: str) -> Path | None:
    return None if record is None else record.with_name(f"{record.stem}-{name}{record.suffix or '.har'}")


@cli.command(epilog=EXIT_CODES_HELP)
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
@run_options(for_matrix=True)
def matrix(target_specs: tuple[str, ...], config: Path | None, output: Path | None, **params: Any) -> int:
    """Run the suite against several targets and write a Markdown table of check x target.

    Every target is validated before the first one runs; a target that cannot run is reported as such and the
    others still run; the table is always written.
    """
    console = make_console(params["no_color"])
    targets = matrix_targets(target_specs, config, target_options(params), os.environ)
    settings = make_settings(params)
    check_writable(params["report_dir"], params["record"])
    if output is not None:
        check_writable(output.parent, None)
    baselines = {r.options.name: _matrix_baseline(params["baseline_dir"], r) for r in targets}

    def one(resolved: Resolved) -> tuple[RunResult, Masker, str, bool]:
        """One target, its output captured so that parallel targets print whole, in the matrix's order."""
        name = resolved.options.name
        out = make_console(params["no_color"], capture=True) if params["parallel"] > 1 else console
        out.print(f"[bold]{name}[/]", highlight=False)
        refused = False
        try:
            result, target_masker = execute(resolved, settings, out)
            earlier = baselines[name]
            if earlier is not None:
                result.baseline = baseline.compare(result, earlier[1], earlier[0])
        except UsageError as exc:
            refused = True
            click.echo(f"conformance: error: target {name!r}: {exc}", err=True)
            base_url = resolved.base_url or "embedded"
            result = RunResult(name, base_url, resolved.profile.name, settings.seed, budget=settings.max_requests)
            result.untestable = Untestable("not_run", f"not run: {exc}")
            target_masker = masker_for(resolved)
        finish(result, out, target_masker)
        report_dir = params["report_dir"] / name if params["report_dir"] is not None else None
        write_outputs(result, target_masker, report_dir, _record_path(params["record"], name), out)
        captured = out.export_text() if out is not console else ""
        return result, target_masker, captured, refused

    outcomes = run_all([partial(one, r) for r in targets], params["parallel"])
    results, masker = [], Masker()
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
        result, target_masker, captured, _ = outcome
        if captured:
            console.out(captured, end="", highlight=False)
        masker = masker.with_secrets(target_masker.values)
        results.append(result)
    table = report.matrix_markdown(results, masker)
    console.print(table, markup=False, highlight=False, soft_wrap=True)
    destination = output or (params["report_dir"] / "matrix.md" if params["report_dir"] else None)
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(table, encoding="utf-8")
        console.print(f"wrote {destination}", highlight=False, soft_wrap=True)
    # As each target is recorded: one refused before its first phase (its budget) is `untestable` (not run),
    # in its report.json, matrix.md and the exit code alike. The worst outcome decides: a failure, an
    # untestable target (one not run included), an incomplete one.
    codes = {VERDICT_EXIT[r.verdict] for r in results}
    order = (EXIT_NONCONFORMANT, EXIT_UNTESTABLE, EXIT_INCOMPLETE)
    return next((c for c in order if c in codes), EXIT_OK)


def _evidence_commands() -> None:
    from conformance.evidence_cli import judge

    cli.add_command(judge)


_evidence_commands()  # `judge` (conformance.evidence_cli): a recording judged again, with no network


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
