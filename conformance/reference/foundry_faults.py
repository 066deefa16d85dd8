"""The reference provider's fault on Foundry's surface: tool calls of Foundry's own types that lose their `id`
(a violation in every mode, where an unknown type with its `id` is only an extension). `faults` declares it."""

from __future__ import annotations

from typing import Any

Step = dict[str, Any]


OPENAI_TOOLS = ("code_interpreter", "file_search", "function")


def foundry_call_without_id(step: Step) -> None:
    """Foundry's tool calls lose their `id`; a tool_calls step with none of them gets an id-less bing_grounding
    call, so every run with a tool call shows the fault. The step's nested objects are copied, never the
    fixture's own."""
    calls = [dict(call) for call in step["step_details"]["tool_calls"]]
    foundry = [call for call in calls if call.get("type") not in OPENAI_TOOLS]
    for call in foundry:
        call.pop("id", None)
    if not foundry:
        calls.append({"type": "bing_grounding", "bing_grounding": {"requesturl": "https://api.bing.microsoft.com/"}})
    step["step_details"] = {**step["step_details"], "tool_calls": calls}
