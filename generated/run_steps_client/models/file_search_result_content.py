from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.file_search_result_content_type import (
    FileSearchResultContentType,
    check_file_search_result_content_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileSearchResultContent")


@_attrs_define
class FileSearchResultContent:
    """
    Attributes:
        type_: Kind of content; always `text`.
        text: The text of the passage.
    """

    type_: FileSearchResultContentType | Unset = UNSET
    """ Kind of content; always `text`. """

    text: str | Unset = UNSET
    """ The text of the passage. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            _type_ = d.pop("type", UNSET)
            type_: FileSearchResultContentType | Unset
            if isinstance(_type_, Unset):
                type_ = UNSET
            else:
                type_ = check_file_search_result_content_type(_type_)

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            text = d.pop("text", UNSET)
            if not isinstance(text, Unset) and type(text) is not str:
                raise TypeError(f"expected a string, got {type(text).__name__}")
        except DecodeError as _error:
            raise _error.under("text") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("text", problem(_error)) from None

        file_search_result_content = cls(
            type_=type_,
            text=text,
        )

        file_search_result_content.additional_properties = d
        return file_search_result_content

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
