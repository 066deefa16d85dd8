"""The findings as the Markdown report: upstream's changes to act on, then our declared departures, one line each."""

from __future__ import annotations

import re

from conformance.upstream.compare import ABSENT, Finding
from conformance.upstream.extract import OPERATION_ID


def _collapse(declared: list[Finding]) -> list[Finding]:
    """One line per declared departure: facts under an added parameter or response go with it, and the facts
    of one discriminator become one line."""
    members = {f.key for f in declared}
    shown: list[Finding] = []
    seen: set[str] = set()
    for finding in declared:
        under = re.match(r"(op .*)\.(param|response) ([^.]+)\.", finding.key)
        if under and any(m.endswith(f".{'parameter' if under.group(2) == 'param' else 'response'} {under.group(3)}")
                         for m in members):  # fmt: skip
            continue
        disc = re.match(r"(.*)\.discriminator\.", finding.key)
        if disc:
            key = f"{disc.group(1)}.discriminator"
            if key in seen:
                continue
            seen.add(key)
            finding = Finding(finding.group, "discriminator of ours only", key, ABSENT, "type", finding.why)
        elif finding.kind.startswith("not upstream"):
            finding = Finding(finding.group, "ours only", finding.key, finding.upstream, finding.ours, finding.why)
        shown.append(finding)
    return shown


def markdown(source: str, findings: list[Finding], seconds: float) -> str:
    changed = [f for f in findings if f.group == "upstream changed"]
    declared = _collapse([f for f in findings if f.group == "declared departure"])
    lines = [f"# Upstream diff: `{OPERATION_ID}` in {source} vs openapi.yaml", ""]
    lines.append(
        f"{len(changed)} upstream change(s) to act on, {len(declared)} declared departure(s); {seconds:.1f} s."
    )
    lines += ["", "## Upstream changed (act on these: edit openapi.yaml, then scripts/generate)", ""]
    lines += [f.line() for f in changed] or ["Nothing: openapi.yaml is up to date with upstream."]
    lines += ["", "## Our declared departures (expected; each marked `x-departure` in openapi.yaml)", ""]
    lines += [f.line() for f in declared] or ["None."]
    return "\n".join(lines) + "\n"
