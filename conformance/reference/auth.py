"""Who the reference provider lets in: OpenAI-style bearer keys, Azure-style `api-key` headers and Portkey-style
header pairs on its OpenAI surface (`/v1`); on its Foundry surface (`/api/projects/NAME`), a Microsoft Entra
token as bearer only, as Foundry's Agent Service does (it takes no API keys)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from conformance.contract import (
    AUTHORIZATION,
    AZURE_API_KEY_HEADER,
    PORTKEY_API_KEY_HEADER,
    PORTKEY_VIRTUAL_KEY_HEADER,
)

# The keys are public on purpose: they only open the embedded provider.
BEARER_KEY = "sk-ref-conformance"
PORTKEY_API_KEY = "pk-ref-conformance"
PORTKEY_VIRTUAL_KEY = "vk-ref-conformance"
# The Entra token the Foundry surface accepts: like the keys, public, opening only the embedded provider.
FOUNDRY_TOKEN = "entra-ref-conformance"


@dataclass(frozen=True)
class Denied:
    message: str
    code: str | None


def authenticate(headers: Mapping[str, str]) -> Denied | None:
    """None when the request carries a valid key set, else why not (as OpenAI words it, in short).

    Accepted: `Authorization: Bearer sk-ref-conformance` (OpenAI, OpenAI-compatible servers, and a self-hosted
    Portkey gateway, which forwards the bearer key; on Azure, where a Microsoft Entra token goes this way),
    `api-key: sk-ref-conformance` (Azure OpenAI's key header), or `x-portkey-api-key` + `x-portkey-virtual-key`
    with the Portkey keys above (Portkey's hosted service, as its reference page shows).
    """
    authorization = headers.get(AUTHORIZATION.lower(), "")
    portkey_key = headers.get(PORTKEY_API_KEY_HEADER.lower())
    virtual_key = headers.get(PORTKEY_VIRTUAL_KEY_HEADER.lower())
    azure_key = headers.get(AZURE_API_KEY_HEADER.lower())
    scheme, _, token = authorization.partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    if BEARER_KEY in (bearer, azure_key):
        return None
    if portkey_key == PORTKEY_API_KEY and virtual_key == PORTKEY_VIRTUAL_KEY:
        return None
    if not bearer and portkey_key is None and virtual_key is None and azure_key is None:
        return Denied(
            "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or 'api-key: YOUR_KEY'), "
            "or send x-portkey-api-key with x-portkey-virtual-key.",
            None,
        )
    return Denied("Incorrect API key provided. Check the key and try again.", "invalid_api_key")


def authenticate_foundry(headers: Mapping[str, str]) -> Denied | None:
    """None when the request carries the Foundry surface's token as `Authorization: Bearer`, else why not. A key
    (`api-key`, or the OpenAI surface's bearer key) is refused: the Agent Service takes only Entra tokens."""
    scheme, _, token = headers.get(AUTHORIZATION.lower(), "").partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    if bearer == FOUNDRY_TOKEN:
        return None
    if AZURE_API_KEY_HEADER.lower() in headers and not bearer:
        return Denied(
            "Key-based authentication is not supported here: send a Microsoft Entra token for "
            "https://ai.azure.com/.default as 'Authorization: Bearer TOKEN'.",
            "invalid_api_key",
        )
    if not bearer:
        return Denied("Access denied: send a Microsoft Entra token as 'Authorization: Bearer TOKEN'.", None)
    return Denied("Invalid or expired Microsoft Entra token.", "invalid_token")
