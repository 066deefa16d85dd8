"""`--record FILE` / `--report har`: every exchange of a run, masked, as a HAR 1.2 file (written with
`harfile`, the writer schemathesis itself uses), so a failing run can be handed to the provider as evidence and
opened in browser devtools or any HAR viewer. Each entry's comment names the probe that sent it and the checks
that judged it (`conformance.recording`)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

import harfile

from conformance.recorded import with_fields
from conformance.reporters.headline import headline
from conformance.results import RunResult
from conformance.secrets import Masker


class HarReporter:
    name = "har"
    filename = "run.har"

    def render(self, result: RunResult, masker: Masker) -> str:
        return har_text(result, masker)


def har_text(result: RunResult, masker: Masker) -> str:
    """Every exchange of `result` as HAR 1.2; credential headers masked by name (the rest of the text is masked
    where it is written)."""
    from conformance.recording import citations, entry_comment  # it loads the check registry: only when used

    out = io.StringIO()
    cited = citations(result)
    creator = harfile.Creator(name="run-steps-conformance", version="0.1.0")
    with harfile.open(out, creator=creator, comment=f"{result.target_name}: {headline(result)}") as har:
        for exchange in result.exchanges:
            url = exchange.url
            headers = masker.headers(exchange.request_headers, keep_public=False)
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
            answer_headers = masker.headers(exchange.headers, keep_public=False)
            reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            content_type = exchange.headers.get("content-type", "")
            text = exchange.body.decode("utf-8", "replace")
            response = harfile.Response(
                status=status,
                statusText=reason if exchange.status is not None else (exchange.error or ""),
                httpVersion="HTTP/1.1" if exchange.status is not None else "",
                headers=[harfile.Record(name=k, value=v) for k, v in answer_headers.items()],
                content=harfile.Content(size=len(exchange.body), mimeType=content_type, text=text),
                redirectURL=exchange.headers.get("location", ""),
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
                comment=entry_comment(exchange, cited.get(id(exchange), [])),
            )
    return with_fields(out.getvalue(), result, masker)  # what repeating the run needs (conformance.recorded)
