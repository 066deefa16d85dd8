from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..decoding import outside
from ..models.file_search_ranker import FileSearchRanker, check_file_search_ranker

T = TypeVar("T", bound="FileSearchRankingOptions")


@_attrs_define
class FileSearchRankingOptions:
    """How the search ranked its results.

    Attributes:
        ranker: Which ranker ordered the file-search results; `auto` when none was chosen.
        score_threshold: Results scoring below this (between 0 and 1) were dropped.
    """

    ranker: FileSearchRanker
    """ Which ranker ordered the file-search results; `auto` when none was chosen. """

    score_threshold: float
    """ Results scoring below this (between 0 and 1) were dropped. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        ranker: str = self.ranker

        score_threshold = self.score_threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ranker": ranker,
                "score_threshold": score_threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            ranker = check_file_search_ranker(d.pop("ranker"))

        except DecodeError as _error:
            raise _error.under("ranker") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("ranker", problem(_error)) from None

        try:
            score_threshold = d.pop("score_threshold")
            if type(score_threshold) is not float and type(score_threshold) is not int:
                raise TypeError(
                    f"expected a number, got {type(score_threshold).__name__}"
                )
            if _range := outside(score_threshold, 0.0, 1.0):
                raise ValueError(_range)
        except DecodeError as _error:
            raise _error.under("score_threshold") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("score_threshold", problem(_error)) from None

        file_search_ranking_options = cls(
            ranker=ranker,
            score_threshold=score_threshold,
        )

        file_search_ranking_options.additional_properties = d
        return file_search_ranking_options

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
