from typing import Literal

ToolCallsDetailsType = Literal["tool_calls"]

TOOL_CALLS_DETAILS_TYPE_VALUES: set[ToolCallsDetailsType] = {
    "tool_calls",
}


def check_tool_calls_details_type(value: str) -> ToolCallsDetailsType:
    if type(value) is str and value in TOOL_CALLS_DETAILS_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(TOOL_CALLS_DETAILS_TYPE_VALUES)!r}"
    )
