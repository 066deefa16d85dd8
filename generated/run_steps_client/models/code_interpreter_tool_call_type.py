from typing import Literal

CodeInterpreterToolCallType = Literal["code_interpreter"]

CODE_INTERPRETER_TOOL_CALL_TYPE_VALUES: set[CodeInterpreterToolCallType] = {
    "code_interpreter",
}


def check_code_interpreter_tool_call_type(value: str) -> CodeInterpreterToolCallType:
    if type(value) is str and value in CODE_INTERPRETER_TOOL_CALL_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(CODE_INTERPRETER_TOOL_CALL_TYPE_VALUES)!r}"
    )
