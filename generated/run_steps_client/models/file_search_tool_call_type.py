from typing import Literal

FileSearchToolCallType = Literal["file_search"]

FILE_SEARCH_TOOL_CALL_TYPE_VALUES: set[FileSearchToolCallType] = {
    "file_search",
}


def check_file_search_tool_call_type(value: str) -> FileSearchToolCallType:
    if type(value) is str and value in FILE_SEARCH_TOOL_CALL_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(FILE_SEARCH_TOOL_CALL_TYPE_VALUES)!r}"
    )
