"""`--record FILE`: every exchange of a run, masked, as a HAR 1.2 file (written with `harfile`, the writer
schemathesis itself uses), so a failing run can be handed to the provider as evidence and opened in browser
devtools or any HAR viewer. Each entry's comment names the probe that sent it and the checks that judged it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import harfile

from conformance.checks import Phase, checks
from conformance.observations import Exchange
from conformance.probes import SCHEMATHESIS_CASE, checks_reading
from conformance.recorded import add_fields
from conformance.results import CheckResult, RunResult, Status
from conformance.secrets import Masker

SCHEMATHESIS_CHECKS = tuple(c.name for c in checks(Phase.SCHEMATHESIS))
NETWORK_CHECKS = tuple(c.name for c in checks(Phase.NETWORK))


def citations(result: RunResult) -> dict[int, list[CheckResult]]:
    """For each exchange (by identity), the checks that cite it as a request showing their outcome."""
    cited: dict[int, list[CheckResult]] = {}
    for check in result.checks:
        for exchange in {id(e): e for e in (check.request, check.outcome.previous_request) if e is not None}.values():
            cited.setdefault(id(exchange), []).append(check)
    return cited


def _comment(exchange: Exchange, cited: list[CheckResult]) -> str:
    """The probe that sent it; the checks that judged it (those reading its probe's answers, those citing it,
    and the network checks, which read every exchange); the failures it shows."""
    names: list[str] = []
    for label in exchange.used_by:
        names += SCHEMATHESIS_CHECKS if label == SCHEMATHESIS_CASE else checks_reading(label)
    names = list(dict.fromkeys([*names, *(c.name for c in cited), *NETWORK_CHECKS]))
    parts = [f"probe: {', '.join(exchange.used_by) or 'unlabelled'}", f"checks: {', '.join(names)}"]
    flagged = [c.name for c in cited if c.status is Status.FAILED]
    if flagged:
        parts.append(f"shows the failure of: {', '.join(flagged)}")
    if exchange.error:
        parts.append(f"no complete answer: {exchange.error}")
    return "; ".join(parts)


def write_har(result: RunResult, path: Path, masker: Masker) -> Path:
    """Write every exchange of `result` to `path` as HAR 1.2; every header, URL and body passes the masker."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cited = citations(result)
    creator = harfile.Creator(name="run-steps-conformance", version="0.1.0")
    with harfile.open(path, creator=creator, comment=masker.text(f"{result.target}: {result.headline()}")) as har:
        for exchange in result.exchanges:
            url = masker.text(exchange.url)
            headers = masker.headers(exchange.request_headers)
            request = harfile.Request(
                method=exchange.method,
                url=url,
                httpVersion="HTTP/1.1",
                headers=[harfile.Record(name=k, value=v) for k, v in headers.items()],
                queryString=[harfile.Record(name=k, value=v) for k, v in parse_qsl(urlsplit(url).query, True)],
                headersSize=-1,
                bodySize=0,
            )
            status = exchange.status or 0
            reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            content_type = exchange.headers.get("content-type", "")
            text = masker.text(exchange.body.decode("utf-8", "replace"))
            response = harfile.Response(
                status=status,
                statusText=reason if exchange.status is not None else (exchange.error or ""),
                httpVersion="HTTP/1.1" if exchange.status is not None else "",
                headers=[harfile.Record(name=k, value=v) for k, v in masker.headers(exchange.headers).items()],
                content=harfile.Content(size=len(exchange.body), mimeType=content_type, text=text),
                redirectURL=masker.text(exchange.headers.get("location", "")),
                headersSize=-1,
                bodySize=len(exchange.body) if exchange.status is not None else -1,
            )
            elapsed = round(exchange.elapsed * 1000, 3)
            har.add_entry(
                startedDateTime=exchange.started_at or datetime.now(UTC),
                time=elapsed,
                request=request,
                response=response,
                timings=harfile.Timings(send=0, wait=elapsed, receive=0),
                comment=_comment(exchange, cited.get(id(exchange), [])),
            )
    add_fields(path, result, masker)  # what repeating the run needs (conformance.recorded)
    return path
