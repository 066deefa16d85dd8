from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """What went wrong.

    Attributes:
        code: Machine-readable reason, such as `invalid_api_key`, or null.
        message: Human-readable explanation.
        param: The request parameter at fault, or null.
        type_: Error family, such as `invalid_request_error` (Azure OpenAI leaves it out of some answers).
    """

    code: None | str
    """ Machine-readable reason, such as `invalid_api_key`, or null. """

    message: str
    """ Human-readable explanation. """

    param: None | str | Unset = UNSET
    """ The request parameter at fault, or null. """

    type_: str | Unset = UNSET
    """ Error family, such as `invalid_request_error` (Azure OpenAI leaves it out of some answers). """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        code: None | str
        code = self.code

        message = self.message

        param: None | str | Unset
        if isinstance(self.param, Unset):
            param = UNSET
        else:
            param = self.param

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )
        if param is not UNSET:
            field_dict["param"] = param
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            code: None | str = d.pop("code")
            if not (code is None or type(code) is str):
                raise TypeError(f"expected a string or null, got {type(code).__name__}")

        except DecodeError as _error:
            raise _error.under("code") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("code", problem(_error)) from None

        try:
            message = d.pop("message")
            if type(message) is not str:
                raise TypeError(f"expected a string, got {type(message).__name__}")
        except DecodeError as _error:
            raise _error.under("message") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("message", problem(_error)) from None

        try:
            param: None | str | Unset = d.pop("param", UNSET)
            if not (isinstance(param, Unset) or param is None or type(param) is str):
                raise TypeError(
                    f"expected a string or null, got {type(param).__name__}"
                )

        except DecodeError as _error:
            raise _error.under("param") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("param", problem(_error)) from None

        try:
            type_ = d.pop("type", UNSET)
            if not isinstance(type_, Unset) and type(type_) is not str:
                raise TypeError(f"expected a string, got {type(type_).__name__}")
        except DecodeError as _error:
            raise _error.under("type") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("type", problem(_error)) from None

        error = cls(
            code=code,
            message=message,
            param=param,
            type_=type_,
        )

        error.additional_properties = d
        return error

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
