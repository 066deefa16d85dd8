"""What several report formats share: the order checks are listed in, a check's detail line, the plan line,
the baseline groups, and an exchange as a reproducible request.

Against the embedded provider, whose port is gone once the run ends, reproductions point at
`conformance serve --port 8080` (with the run's fault).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status
from conformance.secrets import Masker

SERVE_PORT = 8080
SERVE_ORIGIN = f"http://127.0.0.1:{SERVE_PORT}"


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
        # Only the origin moves: the path keeps the surface the run tested (/v1, or the Foundry project's).
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(result.base_url))
        url = SERVE_ORIGIN + url[len(origin) :]
    moved = Exchange(exchange.method, url, exchange.request_headers)
    return {
        "method": exchange.method,
        "url": url,
        "status": exchange.status,
        "error": exchange.error,
        "curl": moved.curl(masker.headers(exchange.request_headers)),
        "probe": ", ".join(exchange.used_by) or None,
    }


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
    """Spent vs planned requests per phase, e.g. `spent/planned: semantic 37/37, schemathesis 40/40`."""
    parts = [f"{phase} {result.spent.get(phase, 0)}/{planned}" for phase, planned in result.planned.items()]
    return "spent/planned: " + ", ".join(parts) + class_line(result) if parts else "no phase ran"


def class_line(result: RunResult) -> str:
    """The generated phase's spent/planned per class, e.g. ` (positive 51/51, negative 66/66, hostile 58/66 with
    4 shrinking)`; empty when it sent no class."""
    spent = result.spent_by_class
    parts = [f"{name} {spent.get(name, 0)}/{planned}" for name, planned in result.planned_by_class.items()]
    shrinking = f" with {spent['shrinking']} shrinking" if spent.get("shrinking") else ""
    return f" ({', '.join(parts)}{shrinking})" if parts else ""


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
