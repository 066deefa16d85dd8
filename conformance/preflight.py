"""Is this target testable at all? Judged from the first answer, before any phase, so that the user's own
mistake or a retired endpoint is never reported as the provider breaking the spec.

Stops (verdict `untestable`, exit 3):
- unreachable: no HTTP answer (refused, DNS, TLS, timeout);
- not_served: 404, 405 or 410 that is not OpenAI's not-found error for the given ids (OpenAI's
  `Invalid URL (GET ...)`, an HTML or plain-text 404, any other body): wrong base URL or path prefix, or a
  retired endpoint (OpenAI retired the Assistants API on 2026-08-26 and answers 404 to its routes);
- credentials_rejected: 401 or 403 to the profile's own credentials;
- unknown_ids: OpenAI's not-found error naming the given thread or run id;
- redirected: a 301, 302, 303, 307 or 308 (http to https, a moved host): the user's address is not where the
  API is. Redirects are never followed (the key would go wherever a provider points); the line says where it
  points, so the user can check and give that address.
Anything else (5xx, 429, a body that is not a page) is the provider's behaviour, and the phases judge it.
"""

from __future__ import annotations

from urllib.parse import urljoin

from conformance.observations import Exchange
from conformance.results import Untestable

REDIRECTS = (301, 302, 303, 307, 308)
RETIRED = "OpenAI retired the Assistants API on 2026-08-26 and answers 404 to its routes"


def _said(exchange: Exchange) -> str:
    """What the provider said, in a few words: OpenAI's error message, or the start of the body."""
    error = exchange.openai_error()
    if error is not None:
        return repr(str(error["message"])[:160])
    text = " ".join(exchange.body[:200].decode("utf-8", "replace").split())
    kind = exchange.headers.get("content-type", "no content type").split(";")[0]
    return f"a {kind} body {text[:100]!r}" if text else "an empty body"


def diagnose(
    exchange: Exchange, *, base_url: str, thread_id: str, run_id: str, profile: str, credential_headers: list[str]
) -> Untestable | None:
    """Why the target cannot be tested, judged from the first answer; None when the phases may run."""
    if exchange.status is None:
        return Untestable("unreachable", f"unreachable: {exchange.error or 'no answer'} ({exchange.url})", exchange)
    status = exchange.status
    if status in REDIRECTS:
        location = exchange.headers.get("location")
        where = f"to {urljoin(exchange.url, location)}" if location else "without a Location header"
        return Untestable(
            "redirected",
            f"the base URL redirects: GET {exchange.url} answered {status} {where}; the suite never follows a "
            f"redirect (the key would go along), so check that address and give it as --base-url",
            exchange,
        )
    if status in (401, 403):
        sent = ", ".join(credential_headers) or "no credential header"
        return Untestable(
            "credentials_rejected",
            f"credentials rejected: {status} to profile {profile} (sent {sent}); the provider said {_said(exchange)}",
            exchange,
        )
    if status in (404, 405, 410):
        error = exchange.openai_error()
        message = str(error["message"]) if error is not None else ""
        if error is not None and not message.startswith("Invalid URL") and (thread_id in message or run_id in message):
            return Untestable(
                "unknown_ids",
                f"unknown thread or run: {status} for thread {thread_id} run {run_id}; the provider said "
                f"{message[:160]!r} (give --thread-id/--run-id of a run that exists)",
                exchange,
            )
        return Untestable(
            "not_served",
            f"the operation is not served at {base_url}: GET {exchange.url} answered {status} with "
            f"{_said(exchange)}; check the base URL and its path prefix (e.g. .../v1), or the endpoint is "
            f"retired ({RETIRED})",
            exchange,
        )
    return None
