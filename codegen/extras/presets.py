"""Ready-made clients for OpenAI, Portkey's hosted gateway and a self-hosted Portkey gateway.

Each sends `OpenAI-Beta: assistants=v2`, has a timeout, and retries within bounds (see `retries`).

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
"""

from __future__ import annotations

import httpx

from .client import AuthenticatedClient, Client
from .retries import RetryPolicy, RetryTransport

BETA = {"OpenAI-Beta": "assistants=v2"}
OPENAI_URL = "https://api.openai.com/v1"
PORTKEY_URL = "https://api.portkey.ai/v1"


def _httpx_args(retry: RetryPolicy | None) -> dict[str, object]:
    return {"transport": RetryTransport(retry)}


def openai(
    api_key: str,
    *,
    base_url: str = OPENAI_URL,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> AuthenticatedClient:
    """OpenAI, or any OpenAI-compatible server: the key as `Authorization: Bearer`."""
    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        headers={**BETA, **(headers or {})},
        timeout=httpx.Timeout(timeout),
        httpx_args=_httpx_args(retry),
    )


def portkey(
    api_key: str,
    virtual_key: str,
    *,
    base_url: str = PORTKEY_URL,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> Client:
    """Portkey's hosted gateway: `x-portkey-api-key` plus a virtual key naming the provider key kept at Portkey."""
    sent = {"x-portkey-api-key": api_key, "x-portkey-virtual-key": virtual_key, **BETA, **(headers or {})}
    return Client(base_url=base_url, headers=sent, timeout=httpx.Timeout(timeout), httpx_args=_httpx_args(retry))


def portkey_self_hosted(
    base_url: str,
    provider: str,
    custom_host: str | None,
    api_key: str,
    *,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
    headers: dict[str, str] | None = None,
) -> AuthenticatedClient:
    """A self-hosted Portkey gateway: it routes by `x-portkey-provider` (and `x-portkey-custom-host`, when
    given) and forwards the bearer key to the provider."""
    sent = {"x-portkey-provider": provider, **BETA, **(headers or {})}
    if custom_host:
        sent["x-portkey-custom-host"] = custom_host
    return AuthenticatedClient(
        base_url=base_url, token=api_key, headers=sent, timeout=httpx.Timeout(timeout), httpx_args=_httpx_args(retry)
    )
