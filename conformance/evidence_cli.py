"""The commands that work from a recording: `conformance judge FILE.har [--keep-failing OUT.har]`, and the
`serve --replay FILE.har` provider (`conformance.replay_server`). Registered on the `conformance` group by
`conformance.cli`; argv and exit codes follow its conventions (usage errors: one line, exit 2)."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.recorded import BadRecording, Recording, load
from conformance.results import RunResult
from conformance.targets import UsageError


def read(path: Path) -> Recording:
    try:
        return load(path)
    except BadRecording as exc:
        raise UsageError(str(exc)) from None


@click.command()
@click.argument("recording", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write "
              "junit.xml, report.json and report.md here, as the live run did.")  # fmt: skip
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
    from conformance import cli
    from conformance.judge import judge_traced
    from conformance.runner import BudgetTooSmall
    from conformance.secrets import Masker
    from conformance.trim import keep_failing as trim

    cli.check_writable(report_dir, keep_failing)
    console = cli.make_console(no_color)
    masker = Masker(environ={})
    found = read(recording)
    recipe = found.recipe
    version = recipe.get("suite_version", "unknown (an older one)")
    made_by = f"suite {version}, seed {recipe.get('settings', {}).get('seed', '?')}"

    def progress(line: str) -> None:
        console.print(f"[dim]>[/] {line}", highlight=False, soft_wrap=True)

    progress(f"judging {recording} ({len(found.entries)} exchanges; {made_by}); no request is sent")
    try:
        result, sources = judge_traced(found, progress)
    except BudgetTooSmall as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(f"{recording}: {exc}") from None
    cli.finish(result, console, masker)
    cli.write_outputs(result, masker, report_dir, None, console)
    if keep_failing is not None:
        written, kept = trim(found, result, sources, keep_failing)
        share = written.stat().st_size / max(recording.stat().st_size, 1)
        line = f"wrote {written}: {kept} of {len(found.entries)} exchanges, {share:.1%} of the recording's size"
        console.print(line, highlight=False, soft_wrap=True)
    return cli.VERDICT_EXIT[result.verdict]


def serve_replay(path: Path, host: str, port: int) -> None:
    """`serve --replay FILE.har`: answer from the recording until Ctrl-C; then say how many had no answer."""
    from conformance.replay_server import ReplayServer, stderr

    recording = read(path)
    server = ReplayServer(recording, host, port, log=stderr)

    def announce(running: ReplayServer) -> None:
        stderr(f"replaying {path} ({len(recording.entries)} answers) on {running.base_url}; any key is accepted; "
               f"Ctrl-C stops it. The recorded run again: {run_line(recording, running.base_url)}")  # fmt: skip

    try:
        server.serve_forever(announce)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        pass
    finally:
        stderr(server.summary())


def note_unrecorded(result: RunResult) -> None:
    """A run against `serve --replay`: say how many requests the recording had no answer for."""
    from conformance.replay_server import REPLAY_HEADER, UNRECORDED

    count = sum(e.headers.get(REPLAY_HEADER) == UNRECORDED for e in result.exchanges)
    if count:
        result.notes.append(
            f"{count} of {len(result.exchanges)} requests had no recorded answer from the replayed recording "
            "(serve --replay answers only what the recording holds: use the recording's --seed and settings)"
        )


def run_line(recording: Recording, base_url: str) -> str:
    """The `conformance run` line that sends the recorded run's requests again, to `base_url`."""
    import shlex

    target = recording.recipe.get("target") or {}
    settings = recording.recipe.get("settings") or {}
    parts = ["conformance", "run", "--base-url", base_url]
    if "thread_id" in target:
        parts += ["--thread-id", str(target["thread_id"]), "--run-id", str(target["run_id"])]
    if target.get("profile", "openai") != "openai":
        parts += ["--profile", str(target["profile"])]
    flags = {"seed": "--seed", "max_examples": "--max-examples", "timeout": "--timeout", "retry_429": "--retries"}
    parts += [
        x
        for name, flag in flags.items()
        if name in settings
        for x in (flag, f"{settings[name]:g}" if isinstance(settings[name], float) else str(settings[name]))
    ]
    if settings.get("max_requests") is not None:
        parts += ["--max-requests", str(settings["max_requests"])]
    if settings.get("allow_incomplete"):
        parts.append("--allow-incomplete")
    if settings.get("checks"):
        parts += ["--checks", ",".join(settings["checks"])]
    if settings.get("excluded"):
        parts += ["--exclude-checks", ",".join(settings["excluded"])]
    for name, value in target.get("query", []):
        parts += ["--query", f"{name}={value}"]
    keys = ["--api-key", "any"] + (["--virtual-key", "any"] if target.get("profile") == "portkey" else [])
    return " ".join(shlex.quote(p) for p in [*parts, *keys])
