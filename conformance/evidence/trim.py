"""`judge FILE.har --keep-failing OUT.har`: the smallest recording that still shows the same failures.

What is kept: the preflight (the run starts there), and for each failed check the answer that shows its
failure and the one before it (for a walk, the page before), with the pages of the same probe that led to
them (a walk's cursors come from its earlier pages). That candidate is judged; when it does not fail exactly
the checks the whole recording fails (a failure that needs more context, such as the complete walks a
comparison rests on), more is kept, step by step: every answer a failure cites as evidence, then every
semantic probe, then everything. So the written file always shows the same failures when judged.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from conformance.evidence import FIELD
from conformance.evidence.judge import judge
from conformance.evidence.match import sources
from conformance.evidence.read import Recording
from conformance.observations import Exchange
from conformance.probes import SCHEMATHESIS_CASE
from conformance.results import CheckResult, RunResult


def failing(result: RunResult) -> frozenset[str]:
    return frozenset(c.name for c in result.failed)


def subset(recording: Recording, keep: Iterable[int]) -> Recording:
    """The recording with only the entries at `keep` (in their recorded order), and a note of the trim."""
    indices = sorted(set(keep))
    data = copy.copy(recording.data)
    log = dict(data["log"])
    log["entries"] = [log["entries"][i] for i in indices]
    recipe = dict(log.get(FIELD) or {})
    recipe["trimmed"] = {"from": recording.path.name, "kept": len(indices), "of": len(recording.entries)}
    log[FIELD] = recipe
    log["comment"] = f"{log.get('comment', '')} (trimmed: {len(indices)} of {len(recording.entries)} exchanges)"
    data["log"] = log
    entries = [recording.entries[i] for i in indices]
    return Recording(recording.path, data, recipe, entries)


def _with_predecessors(recording: Recording, chosen: set[int]) -> set[int]:
    """`chosen`, the preflight, and every earlier entry of the same probe as a chosen one (a walk's pages)."""
    out = {0, *chosen}
    for index in chosen:
        probes = recording.entries[index].probes
        if SCHEMATHESIS_CASE in probes:
            continue
        out |= {e.seq for e in recording.entries[:index] if e.probes == probes}
    return out


def _cited(result: RunResult, replayed: dict[int, int], pick: Callable[[CheckResult], list[Exchange]]) -> set[int]:
    """The recorded entries (by `seq`) that the exchanges `pick` names of each failed check replay."""
    found: set[int] = set()
    for check in result.failed:
        for exchange in pick(check):
            index = replayed.get(exchange.seq)
            if index is not None:
                found.add(index)
    return found


def candidates(recording: Recording, result: RunResult, replayed: dict[int, int]) -> list[set[int]]:
    """What to keep, smallest first; `replayed`: the recorded entry each exchange of `result` replays."""
    shown = _cited(
        result, replayed, lambda c: [e for e in (c.outcome.request, c.outcome.previous_request) if e is not None]
    )
    first = _with_predecessors(recording, shown)
    evidence = _with_predecessors(recording, first | _cited(result, replayed, lambda c: list(c.outcome.shown_by)))
    semantic = evidence | {e.seq for e in recording.entries if SCHEMATHESIS_CASE not in e.probes}
    return [first, evidence, semantic, set(range(len(recording.entries)))]


def keep_failing(recording: Recording, result: RunResult, out: Path) -> tuple[Path, int]:
    """Write the smallest candidate that, judged, fails the same checks as `result` (the recording's judgement);
    returns the path and the number of exchanges kept."""
    wanted = failing(result)
    tried: list[frozenset[int]] = []
    chosen = subset(recording, range(len(recording.entries)))
    for keep in candidates(recording, result, sources(recording, result.exchanges)):
        if frozenset(keep) in tried:
            continue
        tried.append(frozenset(keep))
        candidate = subset(recording, keep)
        if failing(judge(candidate)) == wanted:
            chosen = candidate
            break
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(chosen.data, indent=1), encoding="utf-8")
    return out, len(chosen.entries)
