from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem

T = TypeVar("T", bound="MessageCreation")


@_attrs_define
class MessageCreation:
    """
    Attributes:
        message_id: Id of the message the step created.
    """

    message_id: str
    """ Id of the message the step created. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        message_id = self.message_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message_id": message_id,
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
            message_id = d.pop("message_id")
            if type(message_id) is not str:
                raise TypeError(f"expected a string, got {type(message_id).__name__}")
        except DecodeError as _error:
            raise _error.under("message_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("message_id", problem(_error)) from None

        message_creation = cls(
            message_id=message_id,
        )

        message_creation.additional_properties = d
        return message_creation

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
