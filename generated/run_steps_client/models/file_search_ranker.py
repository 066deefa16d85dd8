from typing import Literal

FileSearchRankerKnown = Literal["auto", "default_2024_08_21"]
FileSearchRanker = FileSearchRankerKnown | str
"""One of the values the spec lists, or a newer one the provider sends: kept as it is."""

FILE_SEARCH_RANKER_VALUES: set[str] = {
    "auto",
    "default_2024_08_21",
}


def check_file_search_ranker(value: object) -> FileSearchRanker:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")
