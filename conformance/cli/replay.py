"""`conformance serve --replay FILE.har`: the recording served as a provider (`conformance.evidence.server`),
with the `conformance run` line that sends the recorded run's requests to it again."""

from __future__ import annotations

from pathlib import Path

from conformance.errors import UsageError
from conformance.evidence.read import Recording


def serve_replay(path: Path, host: str, port: int) -> None:
    """`serve --replay FILE.har`: answer from the recording until Ctrl-C; then say how many had no answer. A
    file `judge` refuses (no run in it) is refused here too, before listening."""
    from conformance.evidence.read import load, require_run
    from conformance.evidence.server import ReplayServer, stderr

    recording = require_run(load(path))
    server = ReplayServer(recording, host, port, log=stderr)
    listening = []  # set once the port is bound: a port that could not be bound served nothing to sum up

    def announce(running: ReplayServer) -> None:
        listening.append(running.base_url)
        incomplete = f" (the recorded run is incomplete: {recording.incomplete})" if recording.incomplete else ""
        again = run_line(recording, running.base_url)
        stderr(f"replaying {path} ({len(recording.entries)} answers{incomplete}) on {running.base_url}; any key "
               f"is accepted; Ctrl-C stops it. The recorded run again: {again}")  # fmt: skip

    try:
        server.serve_forever(announce)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except KeyboardInterrupt:
        pass
    finally:
        if listening:
            stderr(server.summary())


def run_line(recording: Recording, base_url: str) -> str:
    """The `conformance run` line that sends the recorded run's requests again, to `base_url`."""
    import shlex

    from conformance.evidence.judge import target_of

    target = recording.recipe.get("target") or {}
    settings = recording.recipe.get("settings") or {}
    ids = target_of(recording)  # the recipe's, or those of the preflight's URL in an older recording
    parts = ["conformance", "run", "--base-url", base_url, "--thread-id", ids.thread_id, "--run-id", ids.run_id]
    if target.get("profile", "openai") != "openai":
        parts += ["--profile", str(target["profile"])]
    flags = {"seed": "--seed", "max_examples": "--max-examples", "timeout": "--timeout", "retries_429": "--retries"}
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
