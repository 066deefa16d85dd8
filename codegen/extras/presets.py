"""Ready-made clients for OpenAI, Portkey's hosted gateway, a self-hosted Portkey gateway, Azure OpenAI and
Microsoft Foundry's Agent Service.

Each sends `OpenAI-Beta: assistants=v2` and ends, always (see `guard`): `timeout` bounds each network
operation (httpx's meaning), `deadline` (default: `timeout`) the whole request from connect to the last body
byte, retries included (`float("inf")` for none), and `max_decoded_bytes` (default 8 MiB) the body once
decoded. It retries within bounds (see `retries`). Use a client as a context manager (`with presets.openai(...)
as client:`, or `async with`) so its connections are closed.

A new preset builds its client with `_options(...)`, so every preset gets the same bounds.
"""

from __future__ import annotations

from typing import Any

import httpx

from .client import AuthenticatedClient, Client
from .guard import MAX_DECODED_BYTES, GuardTransport
from .retries import RetryPolicy, RetryTransport

BETA = {"OpenAI-Beta": "assistants=v2"}
OPENAI_URL = "https://api.openai.com/v1"
PORTKEY_URL = "https://api.portkey.ai/v1"
TIMEOUT = 30.0


def _httpx_args(
    retry: RetryPolicy | None,
    *,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
) -> dict[str, object]:
    """The transport of every preset: retries inside a guard that keeps the deadline and the size cap."""
    guard = GuardTransport(
        RetryTransport(retry),
        deadline=timeout if deadline is None else deadline,
        max_decoded_bytes=max_decoded_bytes,
    )
    return {"transport": guard}


def _options(
    timeout: float, deadline: float | None, max_decoded_bytes: int | None, retry: RetryPolicy | None
) -> dict[str, Any]:
    """The client keyword arguments every preset shares: httpx's timeout and the guarded transport."""
    return {
        "timeout": httpx.Timeout(timeout),
        "httpx_args": _httpx_args(retry, timeout=timeout, deadline=deadline, max_decoded_bytes=max_decoded_bytes),
    }


def openai(
    api_key: str,
    *,
    base_url: str = OPENAI_URL,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> AuthenticatedClient:
    """OpenAI, or any OpenAI-compatible server: the key as `Authorization: Bearer`."""
    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        headers={**BETA, **(headers or {})},
        **_options(timeout, deadline, max_decoded_bytes, retry),
    )


def portkey(
    api_key: str,
    virtual_key: str,
    *,
    base_url: str = PORTKEY_URL,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> Client:
    """Portkey's hosted gateway: `x-portkey-api-key` plus a virtual key naming the provider key kept at Portkey."""
    sent = {"x-portkey-api-key": api_key, "x-portkey-virtual-key": virtual_key, **BETA, **(headers or {})}
    return Client(base_url=base_url, headers=sent, **_options(timeout, deadline, max_decoded_bytes, retry))


def portkey_self_hosted(
    base_url: str,
    provider: str,
    custom_host: str | None,
    api_key: str,
    *,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> AuthenticatedClient:
    """A self-hosted Portkey gateway: it routes by `x-portkey-provider` (and `x-portkey-custom-host`, when
    given) and forwards the bearer key to the provider."""
    sent = {"x-portkey-provider": provider, **BETA, **(headers or {})}
    if custom_host:
        sent["x-portkey-custom-host"] = custom_host
    return AuthenticatedClient(
        base_url=base_url, token=api_key, headers=sent, **_options(timeout, deadline, max_decoded_bytes, retry)
    )


# Azure OpenAI ---------------------------------------------------------------------------------------------
AZURE_API_VERSION = "api-version"


def azure_base_url(endpoint_or_base_url: str, api_version: str | None) -> str:
    """The base URL for a resource endpoint (`https://RESOURCE.openai.azure.com`): its v1 API `.../openai/v1`,
    or the classic surface `.../openai` when an api-version is given. A URL with a path is used as it is."""
    url = endpoint_or_base_url.rstrip("/")
    path = httpx.URL(url).path.rstrip("/")
    if not path:
        return url + ("/openai" if api_version else "/openai/v1")
    if path.endswith("/openai") and not api_version:
        raise ValueError(f"{url} is Azure's classic surface, which needs api_version=...; or use {url}/v1 (the v1 API)")
    return url


def azure(
    endpoint_or_base_url: str,
    *,
    api_key: str | None = None,
    entra_token: str | None = None,
    api_version: str | None = None,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> Client | AuthenticatedClient:
    """Azure OpenAI (in Microsoft Foundry): give exactly one of `api_key` (the resource's key, sent as `api-key`)
    and `entra_token` (a Microsoft Entra access token, sent as `Authorization: Bearer`).

    `endpoint_or_base_url` is the resource's endpoint (`https://RESOURCE.openai.azure.com`, which becomes
    `.../openai/v1`, or `.../openai` with `api_version`) or a full base URL. `api_version` (for the classic
    surface, e.g. `2024-05-01-preview`) is sent as the `api-version` query parameter of every request."""
    if (api_key is None) == (entra_token is None):
        raise ValueError("presets.azure takes exactly one of api_key= and entra_token=")
    if api_version is not None and not api_version.strip():
        raise ValueError("api_version cannot be empty (leave it out for the v1 API)")
    base_url = azure_base_url(endpoint_or_base_url, api_version)
    options = _options(timeout, deadline, max_decoded_bytes, retry)
    if api_version is not None:  # httpx merges it into every request's query
        options["httpx_args"] = {**options["httpx_args"], "params": {AZURE_API_VERSION: api_version}}
    sent = {**BETA, **(headers or {})}
    if entra_token is not None:
        return AuthenticatedClient(base_url=base_url, token=entra_token, headers=sent, **options)
    assert api_key is not None
    return Client(base_url=base_url, headers={"api-key": api_key, **sent}, **options)


# Microsoft Foundry Agent Service ---------------------------------------------------------------------------
FOUNDRY_API_VERSION = "v1"
FOUNDRY_SCOPE = "https://ai.azure.com/.default"


def foundry(
    project_endpoint: str,
    *,
    entra_token: str,
    api_version: str = FOUNDRY_API_VERSION,
    timeout: float = TIMEOUT,
    deadline: float | None = None,
    max_decoded_bytes: int | None = MAX_DECODED_BYTES,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> AuthenticatedClient:
    """Microsoft Foundry's Agent Service (classic agents, announced to retire on 2027-03-31): the project
    endpoint (`https://<aiservices-id>.services.ai.azure.com/api/projects/<project-name>`, as the portal shows
    it), a Microsoft Entra access token for `https://ai.azure.com/.default` (e.g. `az account get-access-token
    --resource https://ai.azure.com`), sent as `Authorization: Bearer`, and `api-version` on every request (`v1`
    unless given, as Microsoft's azure-ai-agents sends). Foundry takes no API keys and no OpenAI-Beta header.

    Its run steps carry tool calls OpenAI's spec does not list (`bing_grounding`, `azure_ai_search`, ...): they
    decode as `UnknownVariant`, whose `raw` keeps the whole call. The token is used as given; refresh it (they
    last about an hour) by making a new client."""
    if not entra_token.strip():
        raise ValueError("presets.foundry needs a Microsoft Entra token (Foundry's Agent Service takes no API keys)")
    if not api_version.strip():
        raise ValueError(f"api_version cannot be empty (Foundry's default is {FOUNDRY_API_VERSION})")
    url = project_endpoint.rstrip("/")
    _, found, project = httpx.URL(url).path.rpartition("/api/projects/")
    if not found or not project or "/" in project:
        raise ValueError(
            f"{url} is not a Foundry project endpoint: "
            "https://<aiservices-id>.services.ai.azure.com/api/projects/<project-name>"
        )
    options = _options(timeout, deadline, max_decoded_bytes, retry)
    options["httpx_args"] = {**options["httpx_args"], "params": {AZURE_API_VERSION: api_version}}
    return AuthenticatedClient(base_url=url, token=entra_token, headers=dict(headers or {}), **options)
