"""conformance/contract.py is the one table of credential headers and parameter facts: the spec, the client's
presets, the suite's profiles, the masker and the reference provider's auth must all agree with it."""

from __future__ import annotations

import json

import pytest
from run_steps_client import presets

from conformance import contract, profiles
from conformance.reference import auth
from conformance.secrets import Masker, is_secret_header
from conformance.spec import load_spec

SPEC = load_spec()
OPERATION = SPEC["paths"][contract.ROUTE]["get"]


def parameter(name: str) -> dict[str, object]:
    found: dict[str, object] = next(p for p in OPERATION["parameters"] if p["name"] == name)
    return found


def test_credential_headers_are_the_specs_security_schemes() -> None:
    schemes = SPEC["components"]["securitySchemes"]
    from_spec = {
        name: ("Authorization" if s["type"] == "http" and s["scheme"] == "bearer" else s["name"])
        for name, s in schemes.items()
    }
    assert from_spec == {h.scheme: h.name for h in contract.CREDENTIAL_HEADERS}


def test_parameter_facts_match_the_spec() -> None:
    limit = parameter("limit")["schema"]
    assert isinstance(limit, dict)
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (
        contract.MIN_LIMIT,
        contract.MAX_LIMIT,
        contract.DEFAULT_LIMIT,
    )
    order = parameter("order")["schema"]
    assert isinstance(order, dict) and tuple(order["enum"]) == contract.ORDERS and order["default"] == "desc"
    include = parameter("include[]")["schema"]
    assert isinstance(include, dict) and include["items"]["enum"] == [contract.INCLUDE_CONTENT]
    query = tuple(p["name"] for p in OPERATION["parameters"] if p["in"] == "query")
    assert sorted(query) == sorted(contract.QUERY_PARAMETERS)
    beta = parameter(contract.BETA_HEADER)
    assert beta["in"] == "header" and beta["required"] is True


def sent_headers(client: object) -> set[str]:
    headers = dict(getattr(client, "_headers", {}))
    if getattr(client, "token", None):
        headers[getattr(client, "auth_header_name", "Authorization")] = "x"
    return {h.lower() for h in headers}


@pytest.mark.parametrize(
    "client",
    [
        presets.openai("sk-x"),
        presets.portkey("pk-x", "vk-x"),
        presets.portkey_self_hosted("http://127.0.0.1:1/v1", "openai", "http://127.0.0.1:2/v1", "sk-x"),
        presets.azure("https://res.openai.azure.com", api_key="k-x"),
        presets.azure("https://res.openai.azure.com", entra_token="t-x", api_version="2024-05-01-preview"),
    ],
)
def test_presets_send_only_contract_headers(client: object) -> None:
    sent = sent_headers(client) - {contract.BETA_HEADER.lower()}
    assert sent and sent <= contract.CREDENTIAL_HEADER_NAMES


def test_profiles_send_only_contract_headers_and_mark_secrets() -> None:
    for profile in (
        profiles.openai("sk-x"),
        profiles.portkey("pk-x", "vk-x"),
        profiles.portkey_self_hosted("sk-x", "openai", "http://127.0.0.1:2/v1"),
        profiles.azure(api_key="k-x"),
        profiles.azure(entra_token="t-x"),
    ):
        names = {h.lower() for h in profile.headers} - {contract.BETA_HEADER.lower()}
        assert names <= contract.CREDENTIAL_HEADER_NAMES, profile.name
        for name in profile.credential_headers:
            assert name.lower() in contract.SECRET_CREDENTIAL_HEADER_NAMES


def test_the_masker_hides_every_secret_credential_header_and_no_routing_header() -> None:
    masker = Masker(environ={})
    for header in contract.CREDENTIAL_HEADERS:
        masked = masker.headers({header.name: "value-1234"})[header.name]
        assert (masked == "***") is header.secret, header.name
        assert is_secret_header(header.name) is header.secret


def test_reference_auth_reads_the_contract_headers() -> None:
    bearer = {contract.AUTHORIZATION.lower(): f"Bearer {auth.BEARER_KEY}"}
    portkey = {
        contract.PORTKEY_API_KEY_HEADER.lower(): auth.PORTKEY_API_KEY,
        contract.PORTKEY_VIRTUAL_KEY_HEADER.lower(): auth.PORTKEY_VIRTUAL_KEY,
    }
    azure = {contract.AZURE_API_KEY_HEADER.lower(): auth.BEARER_KEY}
    assert auth.authenticate(bearer) is None and auth.authenticate(portkey) is None
    assert auth.authenticate(azure) is None
    assert auth.authenticate({}) is not None


def test_published_keys_stay_readable_and_secrets_are_masked_as_json_and_xml_spell_them() -> None:
    """The one rule for the embedded provider's published keys lives in Masker: readable, alone or as a
    Bearer header; every other secret is masked in the text a report writes, JSON- or XML-escaped too."""
    secret = 'sk-with"quote&amp'
    masker = Masker([secret, "sk-public-key"], environ={}, public={"sk-public-key"})
    assert masker.headers({"Authorization": "Bearer sk-public-key"}) == {"Authorization": "Bearer sk-public-key"}
    assert masker.headers({"Authorization": "Bearer sk-other"}) == {"Authorization": "***"}
    assert masker.text("key sk-public-key") == "key sk-public-key"
    escaped = [secret, json.dumps(secret), "sk-with&quot;quote&amp;amp", 'sk-with"quote&amp;amp']
    assert [masker.text(f"<{e}>") for e in escaped] == ["<***>", '<"***">', "<***>", "<***>"]
