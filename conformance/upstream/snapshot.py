"""The upstream snapshot kept in the repository: the facts of OpenAI's published `listRunSteps` (as
`conformance.upstream.facts.Facts` flattens them) at the spec version openapi.yaml was last aligned with, with where
that spec came from.

It holds facts and hashes of upstream's descriptions, never upstream's prose, so the fidelity test and
`scripts/upstream-diff` have something to compare with from the repository alone; `--update-baseline` replaces it
and says what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "codegen" / "upstream-snapshot.json"


@dataclass(frozen=True)
class Provenance:
    source: str  # where the spec came from: repository and commit, or the URL it was read from
    sha256: str  # of the spec file as read (after un-gzipping)
    taken: str  # the date (UTC, ISO) the snapshot was written

    def line(self) -> str:
        return f"{self.source} (sha256 {self.sha256[:12]}, taken {self.taken})"


@dataclass(frozen=True)
class Snapshot:
    provenance: Provenance
    facts: dict[str, Any] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> str:
        data = {
            "provenance": {
                "source": self.provenance.source,
                "sha256": self.provenance.sha256,
                "taken": self.provenance.taken,
            },
            "facts": dict(sorted(self.facts.items())),
            "descriptions": dict(sorted(self.descriptions.items())),
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_snapshot(path: Path = SNAPSHOT) -> Snapshot | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    provenance = Provenance(**data["provenance"])
    return Snapshot(provenance, dict(data["facts"]), dict(data["descriptions"]))


def write_snapshot(snapshot: Snapshot, path: Path = SNAPSHOT) -> None:
    path.write_text(snapshot.as_json(), encoding="utf-8")


def changes(old: Snapshot | None, new: Snapshot) -> list[str]:
    """What replacing `old` with `new` changes, one Markdown line per fact or description."""
    if old is None:
        return [f"- new snapshot: {len(new.facts)} facts, {len(new.descriptions)} description hashes"]
    lines = []
    if old.provenance.source != new.provenance.source or old.provenance.sha256 != new.provenance.sha256:
        lines.append(f"- source: {old.provenance.line()} -> {new.provenance.line()}")
    for key in sorted(set(old.facts) | set(new.facts)):
        if key not in new.facts:
            lines.append(f"- fact removed: `{key}` (was {json.dumps(old.facts[key])})")
        elif key not in old.facts:
            lines.append(f"- fact added: `{key}` = {json.dumps(new.facts[key])}")
        elif old.facts[key] != new.facts[key]:
            lines.append(f"- fact changed: `{key}`: {json.dumps(old.facts[key])} -> {json.dumps(new.facts[key])}")
    for key in sorted(set(old.descriptions) | set(new.descriptions)):
        if old.descriptions.get(key) != new.descriptions.get(key):
            what = "added" if key not in old.descriptions else "removed" if key not in new.descriptions else "changed"
            lines.append(f"- description {what}: `{key}`")
    return lines
