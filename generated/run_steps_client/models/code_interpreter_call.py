from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..unknown_variant import UnknownVariant

if TYPE_CHECKING:
    from ..models.code_interpreter_image_output import CodeInterpreterImageOutput
    from ..models.code_interpreter_logs_output import CodeInterpreterLogsOutput


T = TypeVar("T", bound="CodeInterpreterCall")


@_attrs_define
class CodeInterpreterCall:
    """What the Code Interpreter was given and what it produced.

    Attributes:
        input_: The code it was asked to run.
        outputs: What the run produced, as text logs or images, in order.
    """

    input_: str
    """ The code it was asked to run. """

    outputs: list[
        CodeInterpreterImageOutput | CodeInterpreterLogsOutput | UnknownVariant
    ]
    """ What the run produced, as text logs or images, in order. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        outputs: list[dict[str, Any]] = []
        for outputs_item_data in self.outputs:
            outputs_item: dict[str, Any]
            if isinstance(outputs_item_data, CodeInterpreterLogsOutput):
                outputs_item = outputs_item_data.to_dict()
            else:
                outputs_item = outputs_item_data.to_dict()

            outputs.append(outputs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
                "outputs": outputs,
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
            input_ = d.pop("input")
            if type(input_) is not str:
                raise TypeError(f"expected a string, got {type(input_).__name__}")
        except DecodeError as _error:
            raise _error.under("input") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("input", problem(_error)) from None

        try:
            outputs: list[
                CodeInterpreterImageOutput | CodeInterpreterLogsOutput | UnknownVariant
            ] = []
            _outputs = d.pop("outputs")
            if _outputs.__class__ is not list:
                raise TypeError(f"expected a list, got {type(_outputs).__name__}")
            for _index, outputs_item_data in enumerate(_outputs):
                try:
                    _outputs_item_data = outputs_item_data
                    _outputs_item_data_shape = _outputs_item_data
                    outputs_item: (
                        CodeInterpreterImageOutput
                        | CodeInterpreterLogsOutput
                        | UnknownVariant
                    )
                    if not isinstance(_outputs_item_data_shape, dict):
                        raise TypeError(
                            f"expected an object with a 'type', got {type(_outputs_item_data).__name__}"
                        )
                    elif _outputs_item_data.get("type") == "logs":
                        outputs_item_type_0 = CodeInterpreterLogsOutput.from_dict(
                            _outputs_item_data
                        )

                        outputs_item = outputs_item_type_0
                    elif _outputs_item_data.get("type") == "image":
                        outputs_item_type_1 = CodeInterpreterImageOutput.from_dict(
                            _outputs_item_data
                        )

                        outputs_item = outputs_item_type_1
                    else:  # a variant newer than this client: kept whole
                        outputs_item = UnknownVariant.from_dict(
                            _outputs_item_data, "type"
                        )

                except DecodeError as _error:
                    raise _error.under(f"[{_index}]") from None
                except (KeyError, TypeError, ValueError, AttributeError) as _error:
                    raise DecodeError(f"[{_index}]", problem(_error)) from None
                outputs.append(outputs_item)

        except DecodeError as _error:
            raise _error.under("outputs") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("outputs", problem(_error)) from None

        code_interpreter_call = cls(
            input_=input_,
            outputs=outputs,
        )

        code_interpreter_call.additional_properties = d
        return code_interpreter_call

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
from ..models.code_interpreter_image_output import CodeInterpreterImageOutput  # noqa: E402
from ..models.code_interpreter_logs_output import CodeInterpreterLogsOutput  # noqa: E402
