"""The differences between upstream's facts and ours, as `Finding`s: a difference is a declared departure where
ours is marked, and something upstream changed everywhere else (descriptions by their hashes in the snapshot)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conformance.upstream.facts import Facts

ABSENT: Any = object()  # the value of a fact one side does not have


@dataclass(frozen=True)
class Finding:
    group: str  # "upstream changed" or "declared departure"
    kind: str  # e.g. "new enum value", "removed property", "changed bound"
    key: str
    upstream: Any
    ours: Any
    why: str | None = None

    def line(self) -> str:
        text = f"- **{self.kind}** at `{self.key}`: upstream {_show(self.upstream)}, ours {_show(self.ours)}"
        return text + (f" ({self.why})" if self.why else "")


def _show(value: Any) -> str:
    return "(absent)" if value is ABSENT else f"`{json.dumps(value)}`"


def _kind(key: str, upstream: Any, ours: Any) -> str:
    if key.endswith(".present") and key.startswith("op ") and ".response" not in key:
        return "operation removed upstream" if upstream is ABSENT else "operation added upstream"
    if key.endswith(".deprecated"):
        return "operation deprecated upstream" if upstream is True else "deprecated mark differs"
    if isinstance(upstream, list) and isinstance(ours, list):
        added, removed = sorted(set(upstream) - set(ours)), sorted(set(ours) - set(upstream))
        what = {".enum": "enum value", ".oneOf": "variant", ".anyOf": "variant", ".allOf": "member",
                ".properties": "property", ".required": "required property", ".parameters": "parameter",
                ".responses": "response"}  # fmt: skip
        noun = next((n for suffix, n in what.items() if key.endswith(suffix)), "value")
        if added and not removed:
            return f"new {noun} upstream: {', '.join(map(str, added))}"
        if removed and not added:
            return f"{noun} removed upstream: {', '.join(map(str, removed))}"
        return f"{noun}s changed upstream: +{added} -{removed}"
    if key.rsplit(".", 1)[-1] in ("minimum", "maximum", "minItems", "maxItems"):
        return "changed bound"
    if key.endswith(".default"):
        return "changed default"
    if upstream is ABSENT:
        return "not upstream (removed there, or added by us)"
    if ours is ABSENT:
        return "new upstream"
    return "changed"


def compare(upstream: Facts, ours: Facts, baseline: dict[str, str] | None = None) -> list[Finding]:
    """Every fact that differs. A difference is a declared departure when ours is marked there; everything
    else is something upstream changed. With a baseline, upstream description changes are reported too."""
    findings = []
    for key in sorted(set(upstream.facts) | set(ours.facts)):
        up = upstream.facts[key].value if key in upstream.facts else ABSENT
        mine = ours.facts.get(key)
        value = mine.value if mine is not None else ABSENT
        if _same(up, value):
            if mine is not None and mine.own_mark:  # upstream now says what we marked as ours alone
                findings.append(Finding("declared departure", "upstream agrees now: the x-departure mark can go",
                                        key, up, value, mine.departure))  # fmt: skip
            continue
        if key.endswith((".parameters", ".responses")) and isinstance(up, list) and isinstance(value, list):
            findings += _members(key, up, value, ours)
            continue
        why = mine.departure if mine is not None else _parent_departure(ours, key)
        group = "declared departure" if why else "upstream changed"
        findings.append(Finding(group, _kind(key, up, value), key, up, value, why))
    for key, digest in sorted(upstream.descriptions.items()):
        if baseline is not None and baseline.get(key) != digest:
            kind = "new description upstream" if key not in baseline else "description changed upstream"
            findings.append(Finding("upstream changed", kind, key, digest, baseline.get(key, ABSENT)))
    return findings


def _members(key: str, upstream: list[str], ours: list[str], facts: Facts) -> list[Finding]:
    """A parameter or response list, member by member: one upstream added, or one of ours (marked or not)."""
    base, _, what = key.rpartition(".")
    noun = what.removesuffix("s")
    found = []
    for name in sorted(set(upstream) - set(ours)):
        found.append(Finding("upstream changed", f"new {noun} upstream", f"{base}.{noun} {name}", True, ABSENT))
    for name in sorted(set(ours) - set(upstream)):
        marker = facts.facts.get(
            f"{base}.param {name}.required" if noun == "parameter" else f"{base}.response {name}.present"
        )
        why = marker.departure if marker is not None else None
        kind = f"{noun} of ours only" if why else f"{noun} removed upstream (or added by us without a mark)"
        found.append(Finding("declared departure" if why else "upstream changed", kind, f"{base}.{noun} {name}",
                             ABSENT, True, why))  # fmt: skip
    return found


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not ABSENT and b is not ABSENT and a == b)


def _parent_departure(ours: Facts, key: str) -> str | None:
    """For a fact upstream has and ours lacks: the mark of the nearest fact of ours that encloses it."""
    parts = key.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        for suffix in (".nullable", ".present", ".required"):
            fact = ours.facts.get(prefix + suffix)
            if fact is not None and fact.departure:
                return fact.departure
    return None
