"""A finished run as one HAR 1.2 document, built as data and written once: every exchange, masked, with the
custom fields of `conformance.evidence.fields`, so a failing run can be handed to the provider as evidence,
opened in browser devtools or any HAR viewer, judged again (`judge`) and served again (`serve --replay`).

Each entry's comment names the probe that sent it and the checks that judged it (those reading its probe's
answers, those citing it, and the network checks, which read every exchange).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.evidence import FIELD
from conformance.evidence.fields import entry_fields, run_fields
from conformance.headline import headline
from conformance.observations import Exchange
from conformance.results import CheckResult, RunResult, Status
from conformance.secrets import Masker

CREATOR = {"name": "run-steps-conformance", "version": "0.1.0"}


def citations(result: RunResult) -> dict[int, list[CheckResult]]:
    """For each exchange (by its sequence number), the checks that cite it as a request showing their outcome."""
    cited: dict[int, list[CheckResult]] = {}
    for check in result.checks:
        shown = {e.seq for e in (check.request, check.outcome.previous_request) if e is not None}
        for seq in shown:
            cited.setdefault(seq, []).append(check)
    return cited


def entry_comment(exchange: Exchange, cited: list[CheckResult]) -> str:
    """`probe: ...; checks: ...; shows the failure of: ...; no complete answer: ...`."""
    from conformance.checks import Phase, checks
    from conformance.probes import SCHEMATHESIS_CASE, checks_reading

    names: list[str] = []
    for label in exchange.used_by:
        names += [c.name for c in checks(Phase.SCHEMATHESIS)] if label == SCHEMATHESIS_CASE else checks_reading(label)
    network = [c.name for c in checks(Phase.NETWORK)]
    names = list(dict.fromkeys([*names, *(c.name for c in cited), *network]))
    parts = [f"probe: {', '.join(exchange.used_by) or 'unlabelled'}", f"checks: {', '.join(names)}"]
    flagged = [c.name for c in cited if c.status is Status.FAILED]
    if flagged:
        parts.append(f"shows the failure of: {', '.join(flagged)}")
    if exchange.error:
        parts.append(f"no complete answer: {exchange.error}")
    return "; ".join(parts)


def _records(pairs: Any) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in pairs]


def _masked_bytes(body: bytes, masker: Masker) -> bytes:
    """A body that is not UTF-8, masked as Latin-1 text (every byte one character), so secrets in ASCII go."""
    return masker.text(body.decode("latin-1")).encode("latin-1")


def _content(exchange: Exchange, masker: Masker) -> dict[str, Any]:
    """The body as text; one that is not UTF-8 exactly, as base64 (masked before it is encoded, since masking
    the written text cannot see into base64), instead of with replacement marks."""
    content: dict[str, Any] = {"size": len(exchange.body), "mimeType": exchange.headers.get("content-type", "")}
    try:
        content["text"] = exchange.body.decode("utf-8")
    except UnicodeDecodeError:
        content["text"] = base64.b64encode(_masked_bytes(exchange.body, masker)).decode("ascii")
        content["encoding"] = "base64"
    return content


def entry(exchange: Exchange, masker: Masker, cited: list[CheckResult]) -> dict[str, Any]:
    """One exchange as a HAR entry; credential headers masked by name (the rest is masked when written)."""
    status = exchange.status or 0
    answered = exchange.status is not None
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    elapsed = round(exchange.elapsed * 1000, 3)
    return {
        "startedDateTime": (exchange.started_at or datetime.now(UTC)).isoformat(),
        "time": elapsed,
        "request": {
            "method": exchange.method,
            "url": exchange.url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _records(masker.headers(exchange.request_headers, keep_public=False).items()),
            "queryString": _records(parse_qsl(urlsplit(exchange.url).query, True)),
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": reason if answered else (exchange.error or ""),
            "httpVersion": "HTTP/1.1" if answered else "",
            "cookies": [],
            "headers": _records(masker.headers(exchange.headers, keep_public=False).items()),
            "content": _content(exchange, masker),
            "redirectURL": exchange.headers.get("location", ""),
            "headersSize": -1,
            "bodySize": len(exchange.body) if answered else -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": elapsed, "receive": 0},
        "comment": entry_comment(exchange, cited),
        FIELD: entry_fields(exchange, masker),
    }


def har_document(result: RunResult, masker: Masker) -> dict[str, Any]:
    """Every exchange of `result` as one HAR 1.2 document, with the run's recipe and how it ended."""
    from conformance import reference

    public = reference.PUBLIC_KEYS | {f"Bearer {k}" for k in reference.PUBLIC_KEYS}
    cited = citations(result)
    return {
        "log": {
            "version": "1.2",
            "creator": dict(CREATOR),
            "browser": {"name": "", "version": ""},
            "comment": f"{result.target_name}: {headline(result)}",
            "entries": [entry(e, masker, cited.get(e.seq, [])) for e in result.exchanges],
            FIELD: run_fields(result, masker, public if result.embedded_fault is not None else frozenset()),
        }
    }


def har_text(result: RunResult, masker: Masker) -> str:
    return json.dumps(har_document(result, masker), indent=1)
