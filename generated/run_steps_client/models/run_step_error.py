from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..models.run_step_error_code import RunStepErrorCode, check_run_step_error_code

T = TypeVar("T", bound="RunStepError")


@_attrs_define
class RunStepError:
    """Why the step failed; null when it did not.

    Attributes:
        code: `server_error` or `rate_limit_exceeded`.
        message: Human-readable explanation.
    """

    code: RunStepErrorCode
    """ `server_error` or `rate_limit_exceeded`. """

    message: str
    """ Human-readable explanation. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        code: str = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
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
            code = check_run_step_error_code(d.pop("code"))

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

        run_step_error = cls(
            code=code,
            message=message,
        )

        run_step_error.additional_properties = d
        return run_step_error

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
