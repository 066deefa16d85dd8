"""`matrix.md`: a check x target table of a `matrix` run, then each target's verdict and size."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.headline import headline
from conformance.results import RunResult, Status
from conformance.secrets import Masker


class MatrixMarkdownReporter:
    name = "matrix-md"
    filename = "matrix.md"

    def render(self, results: Sequence[RunResult], masker: Masker) -> str:
        return matrix_markdown(results)


def matrix_markdown(results: Sequence[RunResult]) -> str:
    """A check x target table; one column per target, one row per check, then the verdicts."""
    names: list[str] = []
    for result in results:
        for check in result.checks:
            if check.name not in names:
                names.append(check.name)
    header = "| check | " + " | ".join(r.target_name for r in results) + " |"
    lines = ["# Conformance matrix", "", header, "|---|" + "---|" * len(results)]
    symbol = {Status.PASSED: "pass", Status.FAILED: "**FAIL**", Status.SKIPPED: "skip", Status.EXCLUDED: "excluded",
              Status.UNOBSERVABLE: "unobservable"}  # fmt: skip
    for name in names:
        cells = []
        for result in results:
            found = next((c for c in result.checks if c.name == name), None)
            cells.append(symbol[found.status] if found else "-")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines.append("| **verdict** | " + " | ".join(f"**{r.verdict.value}**" for r in results) + " |")
    lines += ["", "| target | base URL | profile | requests | time |", "|---|---|---|---|---|"]
    lines += [f"| {r.target_name} | `{r.base_url}` | {r.profile} | {r.requests} | {r.elapsed:.1f} s |" for r in results]
    stopped = [r for r in results if r.untestable or r.verdict.value == "incomplete"]
    lines += ["", *(f"- {r.target_name}: {headline(r)}" for r in stopped)] if stopped else []
    return "\n".join(lines).rstrip() + "\n"
