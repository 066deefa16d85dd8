"""openapi.yaml against OpenAI's published spec for listRunSteps, fact by fact.

Runs when ../shared/reference holds the upstream extract (it does in CI) and skips with a message otherwise.
Every upstream fact must hold in ours, except the departures listed here, each with its reason.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.paths import SPEC, reference_file
from tests.spec.facts import document_facts

OP = "op GET /threads/{thread_id}/runs/{run_id}/steps"

# Facts upstream has that ours changes on purpose.
CHANGED = {
    # An empty page carries null in both ids; upstream says string.
    "schema ListRunStepsResponse.properties.first_id.nullable": (False, True),
    "schema ListRunStepsResponse.properties.last_id.nullable": (False, True),
}

# Facts only ours has, as patterns over the fact paths.
ADDED = [
    re.escape(f"{OP}.param header:OpenAI-Beta") + r"\..*",  # OpenAI requires it; upstream omits it
    re.escape(f"{OP}.response ") + r"(400|401|404)\..*",  # error responses OpenAI really sends
    r".*\.discriminator\..*",  # every oneOf dispatches on `type`
    # upstream states 1..100 in the description only
    re.escape(f"{OP}.param query:limit.schema.") + r"(minimum|maximum)",
]


def load(path: Any) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def test_every_upstream_fact_holds_in_ours() -> None:
    upstream = document_facts(load(reference_file("openai-upstream-list-run-steps.yaml")))
    ours = document_facts(load(SPEC))
    wrong = []
    for key, value in sorted(upstream.items()):
        if key in CHANGED:
            before, after = CHANGED[key]
            assert value == before, f"upstream changed at {key}: now {value!r}"
            if ours.get(key) != after:
                wrong.append(f"{key}: expected our deliberate {after!r}, found {ours.get(key)!r}")
        elif key not in ours:
            wrong.append(f"{key}: missing (upstream: {value!r})")
        elif ours[key] != value:
            wrong.append(f"{key}: ours {ours[key]!r}, upstream {value!r}")
    assert not wrong, "departures from upstream:\n" + "\n".join(wrong)


def test_ours_adds_only_the_documented_extras() -> None:
    upstream = document_facts(load(reference_file("openai-upstream-list-run-steps.yaml")))
    ours = document_facts(load(SPEC))
    extra = [
        key for key in sorted(set(ours) - set(upstream)) if not any(re.fullmatch(pattern, key) for pattern in ADDED)
    ]
    assert not extra, "facts upstream does not have:\n" + "\n".join(extra)


def test_the_allowed_additions_are_really_there() -> None:
    ours = document_facts(load(SPEC))
    assert ours[f"{OP}.param header:OpenAI-Beta.required"] is True
    assert ours[f"{OP}.param header:OpenAI-Beta.schema.enum"] == ["assistants=v2"]
    for status in ("400", "401", "404", "429"):
        assert ours[f"{OP}.response {status}.application/json.$ref"] == "ErrorResponse"
    assert ours[f"{OP}.response 429.header Retry-After.type"] == "integer"
    assert ours[f"{OP}.param query:limit.schema.minimum"] == 1
    assert ours[f"{OP}.param query:limit.schema.maximum"] == 100
    discriminated = {k for k in ours if k.endswith("discriminator.propertyName")}
    one_ofs = {k.removesuffix(".oneOf") for k in ours if k.endswith(".oneOf")}
    assert {k.removesuffix(".discriminator.propertyName") for k in discriminated} == one_ofs


def test_security_and_servers_cover_openai_and_portkey() -> None:
    doc = load(SPEC)
    upstream = load(reference_file("openai-upstream-list-run-steps.yaml"))
    schemes = doc["components"]["securitySchemes"]
    assert schemes["ApiKeyAuth"] == {
        **upstream["components"]["securitySchemes"]["ApiKeyAuth"],
        "description": schemes["ApiKeyAuth"]["description"],
    }
    headers = {s["name"] for s in schemes.values() if s["type"] == "apiKey"}
    assert headers == {
        "x-portkey-api-key",
        "x-portkey-virtual-key",
        "x-portkey-provider",
        "x-portkey-custom-host",
    }
    assert {"PortkeyApiKey": [], "PortkeyVirtualKey": []} in doc["security"]
    assert {"ApiKeyAuth": []} in doc["security"]
    urls = [s["url"] for s in doc["servers"]]
    assert urls == ["https://api.openai.com/v1", "https://api.portkey.ai/v1"]
    assert upstream["servers"][0]["url"] in urls
