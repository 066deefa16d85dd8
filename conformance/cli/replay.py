"""`conformance serve --replay FILE.har`: the recording served as a provider (`conformance.replay_server`),
with the `conformance run` line that sends the recorded run's requests to it again."""

from __future__ import annotations

from pathlib import Path

from conformance.cli.judge import read
from conformance.recorded import Recording
from conformance.targets import UsageError


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
