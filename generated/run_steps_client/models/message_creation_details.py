from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.message_creation_details_type import (
    MessageCreationDetailsType,
    check_message_creation_details_type,
)

if TYPE_CHECKING:
    from ..models.message_creation import MessageCreation


T = TypeVar("T", bound="MessageCreationDetails")


@_attrs_define
class MessageCreationDetails:
    """The step created a message.

    Attributes:
        type_: Always `message_creation`.
        message_creation: (not described in the spec)
    """

    type_: MessageCreationDetailsType
    """ Always `message_creation`. """

    message_creation: MessageCreation

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        message_creation = self.message_creation.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "message_creation": message_creation,
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
            type_ = check_message_creation_details_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            message_creation = MessageCreation.from_dict(d.pop("message_creation"))

        except DecodeError as _error:
            raise _error.under("message_creation") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("message_creation", problem(_error)) from None

        message_creation_details = cls(
            type_=type_,
            message_creation=message_creation,
        )

        message_creation_details.additional_properties = d
        return message_creation_details

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
from ..models.message_creation import MessageCreation  # noqa: E402
