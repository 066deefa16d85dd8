"""Turns a RunResult into every output: the terminal table, junit.xml, report.json, report.md, the matrix.

This is the one place output is produced, and everything it writes passes through the run's `Masker`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status
from conformance.secrets import Masker

STATUS_STYLE = {Status.PASSED: "green", Status.FAILED: "bold red", Status.SKIPPED: "yellow"}


def _exchange(exchange: Exchange | None, masker: Masker) -> dict[str, Any] | None:
    if exchange is None:
        return None
    return {
        "method": exchange.method,
        "url": masker.text(exchange.url),
        "status": exchange.status,
        "error": exchange.error,
        # Credential headers by name, and every known secret wherever else it appears.
        "curl": masker.text(exchange.curl(masker.headers(exchange.request_headers))),
    }


def _request(check: CheckResult, masker: Masker) -> dict[str, Any] | None:
    return _exchange(check.request, masker)


def as_dict(result: RunResult, masker: Masker) -> dict[str, Any]:
    data = {
        "verdict": result.verdict.value,
        "summary": result.headline(),
        "target": result.target,
        "base_url": result.base_url,
        "profile": result.profile,
        "seed": result.seed,
        "cases": result.cases,
        "requests": result.requests,
        "request_budget": result.budget,
        "requests_planned": result.planned,
        "requests_spent": result.spent,
        "run_steps": result.steps,
        "elapsed_seconds": round(result.elapsed, 3),
        "untestable": None
        if result.untestable is None
        else {
            "kind": result.untestable.kind,
            "reason": result.untestable.reason,
            "request": _exchange(result.untestable.request, masker),
        },
        "skipped_core_checks": [c.name for c in result.skipped_core],
        "notes": result.notes,
        "checks": [
            {
                "name": c.name,
                "phase": c.phase,
                "status": c.status.value,
                "detail": c.detail,
                "description": c.description,
                "core": c.core,
                "echo_of": c.echo_of,
                "cases": c.cases,
                "request": _request(c, masker),
                "previous_request": _exchange(c.outcome.context, masker),
            }
            for c in result.checks
        ],
    }
    masked: dict[str, Any] = json.loads(masker.text(json.dumps(data)))
    return masked


def junit_xml(result: RunResult, masker: Masker) -> str:
    failures = sum(c.status is Status.FAILED for c in result.checks)
    skipped = sum(c.status is Status.SKIPPED for c in result.checks)
    suite = ET.Element(
        "testsuite",
        name=f"conformance[{result.target}]",
        tests=str(len(result.checks)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        time=f"{result.elapsed:.3f}",
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("base_url", result.base_url),
        ("profile", result.profile),
        ("seed", str(result.seed)),
        ("verdict", result.verdict.value),
    ):
        ET.SubElement(properties, "property", name=key, value=masker.text(value))
    if result.untestable:
        case = ET.SubElement(suite, "testcase", classname="conformance.preflight", name="testable")
        ET.SubElement(case, "error", message=masker.text(result.untestable.reason))
    for check in result.checks:
        case = ET.SubElement(suite, "testcase", classname=f"conformance.{check.phase}", name=check.name)
        if check.status is Status.FAILED:
            failure = ET.SubElement(case, "failure", message=masker.text(check.detail))
            request = _request(check, masker)
            failure.text = masker.text(check.detail + ("\n\nReproduce:\n" + request["curl"] if request else ""))
        elif check.status is Status.SKIPPED:
            ET.SubElement(case, "skipped", message=masker.text(check.detail))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return masker.text(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


def markdown(result: RunResult, masker: Masker) -> str:
    lines = [
        f"# Conformance report: {result.target}",
        "",
        f"- Verdict: **{result.verdict.value}**",
        f"- Summary: {result.headline()}",
        f"- Target: `{result.base_url}` (profile `{result.profile}`)",
        f"- Cases: {result.cases}; requests: {result.requests}"
        + (f" of a budget of {result.budget}" if result.budget else "")
        + f"; seed: {result.seed}; {result.elapsed:.1f} s",
    ]
    lines += [f"- Note: {note}" for note in result.notes]
    stop = _exchange(result.untestable.request, masker) if result.untestable else None
    if stop is not None:
        lines += ["", "## The preflight request that stopped the run", "", "```sh", stop["curl"], "```"]
    lines += ["", "| check | phase | status | detail |", "|---|---|---|---|"]
    for c in _report_order(result):
        detail = _detail(c).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{c.name}` | {c.phase} | {c.status.value} | {detail} |")
    failed = [c for c in result.failed if c.request is not None]
    if failed:
        lines += ["", "## Reproducing requests", ""]
        for c in failed:
            request = _request(c, masker)
            lines += [f"### `{c.name}`", "", "```sh", request["curl"] if request else "", "```", ""]
    return masker.text("\n".join(lines).rstrip() + "\n")


def write_reports(result: RunResult, directory: Path, masker: Masker) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    outputs = {
        "report.json": json.dumps(as_dict(result, masker), indent=2) + "\n",
        "junit.xml": junit_xml(result, masker),
        "report.md": markdown(result, masker),
    }
    written = []
    for name, text in outputs.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def print_summary(result: RunResult, console: Console, masker: Masker) -> None:
    table = Table(title=masker.text(f"{result.target}: {result.base_url} ({result.profile})"), show_lines=False)
    for column in ("check", "phase", "status", "detail"):
        table.add_column(column, overflow="fold")
    for c in _report_order(result):
        style = STATUS_STYLE[c.status]
        table.add_row(c.name, c.phase, f"[{style}]{c.status.value}[/]", masker.text(_detail(c)[:200]), style=None)
    console.print(table)
    for note in result.notes:
        console.print(f"note: {masker.text(note)}", markup=False, highlight=False, soft_wrap=True)
    counts = {s: sum(c.status is s for c in result.checks) for s in Status}
    budget = f" (budget {result.budget})" if result.budget else ""
    console.print(
        f"checks: {counts[Status.PASSED]} passed, {counts[Status.FAILED]} failed, {counts[Status.SKIPPED]} skipped  "
        f"cases: {result.cases}  requests: {result.requests}{budget}; {_plan_line(result)}  seed: {result.seed}  "
        f"time: {result.elapsed:.1f} s",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def _plan_line(result: RunResult) -> str:
    """Planned vs spent requests per phase, e.g. `semantic 37/37, schemathesis 40/40`."""
    parts = [f"{phase} {result.spent.get(phase, 0)}/{planned}" for phase, planned in result.planned.items()]
    return "spent/planned: " + ", ".join(parts) if parts else "no phase ran"


def _report_order(result: RunResult) -> list[CheckResult]:
    """Failures first, root causes before their echoes; then skipped core checks; then everything else."""
    rest = [c for c in result.checks if c.status is not Status.FAILED]
    rest.sort(key=lambda c: 0 if c.status is Status.SKIPPED and c.core else 1)
    return [*result.failed, *rest]


def _detail(check: CheckResult) -> str:
    echo = f" (probably follows from {check.echo_of})" if check.echo_of else ""
    optional = "" if check.core else " [optional]"
    return check.detail + echo + optional


def matrix_markdown(results: Sequence[RunResult], masker: Masker) -> str:
    """A check x target table; one column per target, one row per check, then the verdicts."""
    names: list[str] = []
    for result in results:
        for check in result.checks:
            if check.name not in names:
                names.append(check.name)
    header = "| check | " + " | ".join(r.target for r in results) + " |"
    lines = ["# Conformance matrix", "", header, "|---|" + "---|" * len(results)]
    symbol = {Status.PASSED: "pass", Status.FAILED: "**FAIL**", Status.SKIPPED: "skip"}
    for name in names:
        cells = []
        for result in results:
            found = next((c for c in result.checks if c.name == name), None)
            cells.append(symbol[found.status] if found else "-")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines.append("| **verdict** | " + " | ".join(f"**{r.verdict.value}**" for r in results) + " |")
    lines += ["", "| target | base URL | profile | requests | time |", "|---|---|---|---|---|"]
    lines += [f"| {r.target} | `{r.base_url}` | {r.profile} | {r.requests} | {r.elapsed:.1f} s |" for r in results]
    stopped = [r for r in results if r.untestable or r.verdict.value == "incomplete"]
    lines += ["", *(f"- {r.target}: {r.headline()}" for r in stopped)] if stopped else []
    return masker.text("\n".join(lines).rstrip() + "\n")
