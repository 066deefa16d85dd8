from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.code_interpreter_tool_call_type import (
    CodeInterpreterToolCallType,
    check_code_interpreter_tool_call_type,
)

if TYPE_CHECKING:
    from ..models.code_interpreter_call import CodeInterpreterCall


T = TypeVar("T", bound="CodeInterpreterToolCall")


@_attrs_define
class CodeInterpreterToolCall:
    """A call of the Code Interpreter tool.

    Attributes:
        id: Id of the tool call.
        type_: Always `code_interpreter`.
        code_interpreter: What the Code Interpreter was given and what it produced.
    """

    id: str
    """ Id of the tool call. """

    type_: CodeInterpreterToolCallType
    """ Always `code_interpreter`. """

    code_interpreter: CodeInterpreterCall
    """ What the Code Interpreter was given and what it produced. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_: str = self.type_

        code_interpreter = self.code_interpreter.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "code_interpreter": code_interpreter,
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
            type_ = check_code_interpreter_tool_call_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            code_interpreter = CodeInterpreterCall.from_dict(d.pop("code_interpreter"))

        except DecodeError as _error:
            raise _error.under("code_interpreter") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("code_interpreter", problem(_error)) from None

        code_interpreter_tool_call = cls(
            id=id,
            type_=type_,
            code_interpreter=code_interpreter,
        )

        code_interpreter_tool_call.additional_properties = d
        return code_interpreter_tool_call

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
from ..models.code_interpreter_call import CodeInterpreterCall  # noqa: E402
