from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.function_tool_call_type import (
    FunctionToolCallType,
    check_function_tool_call_type,
)

if TYPE_CHECKING:
    from ..models.function_call import FunctionCall


T = TypeVar("T", bound="FunctionToolCall")


@_attrs_define
class FunctionToolCall:
    """A call of a function the caller defined.

    Attributes:
        id: Id of the tool call.
        type_: Always `function`.
        function: Which function was called, with what, and what it returned.
    """

    id: str
    """ Id of the tool call. """

    type_: FunctionToolCallType
    """ Always `function`. """

    function: FunctionCall
    """ Which function was called, with what, and what it returned. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str = self.type_

        function = self.function.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "function": function,
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
            id = d.pop("id")
            if type(id) is not str:
                raise TypeError(f"expected a string, got {type(id).__name__}")
        except DecodeError as _error:
            raise _error.under("id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("id", problem(_error)) from None

        try:
            type_ = check_function_tool_call_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            function = FunctionCall.from_dict(d.pop("function"))

        except DecodeError as _error:
            raise _error.under("function") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("function", problem(_error)) from None

        function_tool_call = cls(
            id=id,
            type_=type_,
            function=function,
        )

        function_tool_call.additional_properties = d
        return function_tool_call

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
from ..models.function_call import FunctionCall  # noqa: E402
