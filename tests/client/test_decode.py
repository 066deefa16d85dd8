"""The generated models decode real response bodies into the right typed variants."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from run_steps_client.models import (
    CodeInterpreterImageOutput,
    CodeInterpreterLogsOutput,
    CodeInterpreterToolCall,
    FileSearchToolCall,
    FunctionToolCall,
    ListRunStepsResponse,
    MessageCreationDetails,
    RunStep,
    RunStepError,
    RunStepUsage,
    ToolCallsDetails,
)
from run_steps_client.types import UNSET
from run_steps_client.unknown_variant import UnknownVariant

from tests.paths import SPEC, reference_file


def page_example(name: str) -> dict[str, Any]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    op = spec["paths"]["/threads/{thread_id}/runs/{run_id}/steps"]["get"]
    value: dict[str, Any] = op["responses"]["200"]["content"]["application/json"]["examples"][name]["value"]
    return value


def json_block(text: str) -> dict[str, Any]:
    """The response example of a reference page: the JSON object from the first `{` line to its `}` line."""
    lines = text.splitlines()
    start = lines.index("{")
    end = start + lines[start:].index("}")
    data: dict[str, Any] = json.loads("\n".join(lines[start : end + 1]))
    return data


@pytest.mark.parametrize("page", ["openai-list-run-steps-page.txt", "portkey-list-run-steps-page.txt"])
def test_reference_page_example_decodes(page: str) -> None:
    body = json_block(reference_file(page).read_text(encoding="utf-8"))
    parsed = ListRunStepsResponse.from_dict(body)
    (step,) = parsed.data
    assert isinstance(step, RunStep)
    assert isinstance(step.step_details, MessageCreationDetails)
    assert step.step_details.message_creation.message_id == "<string>"
    assert isinstance(step.last_error, RunStepError) and step.last_error.code == "server_error"
    assert isinstance(step.usage, RunStepUsage) and step.usage.total_tokens == 123
    assert (parsed.first_id, parsed.last_id, parsed.has_more) == ("step_abc123", "step_abc456", False)
    assert parsed.to_dict() == body


def test_every_variant_decodes_to_its_own_class() -> None:
    body = page_example("every_variant")
    parsed = ListRunStepsResponse.from_dict(body)
    kinds = []
    for step in parsed.data:
        details = step.step_details
        if isinstance(details, MessageCreationDetails):
            kinds.append("message_creation")
            continue
        assert isinstance(details, ToolCallsDetails)
        for call in details.tool_calls:
            kinds.append(call.type_)
            expected = {
                "code_interpreter": CodeInterpreterToolCall,
                "file_search": FileSearchToolCall,
                "function": FunctionToolCall,
            }[call.type_]
            assert type(call) is expected
            if isinstance(call, CodeInterpreterToolCall):
                outputs = call.code_interpreter.outputs
                assert [type(o) for o in outputs] == [CodeInterpreterLogsOutput, CodeInterpreterImageOutput]
    assert sorted(set(kinds)) == ["code_interpreter", "file_search", "function", "message_creation"]
    # Round trip: nothing is lost or invented.
    assert parsed.to_dict() == body
    first = parsed.data[0].step_details
    assert isinstance(first, ToolCallsDetails)
    searched, empty = first.tool_calls
    assert isinstance(searched, FileSearchToolCall) and isinstance(empty, FileSearchToolCall)
    assert searched.file_search.results is not UNSET
    assert empty.file_search.results is UNSET


def test_empty_page_has_null_ids() -> None:
    parsed = ListRunStepsResponse.from_dict(page_example("empty"))
    assert parsed.data == [] and parsed.first_id is None and parsed.last_id is None


def tool_call_page(call: dict[str, Any]) -> dict[str, Any]:
    body = page_example("every_variant")
    step = body["data"][0]
    step["step_details"]["tool_calls"] = [call]
    body["data"] = [step]
    return body


def test_file_search_is_never_tried_as_another_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dispatch is by `type`: the other variants' decoders are never even called for a file_search call."""

    def refuse(*_: object) -> None:
        raise AssertionError("a file_search call was offered to another variant's decoder")

    monkeypatch.setattr(CodeInterpreterToolCall, "from_dict", classmethod(refuse))
    monkeypatch.setattr(FunctionToolCall, "from_dict", classmethod(refuse))
    # A body that would satisfy every variant's required keys: only `type` may decide.
    call = {
        "id": "call_1",
        "type": "file_search",
        "file_search": {},
        "code_interpreter": {"input": "", "outputs": []},
        "function": {"name": "f", "arguments": "{}", "output": None},
    }
    parsed = ListRunStepsResponse.from_dict(tool_call_page(call))
    details = parsed.data[0].step_details
    assert isinstance(details, ToolCallsDetails)
    assert type(details.tool_calls[0]) is FileSearchToolCall


def test_an_unknown_tool_call_type_is_kept_whole_never_guessed() -> None:
    call = {"id": "c", "type": "web_search", "web_search": {}, "code_interpreter": {"input": "", "outputs": []}}
    page = tool_call_page(call)
    parsed = ListRunStepsResponse.from_dict(page)
    details = parsed.data[0].step_details
    assert isinstance(details, ToolCallsDetails)
    unknown = details.tool_calls[0]
    assert isinstance(unknown, UnknownVariant) and unknown.type_ == "web_search" and unknown.raw == call
    assert parsed.to_dict() == page
