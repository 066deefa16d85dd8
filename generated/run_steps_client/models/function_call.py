from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem

T = TypeVar("T", bound="FunctionCall")


@_attrs_define
class FunctionCall:
    """Which function was called, with what, and what it returned.

    Attributes:
        name: Name of the function.
        arguments: The arguments, as the model wrote them (JSON text).
        output: What the caller submitted as the result; null until tool outputs are submitted.
    """

    name: str
    """ Name of the function. """

    arguments: str
    """ The arguments, as the model wrote them (JSON text). """

    output: None | str
    """ What the caller submitted as the result; null until tool outputs are submitted. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        arguments = self.arguments

        output: None | str
        output = self.output

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "arguments": arguments,
                "output": output,
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
            name = d.pop("name")
            if type(name) is not str:
                raise TypeError(f"expected a string, got {type(name).__name__}")
        except DecodeError as _error:
            raise _error.under("name") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("name", problem(_error)) from None

        try:
            arguments = d.pop("arguments")
            if type(arguments) is not str:
                raise TypeError(f"expected a string, got {type(arguments).__name__}")
        except DecodeError as _error:
            raise _error.under("arguments") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("arguments", problem(_error)) from None

        try:
            output: None | str = d.pop("output")
            if not (output is None or type(output) is str):
                raise TypeError(
                    f"expected a string or null, got {type(output).__name__}"
                )

        except DecodeError as _error:
            raise _error.under("output") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("output", problem(_error)) from None

        function_call = cls(
            name=name,
            arguments=arguments,
            output=output,
        )

        function_call.additional_properties = d
        return function_call

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
