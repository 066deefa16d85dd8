from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_search_ranking_options import FileSearchRankingOptions
    from ..models.file_search_result import FileSearchResult


T = TypeVar("T", bound="FileSearchCall")


@_attrs_define
class FileSearchCall:
    """How the search ranked and what it found; may be empty.

    Attributes:
        ranking_options: How the search ranked its results.
        results: The passages the search found.
    """

    ranking_options: FileSearchRankingOptions | Unset = UNSET
    """ How the search ranked its results. """

    results: list[FileSearchResult] | Unset = UNSET
    """ The passages the search found. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        ranking_options: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ranking_options, Unset):
            ranking_options = self.ranking_options.to_dict()

        results: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = []
            for results_item_data in self.results:
                results_item = results_item_data.to_dict()
                results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if ranking_options is not UNSET:
            field_dict["ranking_options"] = ranking_options
        if results is not UNSET:
            field_dict["results"] = results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            _ranking_options = d.pop("ranking_options", UNSET)
            ranking_options: FileSearchRankingOptions | Unset
            if isinstance(_ranking_options, Unset):
                ranking_options = UNSET
            else:
                ranking_options = FileSearchRankingOptions.from_dict(_ranking_options)

        except DecodeError as _error:
            raise _error.under("ranking_options") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("ranking_options", problem(_error)) from None

        try:
            _results = d.pop("results", UNSET)
            results: list[FileSearchResult] | Unset = UNSET
            if _results is not UNSET:
                if _results.__class__ is not list:
                    raise TypeError(f"expected a list, got {type(_results).__name__}")
                results = []
                for _index, results_item_data in enumerate(_results):
                    try:
                        results_item = FileSearchResult.from_dict(results_item_data)

                    except DecodeError as _error:
                        raise _error.under(f"[{_index}]") from None
                    except (KeyError, TypeError, ValueError, AttributeError) as _error:
                        raise DecodeError(f"[{_index}]", problem(_error)) from None
                    results.append(results_item)

        except DecodeError as _error:
            raise _error.under("results") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("results", problem(_error)) from None

        file_search_call = cls(
            ranking_options=ranking_options,
            results=results,
        )

        file_search_call.additional_properties = d
        return file_search_call

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


# Other models, imported last: see the note at the top of codegen/templates/model.py.jinja.
from ..models.file_search_ranking_options import FileSearchRankingOptions  # noqa: E402
from ..models.file_search_result import FileSearchResult  # noqa: E402
