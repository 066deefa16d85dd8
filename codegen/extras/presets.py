"""Ready-made clients for OpenAI, Portkey's hosted gateway and a self-hosted Portkey gateway.

Each sends `OpenAI-Beta: assistants=v2` and ends, always (see `guard`): `timeout` bounds each network
operation (httpx's meaning), `deadline` (default: `timeout`) the whole request from connect to the last body
byte, retries included (`float("inf")` for none), and `max_decoded_bytes` (default 8 MiB) the body once
decoded. It retries within bounds (see `retries`). Use a client as a context manager (`with presets.openai(...)
as client:`, or `async with`) so its connections are closed.

A new preset builds its client with `_options(...)`, so every preset gets the same bounds.

(Hand-written; scripts/generate copies it into the package from codegen/extras/.)
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
