"""`report.md`: the run for a person: verdict, the table of checks, baseline groups, reproducing requests."""

from __future__ import annotations

from conformance.headline import SEVERITY_WORDS, headline
from conformance.reporters.common import (
    baseline_lines,
    detail,
    exchange_view,
    plan_line,
    report_order,
    reproduce_text,
    serve_line,
)
from conformance.results import RunResult, Verdict
from conformance.secrets import Masker


class MarkdownReporter:
    name = "md"
    filename = "report.md"

    def render(self, result: RunResult, masker: Masker) -> str:
        return markdown(result, masker)


def markdown(result: RunResult, masker: Masker) -> str:
    serve = serve_line(result)
    lines = [
        f"# Conformance report: {result.target_name} at {result.base_url}",
        "",
        f"- Verdict: **{result.verdict.value}**",
        f"- Summary: {headline(result)}",
        f"- Target: `{result.base_url}` (profile `{result.profile}`)",
        f"- Cases: {result.cases}; requests: {result.requests}"
        + (f" of a budget of {result.budget}" if result.budget else "")
        + f" ({plan_line(result)}); seed: {result.seed}; {result.elapsed:.1f} s",
    ]
    if result.replay:
        lines.append(f"- Replay the whole run: `{result.replay}`")
    lines += [f"- Note: {note}" for note in result.notes]
    lines += root_cause_list(result)
    stop = exchange_view(result.untestable.request, masker, result) if result.untestable else None
    if stop is not None:
        lines += ["", "## The preflight request that stopped the run", "", "```sh", stop["curl"], "```"]
    if result.checks:
        lines += ["", "| check | phase | status | detail |", "|---|---|---|---|"]
    for c in report_order(result):
        cell = detail(c, result).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{c.name}` | {c.phase} | {c.status.value} | {cell} |")
    lines += baseline_lines(result, markdown=True)
    failed = [c for c in result.failed if c.request is not None]
    if failed:
        lines += ["", "## Reproducing requests", ""]
        if serve:
            lines += [f"The embedded provider is gone with the run; `{serve}` brings it back.", ""]
        for c in failed:
            lines += [f"### `{c.name}`", "", "```sh", reproduce_text(c, masker, result), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def root_cause_list(result: RunResult) -> list[str]:
    """The root causes as a numbered list, most severe first, each with its reason and what follows from it."""
    roots = result.root_causes if result.verdict is Verdict.NON_CONFORMANT else []
    if not roots:
        return []
    lines = ["", "## Root causes (most severe first)", ""]
    for number, root in enumerate(roots, 1):
        level = SEVERITY_WORDS.get(root.severity, "")  # type: ignore[call-overload]
        reason = " ".join(root.reason.split()).replace("|", "\\|")
        lines.append(f"{number}. `{root.failure.name}` ({level}): {reason}")
        if root.follows:
            lines.append(f"   - follows from it: {', '.join(f'`{f.name}`' for f in root.follows)}")
    return lines
