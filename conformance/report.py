"""Turns a RunResult into every output: the terminal table, junit.xml, report.json, report.md, the matrix.

This is the one place output is produced, and everything it writes passes through the run's `Masker`.
`report.json` follows `conformance/report.schema.json` (every report the tests write is validated against it).
Against the embedded provider, whose port is gone once the run ends, reproductions point at
`conformance serve --port 8080` (with the run's fault) and come with a line that replays the whole run.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from conformance import reference
from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status, clip
from conformance.secrets import MASK, Masker

STATUS_STYLE = {Status.PASSED: "green", Status.FAILED: "bold red", Status.SKIPPED: "yellow", Status.EXCLUDED: "dim",
               Status.UNOBSERVABLE: "cyan"}  # fmt: skip
SERVE_PORT = 8080
SERVE_BASE_URL = f"http://127.0.0.1:{SERVE_PORT}/v1"
SCHEMA_PATH = Path(__file__).resolve().parent / "report.schema.json"
# Header values made of the embedded provider's published keys: needed as they are to rerun a curl.
PUBLIC_VALUES = reference.PUBLIC_KEYS | {f"Bearer {key}" for key in reference.PUBLIC_KEYS}


def serve_line(result: RunResult) -> str | None:
    """The command that brings back the embedded provider a reproduction needs; None for a real target."""
    if result.embedded_fault is None:
        return None
    fault = f" --fault {result.embedded_fault}" if result.embedded_fault != "none" else ""
    return f"conformance serve --port {SERVE_PORT}{fault}"


def _exchange(exchange: Exchange | None, masker: Masker, result: RunResult) -> dict[str, Any] | None:
    if exchange is None:
        return None
    url = exchange.url
    if result.embedded_fault is not None and url.startswith(result.base_url):
        url = SERVE_BASE_URL + url[len(result.base_url) :]
    moved = Exchange(exchange.method, masker.text(url), exchange.request_headers)
    # Credential headers by name, and every known secret wherever else it appears; against the embedded
    # provider its own published keys stay readable, so the curl runs as it is.
    headers = masker.headers(exchange.request_headers)
    if result.embedded_fault is not None:
        sent = exchange.request_headers
        headers = {k: sent[k] if v == MASK and sent[k] in PUBLIC_VALUES else v for k, v in headers.items()}
    return {
        "method": exchange.method,
        "url": masker.text(url),
        "status": exchange.status,
        "error": exchange.error,
        "curl": moved.curl(headers),
    }


def as_dict(result: RunResult, masker: Masker) -> dict[str, Any]:
    serve = serve_line(result)
    data = {
        "verdict": result.verdict.value,
        "summary": result.headline(),
        "target": result.target,
        "target_id": result.target_id,
        "run": result.run_ref,
        "spec_version": result.spec_version,
        "base_url": result.base_url,
        "profile": result.profile,
        "seed": result.seed,
        "cases": result.cases,
        "requests": result.requests,
        "request_budget": result.budget,
        "rate_limit_per_second": result.rate_limit,
        "workers": result.workers,
        "requests_planned": result.planned,
        "requests_spent": result.spent,
        "run_steps": result.steps,
        "observed_scope": observed_scope(result),
        "elapsed_seconds": round(result.elapsed, 3),
        "untestable": None
        if result.untestable is None
        else {
            "kind": result.untestable.kind,
            "reason": result.untestable.reason,
            "request": _exchange(result.untestable.request, masker, result),
        },
        "skipped_core_checks": [c.name for c in result.skipped_core],
        "excluded_checks": [c.name for c in result.checks if c.status is Status.EXCLUDED],
        "baseline": None
        if result.baseline is None
        else {
            "path": result.baseline.path,
            "regressions": list(result.baseline.regressions),
            "known": list(result.baseline.known),
            "fixed": list(result.baseline.fixed),
            "hidden": list(result.baseline.hidden),
        },
        "reproduce": None if serve is None else {"serve": serve, "replay": result.replay},
        "notes": result.notes,
        "checks": [
            {
                "name": c.name,
                "phase": c.phase,
                "status": c.status.value,
                "core": c.core,
                "description": c.description,
                "detail": c.detail,
                "echo_of": c.echo_of,
                "blocked_by": c.outcome.blocked_by,
                "needs": c.outcome.needs,
                "cases": c.cases,
                "request": _exchange(c.request, masker, result),
                "previous_request": _exchange(c.outcome.previous_request, masker, result),
            }
            for c in result.checks
        ],
    }
    masked: dict[str, Any] = json.loads(masker.text(json.dumps(data)))
    return masked


SCOPE_COVERS = (
    "A verdict rests on the run it was given: every check judged what that run can show. A run of 2+ steps shows "
    "cursors crossing pages in both orders and directions, has_more true and false, and a full last page; the "
    "default page size needs 21+ steps, a full page of 100 needs 100+, include[] content needs a file_search "
    "call with results. What the run could not show is listed in `unobservable`, with the run that would show it."
)


def observed_scope(result: RunResult) -> dict[str, Any] | None:
    """What this run's verdict covers: the run's size, and each behaviour it could not show."""
    if not result.checks:
        return None
    return {
        "run_steps": result.steps,
        "unobservable": [{"check": c.name, "reason": c.detail, "needs": c.outcome.needs} for c in result.unobservable],
        "covers": SCOPE_COVERS,
    }


def _reproduce_text(check: CheckResult, masker: Masker, result: RunResult) -> str:
    request = _exchange(check.request, masker, result)
    if request is None:
        return ""
    lines = [f"{serve_line(result)} &"] if serve_line(result) else []
    previous = _exchange(check.outcome.previous_request, masker, result)
    if previous is not None:
        lines += ["# the page before it:", previous["curl"], "# the page that shows it:"]
    return "\n".join([*lines, request["curl"]])


def junit_xml(result: RunResult, masker: Masker) -> str:
    failures = sum(c.status is Status.FAILED for c in result.checks)
    skipped = sum(c.status in (Status.SKIPPED, Status.EXCLUDED, Status.UNOBSERVABLE) for c in result.checks)
    suite = ET.Element(
        "testsuite",
        name=f"conformance[{result.target}]",
        tests=str(len(result.checks) or 1),
        failures=str(failures),
        errors="1" if result.untestable else "0",
        skipped=str(skipped),
        time=f"{result.elapsed:.3f}",
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("base_url", result.base_url),
        ("profile", result.profile),
        ("seed", str(result.seed)),
        ("verdict", result.verdict.value),
        ("summary", result.headline()),
    ):
        ET.SubElement(properties, "property", name=key, value=masker.text(value))
    if result.untestable:
        case = ET.SubElement(suite, "testcase", classname="conformance.preflight", name="testable")
        ET.SubElement(case, "error", message=masker.text(result.untestable.reason))
    for check in result.checks:
        case = ET.SubElement(suite, "testcase", classname=f"conformance.{check.phase}", name=check.name)
        if check.status is Status.FAILED:
            failure = ET.SubElement(case, "failure", message=masker.text(check.detail))
            reproduce = _reproduce_text(check, masker, result)
            failure.text = masker.text(check.detail + (f"\n\nReproduce:\n{reproduce}" if reproduce else ""))
        elif check.status is Status.UNOBSERVABLE:
            message = f"unobservable on this run: {check.detail} (needs {check.outcome.needs})"
            ET.SubElement(case, "skipped", message=masker.text(message))
        elif check.status in (Status.SKIPPED, Status.EXCLUDED):
            ET.SubElement(case, "skipped", message=masker.text(check.detail))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return masker.text(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


def markdown(result: RunResult, masker: Masker) -> str:
    lines = [
        f"# Conformance report: {result.target} at {result.base_url}",
        "",
        f"- Verdict: **{result.verdict.value}**",
        f"- Summary: {result.headline()}",
        f"- Target: `{result.base_url}` (profile `{result.profile}`)",
        f"- Cases: {result.cases}; requests: {result.requests}"
        + (f" of a budget of {result.budget}" if result.budget else "")
        + f" ({_plan_line(result)}); seed: {result.seed}; {result.elapsed:.1f} s",
    ]
    if result.replay:
        lines.append(f"- Replay the whole run: `{result.replay}`")
    lines += [f"- Note: {note}" for note in result.notes]
    stop = _exchange(result.untestable.request, masker, result) if result.untestable else None
    if stop is not None:
        lines += ["", "## The preflight request that stopped the run", "", "```sh", stop["curl"], "```"]
    if result.checks:
        lines += ["", "| check | phase | status | detail |", "|---|---|---|---|"]
    for c in _report_order(result):
        detail = _detail(c, result).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{c.name}` | {c.phase} | {c.status.value} | {detail} |")
    lines += _baseline_lines(result, markdown=True)
    failed = [c for c in result.failed if c.request is not None]
    if failed:
        lines += ["", "## Reproducing requests", ""]
        if serve_line(result):
            lines += [f"The embedded provider is gone with the run; `{serve_line(result)}` brings it back.", ""]
        for c in failed:
            lines += [f"### `{c.name}`", "", "```sh", _reproduce_text(c, masker, result), "```", ""]
    return masker.text("\n".join(lines).rstrip() + "\n")


def write_reports(result: RunResult, directory: Path, masker: Masker) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    outputs = {
        "report.json": json.dumps(as_dict(result, masker), indent=2, ensure_ascii=False) + "\n",
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
        table.add_row(c.name, c.phase, f"[{style}]{c.status.value}[/]", masker.text(clip(_detail(c, result), 200)))
    console.print(table)
    for note in result.notes:
        console.print(f"note: {masker.text(note)}", markup=False, highlight=False, soft_wrap=True)
    for line in _baseline_lines(result, markdown=False):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    counts = {s: sum(c.status is s for c in result.checks) for s in Status}
    budget = f" (budget {result.budget})" if result.budget else ""
    excluded = f", {counts[Status.EXCLUDED]} excluded" if counts[Status.EXCLUDED] else ""
    unobservable = f", {counts[Status.UNOBSERVABLE]} unobservable" if counts[Status.UNOBSERVABLE] else ""
    console.print(
        f"checks: {counts[Status.PASSED]} passed, {counts[Status.FAILED]} failed, {counts[Status.SKIPPED]} skipped"
        f"{unobservable}{excluded}  "
        f"cases: {result.cases}  requests: {result.requests}{budget}; {_plan_line(result)}  seed: {result.seed}  "
        f"time: {result.elapsed:.1f} s",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def _baseline_lines(result: RunResult, markdown: bool) -> list[str]:
    """The three groups against a baseline: regressions (they decide), known failures, fixes."""
    comparison = result.baseline
    if comparison is None:
        return []
    groups = (("regressions", comparison.regressions), ("known failures", comparison.known),
              ("hidden by known failures", comparison.hidden), ("fixed", comparison.fixed))  # fmt: skip
    if markdown:
        lines = ["", f"## Against the baseline `{comparison.path}`", ""]
        return lines + [f"- {title}: {', '.join(f'`{n}`' for n in names) or 'none'}" for title, names in groups]
    return [f"baseline {title}: {', '.join(names) or 'none'}" for title, names in groups]


def _plan_line(result: RunResult) -> str:
    """Spent vs planned requests per phase, e.g. `spent/planned: semantic 37/37, schemathesis 40/40`."""
    parts = [f"{phase} {result.spent.get(phase, 0)}/{planned}" for phase, planned in result.planned.items()]
    return "spent/planned: " + ", ".join(parts) if parts else "no phase ran"


def _report_order(result: RunResult) -> list[CheckResult]:
    """Failures first, root causes before their echoes; then skipped core checks; then everything else."""
    rest = [c for c in result.checks if c.status is not Status.FAILED]
    rest.sort(key=lambda c: 0 if c.status is Status.SKIPPED and c.core else 1)
    return [*result.failed, *rest]


def _detail(check: CheckResult, result: RunResult | None = None) -> str:
    echo = f" (probably follows from {check.echo_of})" if check.echo_of else ""
    if check.status is Status.UNOBSERVABLE:
        echo = f" (needs {check.outcome.needs})"
    optional = "" if check.core else " [optional]"
    known = " [known from the baseline]" if result and result.baseline and check.name in result.baseline.known else ""
    return check.detail + echo + optional + known


def matrix_markdown(results: Sequence[RunResult], masker: Masker) -> str:
    """A check x target table; one column per target, one row per check, then the verdicts."""
    names: list[str] = []
    for result in results:
        for check in result.checks:
            if check.name not in names:
                names.append(check.name)
    header = "| check | " + " | ".join(r.target for r in results) + " |"
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
    lines += [f"| {r.target} | `{r.base_url}` | {r.profile} | {r.requests} | {r.elapsed:.1f} s |" for r in results]
    stopped = [r for r in results if r.untestable or r.verdict.value == "incomplete"]
    lines += ["", *(f"- {r.target}: {r.headline()}" for r in stopped)] if stopped else []
    return masker.text("\n".join(lines).rstrip() + "\n")
