from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem

T = TypeVar("T", bound="CodeInterpreterImage")


@_attrs_define
class CodeInterpreterImage:
    """
    Attributes:
        file_id: Id of the file that holds the image.
    """

    file_id: str
    """ Id of the file that holds the image. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file_id": file_id,
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
            file_id = d.pop("file_id")
            if type(file_id) is not str:
                raise TypeError(f"expected a string, got {type(file_id).__name__}")
        except DecodeError as _error:
            raise _error.under("file_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("file_id", problem(_error)) from None

        code_interpreter_image = cls(
            file_id=file_id,
        )

        code_interpreter_image.additional_properties = d
        return code_interpreter_image

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
