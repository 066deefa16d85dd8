from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.code_interpreter_image_output_type import (
    CodeInterpreterImageOutputType,
    check_code_interpreter_image_output_type,
)

if TYPE_CHECKING:
    from ..models.code_interpreter_image import CodeInterpreterImage


T = TypeVar("T", bound="CodeInterpreterImageOutput")


@_attrs_define
class CodeInterpreterImageOutput:
    """An image the Code Interpreter produced.

    Attributes:
        type_: Always `image`.
        image: (not described in the spec)
    """

    type_: CodeInterpreterImageOutputType
    """ Always `image`. """

    image: CodeInterpreterImage

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        image = self.image.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "image": image,
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
            type_ = check_code_interpreter_image_output_type(d.pop("type"))

        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        try:
            image = CodeInterpreterImage.from_dict(d.pop("image"))

        except DecodeError as _error:
            raise _error.under("image") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("image", problem(_error)) from None

        code_interpreter_image_output = cls(
            type_=type_,
            image=image,
        )

        code_interpreter_image_output.additional_properties = d
        return code_interpreter_image_output

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
from ..models.code_interpreter_image import CodeInterpreterImage  # noqa: E402
