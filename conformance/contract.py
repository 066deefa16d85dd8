"""Facts about the operation that both the suite and the reference provider need, with no I/O and no imports
of either side: the route, the parameters' bounds and values, the beta header, and the credential headers.

Keeping them here (below both) is what lets the reference provider stay a separate product that never imports
the suite. `tests/spec/test_contract.py` checks these facts against `openapi.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

ROUTE = "/threads/{thread_id}/runs/{run_id}/steps"
BETA_HEADER = "OpenAI-Beta"
BETA_VALUE = "assistants=v2"
DEFAULT_LIMIT = 20
MIN_LIMIT, MAX_LIMIT = 1, 100
ORDERS = ("asc", "desc")
DEFAULT_ORDER = "desc"
# The one value include[] accepts: fill in the text of file-search results.
INCLUDE_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"
# The operation's own query parameters: a fixed query parameter (--query, Azure's api-version) must not be one.
QUERY_PARAMETERS = ("limit", "order", "after", "before", "include[]")
# Azure OpenAI's classic surface (.../openai) takes a dated version on every request; its v1 API needs none.
AZURE_API_VERSION_PARAMETER = "api-version"
# Microsoft Foundry Agent Service (classic agents): the same operation under a project endpoint,
# `https://<aiservices-id>.services.ai.azure.com/api/projects/<project-name>`, with `api-version` on every request
# (`v1` unless another is given; dated versions such as `2025-05-01` too) and a Microsoft Entra token for the
# scope below as `Authorization: Bearer`. No API keys, and no OpenAI-Beta header (Microsoft's client sends none).
FOUNDRY_PROJECTS_PATH = "/api/projects/"
FOUNDRY_API_VERSION = "v1"
FOUNDRY_TOKEN_SCOPE = "https://ai.azure.com/.default"
# Where Microsoft's REST quickstart for the Agent Service tells users to keep the token (`az account
# get-access-token --resource https://ai.azure.com`).
FOUNDRY_TOKEN_ENV = "AZURE_AI_AGENTS_TOKEN"


def path_segment(value: str) -> str:
    """An id as one path segment: percent-encoded (`/`, `?`, `#`, `%` and the rest), and `.` or `..` too, which
    HTTP clients and servers would otherwise resolve as dot segments. An id is never a piece of URL syntax."""
    text = quote(value, safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def route_path(thread_id: str, run_id: str) -> str:
    """The operation's path for these ids (relative to a base URL that ends in /v1), each id one segment."""
    return ROUTE.format(thread_id=path_segment(thread_id), run_id=path_segment(run_id))


@dataclass(frozen=True)
class CredentialHeader:
    """A request header that carries who the caller is or where a gateway routes them."""

    name: str  # as sent (HTTP header names are case-insensitive)
    scheme: str  # the openapi.yaml securityScheme that declares it
    secret: bool  # masked in every output


CREDENTIAL_HEADERS = (
    CredentialHeader("Authorization", "ApiKeyAuth", secret=True),
    CredentialHeader("x-portkey-api-key", "PortkeyApiKey", secret=True),
    CredentialHeader("x-portkey-virtual-key", "PortkeyVirtualKey", secret=True),
    CredentialHeader("x-portkey-provider", "PortkeyProvider", secret=False),
    CredentialHeader("x-portkey-custom-host", "PortkeyCustomHost", secret=False),
    # Azure OpenAI's resource key (a Microsoft Entra token goes as `Authorization: Bearer` instead).
    CredentialHeader("api-key", "AzureApiKey", secret=True),
)
CREDENTIAL_HEADER_NAMES = frozenset(h.name.lower() for h in CREDENTIAL_HEADERS)


def credential_header(scheme: str) -> str:
    """The header name of an openapi.yaml security scheme, e.g. `PortkeyApiKey` -> `x-portkey-api-key`."""
    return next(h.name for h in CREDENTIAL_HEADERS if h.scheme == scheme)


AUTHORIZATION = credential_header("ApiKeyAuth")
PORTKEY_API_KEY_HEADER = credential_header("PortkeyApiKey")
PORTKEY_VIRTUAL_KEY_HEADER = credential_header("PortkeyVirtualKey")
PORTKEY_PROVIDER_HEADER = credential_header("PortkeyProvider")
PORTKEY_CUSTOM_HOST_HEADER = credential_header("PortkeyCustomHost")
AZURE_API_KEY_HEADER = credential_header("AzureApiKey")
SECRET_CREDENTIAL_HEADER_NAMES = frozenset(h.name.lower() for h in CREDENTIAL_HEADERS if h.secret)
