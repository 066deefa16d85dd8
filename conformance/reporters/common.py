"""What several report formats share: the order checks are listed in, a check's detail line, the plan line,
the baseline groups, and an exchange as a reproducible request.

Against the embedded provider, whose port is gone once the run ends, reproductions point at
`conformance serve --port 8080` (with the run's fault).
"""

from __future__ import annotations

import json
from typing import Any

from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status
from conformance.secrets import Masker

SERVE_PORT = 8080
SERVE_BASE_URL = f"http://127.0.0.1:{SERVE_PORT}/v1"


def serve_line(result: RunResult) -> str | None:
    """The command that brings back the embedded provider a reproduction needs; None for a real target."""
    if result.embedded_fault is None:
        return None
    fault = f" --fault {result.embedded_fault}" if result.embedded_fault != "none" else ""
    return f"conformance serve --port {SERVE_PORT}{fault}"


def exchange_view(exchange: Exchange | None, masker: Masker, result: RunResult) -> dict[str, Any] | None:
    """An exchange as a report shows it, with a curl that reproduces it. Credential headers are masked by name
    here (the masker keeps published keys readable); every other text is masked where the report is written."""
    if exchange is None:
        return None
    url = exchange.url
    if result.embedded_fault is not None and url.startswith(result.base_url):
        url = SERVE_BASE_URL + url[len(result.base_url) :]
    moved = Exchange(exchange.method, url, exchange.request_headers)
    return {
        "method": exchange.method,
        "url": url,
        "status": exchange.status,
        "error": exchange.error,
        "curl": moved.curl(masker.headers(exchange.request_headers)),
        "probe": ", ".join(exchange.used_by) or None,
        "answer": answer(exchange),
    }


PAGE_IDS_SHOWN = 10  # a page's step ids in full up to this many; beyond, the first and last five


def answer(exchange: Exchange, size: int = 200) -> str | None:
    """What came back, in one line, beside the curl that asks for it again: a page as its ids (what a walk's
    failure is about: a repeated or missing step), anything else as its status and the first `size` bytes of
    its body; None without an HTTP answer (`error` says why). Masked where the report is written."""
    if exchange.status is None:
        return None
    try:
        body = exchange.json()
    except ValueError:
        body = None
    data = body.get("data") if isinstance(body, dict) else None
    if 200 <= exchange.status < 300 and isinstance(data, list) and all(isinstance(s, dict) for s in data):
        ids = [str(s.get("id")) for s in data]
        if len(ids) > PAGE_IDS_SHOWN:
            ids = [*ids[:5], f"... {len(ids) - 10} more ...", *ids[-5:]]
        facts = ", ".join(f"{k} {json.dumps(body.get(k))}" for k in ("first_id", "last_id", "has_more"))
        return f"{exchange.status}: a page of {len(data)} step{'s' if len(data) != 1 else ''} ({facts}): " + (
            ", ".join(ids) or "no steps"
        )
    return exchange.excerpt(size)


def reproduce_text(check: CheckResult, masker: Masker, result: RunResult) -> str:
    """The shell lines that reproduce a failure: the provider (embedded), the page before, the request."""
    request = exchange_view(check.request, masker, result)
    if request is None:
        return ""
    serve = serve_line(result)
    lines = [f"{serve} &"] if serve else []
    previous = exchange_view(check.outcome.previous_request, masker, result)
    if previous is not None:
        lines += ["# the page before it:", previous["curl"], "# the page that shows it:"]
    return "\n".join([*lines, request["curl"]])


def report_order(result: RunResult) -> list[CheckResult]:
    """Failures first, root causes before their echoes; then skipped core checks; then everything else."""
    rest = [c for c in result.checks if c.status is not Status.FAILED]
    rest.sort(key=lambda c: 0 if c.status is Status.SKIPPED and c.core else 1)
    return [*result.failed, *rest]


def detail(check: CheckResult, result: RunResult | None = None) -> str:
    echo = f" (probably follows from {check.echo_of})" if check.echo_of else ""
    if check.status is Status.UNOBSERVABLE:
        echo = f" (needs {check.outcome.needs})"
    optional = "" if check.core else " [optional]"
    known = " [known from the baseline]" if result and result.baseline and check.name in result.baseline.known else ""
    return check.detail + echo + optional + known


def plan_line(result: RunResult) -> str:
    """Spent vs planned requests per phase, e.g. `spent/planned: semantic 37/37, schemathesis 40/40`. A phase
    that spent more than its plan says by how much and why (the plan counts a correct provider's pages; a walk
    may take one more, or what the budget leaves when the run's size was only bounded), so `36/34` never reads
    as an overspent budget."""
    parts = []
    for phase, planned in result.planned.items():
        spent = result.spent.get(phase, 0)
        beyond = (
            f" (+{spent - planned}: pages past a correct provider's, which the plan counts)" if spent > planned else ""
        )
        parts.append(f"{phase} {spent}/{planned}{beyond}")
    return "spent/planned: " + ", ".join(parts) if parts else "no phase ran"


def baseline_lines(result: RunResult, markdown: bool) -> list[str]:
    """The groups against a baseline: regressions (they decide), known failures, hidden ones, fixes."""
    comparison = result.baseline
    if comparison is None:
        return []
    groups = (("regressions", comparison.regressions), ("known failures", comparison.known),
              ("hidden by known failures", comparison.hidden), ("fixed", comparison.fixed))  # fmt: skip
    if markdown:
        lines = ["", f"## Against the baseline `{comparison.path}`", ""]
        return lines + [f"- {title}: {', '.join(f'`{n}`' for n in names) or 'none'}" for title, names in groups]
    return [f"baseline {title}: {', '.join(names) or 'none'}" for title, names in groups]
