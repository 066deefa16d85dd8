"""The terminal's summary of a run: the table of checks, the notes, the baseline groups and the counts.

Unlike the files, whose text is masked once as it is written, the table is masked cell by cell before rich
lays it out: a folded cell could otherwise split a secret across two lines, past the masker. Cells are
`Text`, never markup, so a provider's message cannot restyle (or break) the table.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from conformance.reporters.common import baseline_lines, detail, plan_line, report_order
from conformance.results import RunResult, Status, clip
from conformance.secrets import Masker

STATUS_STYLE = {Status.PASSED: "green", Status.FAILED: "bold red", Status.SKIPPED: "yellow", Status.EXCLUDED: "dim",
               Status.UNOBSERVABLE: "cyan"}  # fmt: skip


class TerminalReporter:
    name = "table"

    def show(self, result: RunResult, masker: Masker, console: Console) -> None:
        def line(text: str) -> None:
            console.print(masker.text(text), markup=False, highlight=False, soft_wrap=True)

        table = Table(
            title=masker.text(f"{result.target_name}: {result.base_url} ({result.profile})"), show_lines=False
        )
        for column in ("check", "phase", "status", "detail"):
            table.add_column(column, overflow="fold")
        for c in report_order(result):
            status = Text(c.status.value, style=STATUS_STYLE[c.status])
            table.add_row(c.name, c.phase, status, Text(masker.text(clip(detail(c, result), 200))))
        console.print(table)
        for note in result.notes:
            line(f"note: {note}")
        for text in baseline_lines(result, markdown=False):
            line(text)
        counts = {s: sum(c.status is s for c in result.checks) for s in Status}
        budget = f" (budget {result.budget})" if result.budget else ""
        excluded = f", {counts[Status.EXCLUDED]} excluded" if counts[Status.EXCLUDED] else ""
        unobservable = f", {counts[Status.UNOBSERVABLE]} unobservable" if counts[Status.UNOBSERVABLE] else ""
        line(
            f"checks: {counts[Status.PASSED]} passed, {counts[Status.FAILED]} failed, {counts[Status.SKIPPED]} "
            f"skipped{unobservable}{excluded}  cases: {result.cases}  requests: {result.requests}{budget}; "
            f"{plan_line(result)}  seed: {result.seed}  time: {result.elapsed:.1f} s"
        )
