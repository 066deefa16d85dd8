"""`conformance judge FILE.har`: the run a recording holds, judged again with no network.

The same runner runs with the recording's seed, settings and target; its transport is the live one, handed the
recording as its http transport (`evidence.replay`), so the observations are rebuilt by the code that built
them live, and a judgement from a recording cannot drift from a live one: the table, the reports, the verdict
and the exit code are those of the live run (with a newer suite, those it would give). A recording of an
interrupted run ends where the run ended, and judges to what it did; a run whose budget cut it short spends the
same budget again.

A request the recording holds no answer for (a recording by an older suite, a trimmed one, probes missing) is
not sent anywhere and is not judged as the provider's: its probe is unanswered in the observations, and the
runner leaves the checks that read it not judged unless they failed on recorded answers (one note names the
probes). Schemathesis' checks are judged on the cases the recording holds.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from urllib.parse import unquote, urlsplit

from conformance.contract import ROUTE
from conformance.evidence.read import Recording, require_run
from conformance.evidence.replay import ReplayTransport
from conformance.profiles import Profile
from conformance.progress import Progress
from conformance.results import RunResult
from conformance.settings import Settings
from conformance.targets import Target
from conformance.transport import Transport


def target_of(recording: Recording) -> Target:
    """The target as the runner saw it; credentials are their masked shapes (the replay never needs keys)."""
    data = recording.recipe.get("target") or {}
    first = recording.entries[0].exchange if recording.entries else None
    headers = {str(k): str(v) for k, v in (data.get("headers") or (first.request_headers if first else {})).items()}
    profile = Profile(
        str(data.get("profile", "openai")),
        headers,
        (),
        tuple(str(h) for h in data.get("credential_headers", [h for h in headers if h.lower() == "authorization"])),
    )
    base_url, thread_id, run_id = ids_from_preflight(recording)
    return Target(
        str(data.get("name", "target")),
        str(data.get("base_url", base_url)),
        profile,
        str(data.get("thread_id", thread_id)),
        str(data.get("run_id", run_id)),
        tuple((str(k), str(v)) for k, v in data.get("query", [])),
    )


def ids_from_preflight(recording: Recording) -> tuple[str, str, str]:
    """Base URL (with its path prefix) and ids from the first request's URL, for a recording made before the
    recipe was written."""
    if not recording.entries:
        return "", "", ""
    parts = urlsplit(recording.entries[0].exchange.url)
    segments = parts.path.split("/")
    shape = ROUTE.strip("/").split("/")  # threads {thread_id} runs {run_id} steps
    if len(segments) < len(shape) + 1:
        return "", "", ""
    tail = segments[-len(shape) :]
    prefix = "/".join(segments[: -len(shape)])
    return f"{parts.scheme}://{parts.netloc}{prefix}", unquote(tail[1]), unquote(tail[3])


def settings_of(recording: Recording) -> Settings:
    """The recorded settings, unpaced (nothing is sent, so nothing needs spacing)."""
    data = dict(recording.recipe.get("settings") or {})
    if "retry_429" in data:  # its name in recordings made before the rename
        data["retries_429"] = data.pop("retry_429")
    known = {k: v for k, v in data.items() if k in Settings.__dataclass_fields__}
    only = known.pop("checks", None)
    excluded = known.pop("excluded", None) or []
    return Settings(**known, checks=frozenset(only) if only is not None else None, excluded=frozenset(excluded))


def judge(recording: Recording, progress: Progress | None = None) -> RunResult:
    """Run the suite on the recording; raises BadRecording when the file holds no run (no preflight request
    first) and BudgetTooSmall as a live run would."""
    from conformance.runner import About, run_target

    require_run(recording)
    run = recording.run
    target = target_of(recording)
    about = About(
        target_id=str(run.get("target_id") or target.base_url),
        run_ref=str(run.get("run_ref") or f"{target.thread_id}/{target.run_id}"),
        embedded_fault=run.get("embedded_fault"),
        replay=run.get("replay"),
    )
    replay = ReplayTransport(recording)
    make = partial(Transport, http_transport=replay, sleep=lambda _: None)  # Retry-After: not waited
    return restore(run_target(target, settings_of(recording), progress, about, make), recording)


def restore(result: RunResult, recording: Recording) -> RunResult:
    """The result with what the live run knew beyond the runner: its pacing (the judge sends nothing, so it
    paces nothing), its duration, and for an interrupted run the requests it had sent (the replay sends one
    more to find where the recording ends)."""
    run = recording.run
    settings = recording.recipe.get("settings") or {}
    recorded_notes = [str(n) for n in run.get("notes", [])]
    interrupted: dict[str, object] = {}
    if recording.interrupted and "requests" in run:
        interrupted = {"requests": int(run["requests"]), "exchanges": result.exchanges[: len(recording.entries)]}
    return replace(
        result,
        rate_limit=run.get("rate_limit"),
        workers=int(settings.get("workers", result.workers)),
        elapsed=float(run.get("elapsed", result.elapsed)),
        notes=[*(n for n in recorded_notes if n not in result.notes), *result.notes],
        **interrupted,  # type: ignore[arg-type]
    )
