"""Who the reference provider lets in: OpenAI-style bearer keys, Azure-style `api-key` headers and Portkey-style
header pairs."""

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
