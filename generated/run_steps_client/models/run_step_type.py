from typing import Literal

RunStepTypeKnown = Literal["message_creation", "tool_calls"]
RunStepType = RunStepTypeKnown | str
"""One of the values the spec lists, or a newer one the provider sends: kept as it is."""

RUN_STEP_TYPE_VALUES: set[str] = {
    "message_creation",
    "tool_calls",
}


def check_run_step_type(value: object) -> RunStepType:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")
