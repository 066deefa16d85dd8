from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.code_interpreter_logs_output_type import (
    CodeInterpreterLogsOutputType,
    check_code_interpreter_logs_output_type,
)

T = TypeVar("T", bound="CodeInterpreterLogsOutput")


@_attrs_define
class CodeInterpreterLogsOutput:
    """Text the Code Interpreter printed.

    Attributes:
        type_: Always `logs`.
        logs: The printed text.
    """

    type_: CodeInterpreterLogsOutputType
    """ Always `logs`. """

    logs: str
    """ The printed text. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        logs = self.logs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "logs": logs,
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
            type_ = check_code_interpreter_logs_output_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            logs = d.pop("logs")
            if type(logs) is not str:
                raise TypeError(f"expected a string, got {type(logs).__name__}")
        except DecodeError as _error:
            raise _error.under("logs") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("logs", problem(_error)) from None

        code_interpreter_logs_output = cls(
            type_=type_,
            logs=logs,
        )

        code_interpreter_logs_output.additional_properties = d
        return code_interpreter_logs_output

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
