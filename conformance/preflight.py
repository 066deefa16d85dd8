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
- not_served also: a 400 whose error names the API version (Azure's "API version not supported"), and a 2xx
  whose body is not JSON (an HTML or text page): a web site, a console or a proxy's landing page answers at
  this address, most likely because the base URL lacks the API's path prefix (e.g. `/v1`). A provider that
  serves JSON on the first page and something else later is judged by the phases.
Under the azure profile the not_served and credentials_rejected lines say what to check on Azure.
Anything else (5xx, 429, a body that is not a page) is the provider's behaviour, and the phases judge it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urljoin, urlsplit

from conformance.contract import AZURE_API_VERSION_PARAMETER
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


def _not_json(exchange: Exchange) -> bool:
    try:
        exchange.json()
    except ValueError:
        return True
    return False


def _api_version_sent(exchange: Exchange) -> str | None:
    query = dict(parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True))
    return query.get(AZURE_API_VERSION_PARAMETER)


def _names_api_version(exchange: Exchange) -> bool:
    error = exchange.openai_error()
    message = str(error["message"]).lower() if error is not None else ""
    return "api version" in message or "api-version" in message


def _azure_host(base_url: str) -> bool:
    host = (urlsplit(base_url).hostname or "").lower()
    return host.endswith((".openai.azure.com", ".services.ai.azure.com", ".cognitiveservices.azure.com"))


def _azure_not_served(exchange: Exchange, profile: str, base_url: str) -> str:
    """What to check on Azure OpenAI when the operation is not found there (empty for other targets)."""
    if profile != "azure":
        return "; for Azure OpenAI use --profile azure" if _azure_host(base_url) else ""
    version = _api_version_sent(exchange)
    sent = (
        f"this request sent {AZURE_API_VERSION_PARAMETER}={version}: check that the resource serves that version"
        if version is not None
        else f"this request sent no {AZURE_API_VERSION_PARAMETER}, which the classic surface needs"
    )
    return (
        "; for Azure OpenAI check the resource name in the host (https://RESOURCE.openai.azure.com) and the "
        f"surface: .../openai/v1 without --api-version, or .../openai with --api-version VERSION ({sent})"
    )


def _azure_rejected(profile: str, credential_headers: list[str]) -> str:
    if profile != "azure":
        return ""
    sent = "a Microsoft Entra token" if any(h.lower() == "authorization" for h in credential_headers) else "a key"
    return (
        f"; for Azure OpenAI (sent {sent}): the resource's key goes as api-key (--api-key or AZURE_OPENAI_API_KEY), "
        "a Microsoft Entra token as Authorization: Bearer (--entra-token or AZURE_OPENAI_AD_TOKEN); a key of "
        "another resource, or a token without a role on this one, is rejected"
    )


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
            f"credentials rejected: {status} to profile {profile} (sent {sent}); the provider said {_said(exchange)}"
            + _azure_rejected(profile, credential_headers),
            exchange,
        )
    if status == 400 and _names_api_version(exchange):
        return Untestable(
            "not_served",
            f"the operation is not served at {base_url} with this API version: GET {exchange.url} answered 400 with "
            f"{_said(exchange)}" + _azure_not_served(exchange, profile, base_url),
            exchange,
        )
    if 200 <= status < 300 and exchange.error is None and _not_json(exchange):
        return Untestable(
            "not_served",
            f"the base URL serves a web page, not this API: GET {exchange.url} answered {status} with "
            f"{_said(exchange)}; check the base URL's path prefix (e.g. .../v1: the operation is "
            f"GET {{base URL}}/threads/{{thread_id}}/runs/{{run_id}}/steps)",
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
            f"retired ({RETIRED})" + _azure_not_served(exchange, profile, base_url),
            exchange,
        )
    return None
