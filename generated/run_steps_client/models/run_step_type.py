from typing import Literal

RunStepType = Literal["message_creation", "tool_calls"]

RUN_STEP_TYPE_VALUES: set[RunStepType] = {
    "message_creation",
    "tool_calls",
}


def check_run_step_type(value: str) -> RunStepType:
    if value in RUN_STEP_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_STEP_TYPE_VALUES!r}"
    )
