from typing import Literal

FunctionToolCallType = Literal["function"]

FUNCTION_TOOL_CALL_TYPE_VALUES: set[FunctionToolCallType] = {
    "function",
}


def check_function_tool_call_type(value: str) -> FunctionToolCallType:
    if type(value) is str and value in FUNCTION_TOOL_CALL_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(FUNCTION_TOOL_CALL_TYPE_VALUES)!r}"
    )
