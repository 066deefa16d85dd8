"""`conformance judge FILE.har`: the run a recording holds, judged again with no network.

The same runner runs with the recording's seed, settings and target, but its transport answers every request
from the recording instead of sending it (`ReplayTransport`), keyed by the probe that sends it (every entry
names its probe), the method, the path, the query in a normal order, the OpenAI-Beta header and the shape of
the credentials; repeats are answered in the order they were recorded. So the observations are rebuilt by the
code that built them live, and a judgement from a recording cannot drift from a live one: the table, the
reports, the verdict and the exit code are those of the live run (with a newer suite, those it would give).

A request the recording holds no answer for (a recording by an older suite, a trimmed one, probes missing) is
not sent anywhere and is not judged as the provider's: the checks that read its probe are `skipped` (so the
verdict is at best incomplete) unless they failed on recorded answers, and one note names the probes.
Schemathesis' checks are judged on the cases the recording holds.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from conformance.checks import Phase
from conformance.observations import Exchange, Observations, Page, Walk
from conformance.probes import SCHEMATHESIS_CASE, checks_reading
from conformance.profiles import Profile
from conformance.progress import Progress
from conformance.recorded import Recorded, Recording, request_key
from conformance.results import Outcome, RunResult, Status
from conformance.settings import Settings
from conformance.targets import Target
from conformance.transport import Transport

UNRECORDED = "unrecorded"
SCHEMATHESIS_LABEL = SCHEMATHESIS_CASE


class Unrecorded(Exception):
    """The recording holds no answer for this request."""

    def __init__(self, exchange: Exchange) -> None:
        super().__init__(exchange.error)
        self.exchange = exchange


@dataclass
class Answers:
    """The recorded answers, first in first out per key; safe to share between worker threads."""

    exact: bool
    queues: dict[tuple[Any, ...], deque[Recorded]] = field(default_factory=lambda: defaultdict(deque))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, recording: Recording) -> Answers:
        answers = cls(recording.exact)
        for entry in recording.entries:
            exchange = entry.exchange
            key = request_key(exchange.method, exchange.url, exchange.request_headers, entry.shapes, answers.exact)
            answers.queues[(tuple(exchange.used_by), *key)].append(entry)
        return answers

    def take(self, label: str, method: str, url: str, headers: dict[str, str]) -> Recorded | None:
        key = ((label,) if label else (), *request_key(method, url, headers, exact=self.exact))
        with self.lock:
            queue = self.queues.get(key)
            return queue.popleft() if queue else None


class ReplayTransport(Transport):
    """A `Transport` whose answers come from a recording: budget, retries, breaker and bookkeeping are the
    live transport's own; only `_answer` (the network) is replaced, and Retry-After waits are not slept."""

    def __init__(self, *args: Any, answers: Answers, **kwargs: Any) -> None:
        super().__init__(*args, sleep=lambda _: None, **kwargs)
        self.answers = answers
        self.unrecorded: list[Exchange] = []
        self.sources: dict[int, int] = {}  # id of an exchange -> the index of the recorded entry it replays
        self._local = threading.local()

    def send(self, method: str, url: str, headers: Mapping[str, str] | None = None, used_by: str = "") -> Exchange:
        self._local.label, self._local.pending = used_by, None
        try:
            return super().send(method, url, headers, used_by)
        except Unrecorded as missing:
            exchange = missing.exchange
            exchange.used_by.append(used_by)
            with self._lock:
                self.unrecorded.append(exchange)
                self.sent -= 1  # nothing was sent: the requests counted are the answers the recording gave
            return exchange

    def _answer(self, exchange: Exchange) -> None:
        local = self._local
        if not local.pending:  # each attempt is an entry of its own (a retried 429 too)
            found = self.answers.take(local.label, exchange.method, exchange.url, exchange.request_headers)
            if found is None:
                exchange.error_kind = UNRECORDED
                exchange.error = "no recorded answer: the recording holds no answer for this request"
                raise Unrecorded(exchange)
            # Recordings made before every attempt was kept hold only how many 429s came before the answer.
            limited = [Exchange(exchange.method, exchange.url, {}, status=429)] * found.exchange.retries_not_recorded
            local.pending, local.found = deque([*limited, found.exchange]), found
        recorded = local.pending.popleft()
        if not local.pending:
            self.sources[id(exchange)] = local.found.index
        exchange.status, exchange.headers, exchange.body = recorded.status, dict(recorded.headers), recorded.body
        exchange.error, exchange.error_kind = recorded.error, recorded.error_kind
        exchange.elapsed, exchange.started_at = recorded.elapsed, recorded.started_at


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
    base_url, thread_id, run_id = _ids_from_preflight(recording)
    return Target(
        str(data.get("name", "target")),
        str(data.get("base_url", base_url)),
        profile,
        str(data.get("thread_id", thread_id)),
        str(data.get("run_id", run_id)),
        tuple((str(k), str(v)) for k, v in data.get("query", [])),
    )


def _ids_from_preflight(recording: Recording) -> tuple[str, str, str]:
    """Base URL and ids from the first request's URL, for a recording made before the recipe was written."""
    from urllib.parse import unquote, urlsplit

    from conformance.contract import ROUTE

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
    """Run the suite on the recording; raises runner.BudgetTooSmall as a live run would, and ValueError when
    the file holds no run (no preflight request first)."""
    return judge_traced(recording, progress)[0]


def judge_traced(recording: Recording, progress: Progress | None = None) -> tuple[RunResult, dict[int, int]]:
    """`judge`, and for each exchange of the result (by id) the index of the recorded entry it replays."""
    from conformance.runner import About, run_target

    if not recording.entries or "preflight" not in recording.entries[0].probes:
        raise ValueError("the recording holds no preflight request (its first entry), so there is no run to judge")
    answers = Answers.of(recording)
    made: list[ReplayTransport] = []

    def make(*args: Any, **kwargs: Any) -> Transport:
        made.append(ReplayTransport(*args, answers=answers, **kwargs))
        return made[-1]

    run = recording.recipe.get("run") or {}
    target = target_of(recording)
    about = About(
        target_id=str(run.get("target_id") or target.base_url),
        run_ref=str(run.get("run_ref") or f"{target.thread_id}/{target.run_id}"),
        embedded_fault=run.get("embedded_fault"),
        replay=run.get("replay"),
    )
    result = restore(run_target(target, settings_of(recording), progress, about, make), recording)
    mark_unrecorded(result, made[0].unrecorded if made else [])
    return result, made[0].sources if made else {}


def restore(result: RunResult, recording: Recording) -> RunResult:
    """The result with what the live run knew beyond the runner: the notes the command line added, its pacing
    (the judge sends nothing, so it paces nothing) and its duration."""
    run = recording.recipe.get("run") or {}
    settings = recording.recipe.get("settings") or {}
    recorded_notes = [str(n) for n in run.get("notes", [])]
    return replace(
        result,
        rate_limit=run.get("rate_limit"),
        workers=int(settings.get("workers", result.workers)),
        elapsed=float(run.get("elapsed", result.elapsed)),
        notes=[*(n for n in recorded_notes if n not in result.notes), *result.notes],
    )


def without(seen: Observations, unrecorded: set[int]) -> Observations:
    """`seen` as if the unrecorded requests had never been sent: single probes without an answer are absent,
    and a walk ends, unfinished and unblamed, before its first unrecorded page."""

    def kept(value: Any) -> Any:
        if isinstance(value, Page):
            return None if id(value.exchange) in unrecorded else value
        if isinstance(value, Exchange):
            return None if id(value) in unrecorded else value
        if isinstance(value, Walk):
            return _cut(value, unrecorded)
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if kept(v) is not None}
        if isinstance(value, list):
            return [v for v in (kept(v) for v in value) if v is not None]
        return value

    return replace(seen, **{f.name: kept(getattr(seen, f.name)) for f in fields(seen)})


def _cut(walk: Walk, unrecorded: set[int]) -> Walk:
    index = next((n for n, p in enumerate(walk.pages) if id(p.exchange) in unrecorded), None)
    if index is None:
        return walk
    pages = walk.pages[:index]
    lies = [lie for lie in walk.lies if lie.next_page in pages]
    return replace(walk, pages=pages, lies=lies, stopped=None, reached_end=False, runaway=False)


def mark_unrecorded(result: RunResult, missing: Iterable[Exchange]) -> None:
    """Judge the semantic checks again on what the recording holds: a failure there stands (it is shown by
    recorded answers); a check that reads a probe the recording has no answer for and did not fail is not
    judged. One note names the probes."""
    missing = list(missing)
    if not missing:
        return
    labels = list(dict.fromkeys(label for e in missing for label in e.used_by))
    affected = {name for label in labels for name in checks_reading(label)}
    probes = ", ".join(labels)
    reason = f"not judged: the recording holds no answer for probe(s) {probes}"
    seen = without(result.observations, {id(e) for e in missing}) if result.observations is not None else None
    marked = []
    for check in result.checks:
        if check.check.phase is not Phase.SEMANTIC or check.status is Status.EXCLUDED or check.check.function is None:
            continue
        judged = check.check.function(seen) if seen is not None else Outcome.skipped(reason)
        if judged.status is not Status.FAILED and check.name in affected:
            judged = Outcome.skipped(reason)
            marked.append(check.name)
        check.outcome = judged
    cases = sum(SCHEMATHESIS_LABEL in e.used_by for e in missing)
    schema = f"; schemathesis' checks judged only the recorded cases ({cases} had no answer)" if cases else ""
    result.notes.append(
        f"the recording holds no answer for {len(missing)} request(s) (probes: {probes}); "
        f"not judged: {', '.join(marked) or 'none'}{schema}"
    )
    result.link_echoes()
