from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.tool_calls_details_type import (
    ToolCallsDetailsType,
    check_tool_calls_details_type,
)
from ..unknown_variant import UnknownVariant

if TYPE_CHECKING:
    from ..models.code_interpreter_tool_call import CodeInterpreterToolCall
    from ..models.file_search_tool_call import FileSearchToolCall
    from ..models.function_tool_call import FunctionToolCall


T = TypeVar("T", bound="ToolCallsDetails")


@_attrs_define
class ToolCallsDetails:
    """The step called one or more tools.

    Attributes:
        type_: Always `tool_calls`.
        tool_calls: The calls, each of the Code Interpreter, File Search or a function.
    """

    type_: ToolCallsDetailsType
    """ Always `tool_calls`. """

    tool_calls: list[
        CodeInterpreterToolCall | FileSearchToolCall | FunctionToolCall | UnknownVariant
    ]
    """ The calls, each of the Code Interpreter, File Search or a function. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        tool_calls: list[dict[str, Any]] = []
        for tool_calls_item_data in self.tool_calls:
            tool_calls_item: dict[str, Any]
            if isinstance(tool_calls_item_data, CodeInterpreterToolCall):
                tool_calls_item = tool_calls_item_data.to_dict()
            elif isinstance(tool_calls_item_data, FileSearchToolCall):
                tool_calls_item = tool_calls_item_data.to_dict()
            else:
                tool_calls_item = tool_calls_item_data.to_dict()

            tool_calls.append(tool_calls_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "tool_calls": tool_calls,
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
            type_ = check_tool_calls_details_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            tool_calls: list[
                CodeInterpreterToolCall
                | FileSearchToolCall
                | FunctionToolCall
                | UnknownVariant
            ] = []
            _tool_calls = d.pop("tool_calls")
            if _tool_calls.__class__ is not list:
                raise TypeError(f"expected a list, got {type(_tool_calls).__name__}")
            for _index, tool_calls_item_data in enumerate(_tool_calls):
                try:
                    _tool_calls_item_data = tool_calls_item_data
                    _tool_calls_item_data_shape = _tool_calls_item_data
                    tool_calls_item: (
                        CodeInterpreterToolCall
                        | FileSearchToolCall
                        | FunctionToolCall
                        | UnknownVariant
                    )
                    if not isinstance(_tool_calls_item_data_shape, dict):
                        raise TypeError(
                            f"expected an object with a 'type', got {type(_tool_calls_item_data).__name__}"
                        )
                    elif _tool_calls_item_data.get("type") == "code_interpreter":
                        tool_calls_item_type_0 = CodeInterpreterToolCall.from_dict(
                            _tool_calls_item_data
                        )

                        tool_calls_item = tool_calls_item_type_0
                    elif _tool_calls_item_data.get("type") == "file_search":
                        tool_calls_item_type_1 = FileSearchToolCall.from_dict(
                            _tool_calls_item_data
                        )

                        tool_calls_item = tool_calls_item_type_1
                    elif _tool_calls_item_data.get("type") == "function":
                        tool_calls_item_type_2 = FunctionToolCall.from_dict(
                            _tool_calls_item_data
                        )

                        tool_calls_item = tool_calls_item_type_2
                    else:  # a variant newer than this client: kept whole
                        tool_calls_item = UnknownVariant.from_dict(
                            _tool_calls_item_data, "type"
                        )

                except DecodeError as _error:
                    raise _error.under(f"[{_index}]") from None
                except (KeyError, TypeError, ValueError, AttributeError) as _error:
                    raise DecodeError(f"[{_index}]", problem(_error)) from None
                tool_calls.append(tool_calls_item)

        except DecodeError as _error:
            raise _error.under("tool_calls") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("tool_calls", problem(_error)) from None

        tool_calls_details = cls(
            type_=type_,
            tool_calls=tool_calls,
        )

        tool_calls_details.additional_properties = d
        return tool_calls_details

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
from ..models.code_interpreter_tool_call import CodeInterpreterToolCall  # noqa: E402
from ..models.file_search_tool_call import FileSearchToolCall  # noqa: E402
from ..models.function_tool_call import FunctionToolCall  # noqa: E402
