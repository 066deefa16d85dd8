from typing import Literal

FileSearchResultContentType = Literal["text"]

FILE_SEARCH_RESULT_CONTENT_TYPE_VALUES: set[FileSearchResultContentType] = {
    "text",
}


def check_file_search_result_content_type(value: str) -> FileSearchResultContentType:
    if type(value) is str and value in FILE_SEARCH_RESULT_CONTENT_TYPE_VALUES:
        return value
    raise TypeError(
        f"unexpected value {value!r}; expected one of {sorted(FILE_SEARCH_RESULT_CONTENT_TYPE_VALUES)!r}"
    )
