"""Two real clients read the reference provider's Foundry run over 127.0.0.1: Microsoft's `azure-ai-agents` 1.1.0
(with a static test credential) and our generated client (`presets.foundry`). Both list every step, Foundry's
tool calls included, with the same ids in the same order, and keep what they do not know."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from azure.ai.agents import AgentsClient
from azure.ai.agents.models import RunStepBingGroundingToolCall, RunStepToolCall, RunStepToolCallDetails
from azure.core.credentials import AccessToken
from run_steps_client import presets
from run_steps_client.models.tool_calls_details import ToolCallsDetails
from run_steps_client.pagination import iter_run_steps
from run_steps_client.unknown_variant import UnknownVariant

from conformance.reference import FOUNDRY_RUN, FOUNDRY_TOKEN, THREAD_ID, foundry_base_url
from conformance.reference.fixtures import FOUNDRY_TOOL_CALLS, build_store
from conformance.reference.server import ReferenceServer

SCOPE = "https://ai.azure.com/.default"
# The run's steps as the provider holds them, newest first (the operation's default order).
STEPS = list(reversed(build_store()[(THREAD_ID, FOUNDRY_RUN)].steps_without_content))
CALLS = {c["id"]: c for s in STEPS if s["type"] == "tool_calls" for c in s["step_details"]["tool_calls"]}


class StaticToken:
    """A TokenCredential that returns one fixed token and records the scopes it was asked for."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **_: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(self.token, 4_102_444_800)  # 2100-01-01: never refreshed during a test


@pytest.fixture(scope="module")
def provider() -> Iterator[tuple[str, list[dict[str, str]]]]:
    headers: list[dict[str, str]] = []
    with ReferenceServer(headers_seen=headers) as server:
        yield foundry_base_url(server.base_url), headers


def test_azure_ai_agents_lists_every_step_with_foundry_tool_calls(
    provider: tuple[str, list[dict[str, str]]],
) -> None:
    endpoint, headers = provider
    headers.clear()
    credential = StaticToken(FOUNDRY_TOKEN)
    with AgentsClient(endpoint=endpoint, credential=credential) as client:
        # Loopback is plain HTTP; azure-core refuses bearer tokens there unless told (its documented switch).
        steps = list(client.run_steps.list(THREAD_ID, FOUNDRY_RUN, limit=2, enforce_https=False))
    assert [s.id for s in steps] == [s["id"] for s in STEPS]
    assert credential.scopes and all(scopes == (SCOPE,) for scopes in credential.scopes)
    # Three pages of two, then the empty page azure-ai-agents asks for after the last id (it pages on last_id).
    assert len(headers) == 4
    assert all(h["authorization"] == f"Bearer {FOUNDRY_TOKEN}" and "api-key" not in h for h in headers)
    calls = [c for s in steps if isinstance(s.step_details, RunStepToolCallDetails) for c in s.step_details.tool_calls]
    assert {c.type for c in calls} >= set(FOUNDRY_TOOL_CALLS)
    for call in calls:
        assert isinstance(call, RunStepToolCall)
        assert call.as_dict() == CALLS[call.id]  # known or not, the whole call is kept
    # 1.1.0 knows bing_grounding (a subclass); sharepoint_grounding it decodes into the base class, data kept.
    assert any(isinstance(c, RunStepBingGroundingToolCall) for c in calls)
    sharepoint = next(c for c in calls if c.type == "sharepoint_grounding")
    assert type(sharepoint) is RunStepToolCall and sharepoint["sharepoint_grounding"]["output"] == "2 passages"


def test_our_client_lists_the_same_ids_in_the_same_order(provider: tuple[str, list[dict[str, str]]]) -> None:
    endpoint, headers = provider
    headers.clear()
    with (
        warnings.catch_warnings(action="ignore", category=DeprecationWarning),
        presets.foundry(endpoint, entra_token=FOUNDRY_TOKEN) as client,
    ):
        steps = list(iter_run_steps(client, THREAD_ID, FOUNDRY_RUN, limit=2))
    assert [s.id for s in steps] == [s["id"] for s in STEPS]
    assert all(h["authorization"] == f"Bearer {FOUNDRY_TOKEN}" for h in headers)
    unknown = [
        c
        for s in steps
        if isinstance(s.step_details, ToolCallsDetails)
        for c in s.step_details.tool_calls
        if isinstance(c, UnknownVariant)
    ]
    assert {c.type_ for c in unknown} == set(FOUNDRY_TOOL_CALLS)
    assert all(c.raw == CALLS[c.raw["id"]] and c.to_dict() == c.raw for c in unknown)


def test_the_preset_sends_api_version_v1_and_refuses_what_foundry_does_not_take() -> None:
    with presets.foundry("https://x.services.ai.azure.com/api/projects/p", entra_token="t") as client:
        assert client.get_httpx_client().params["api-version"] == "v1"
    with pytest.raises(ValueError, match="Foundry project endpoint"):
        presets.foundry("https://x.openai.azure.com/openai/v1", entra_token="t")
    with pytest.raises(ValueError, match="takes no API keys"):
        presets.foundry("https://x.services.ai.azure.com/api/projects/p", entra_token=" ")
