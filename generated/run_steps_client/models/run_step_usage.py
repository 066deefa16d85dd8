from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..decoding import integral

T = TypeVar("T", bound="RunStepUsage")


@_attrs_define
class RunStepUsage:
    """Tokens the step used; null while the step is still in progress.

    Attributes:
        completion_tokens: Tokens generated during the step.
        prompt_tokens: Tokens read as prompt during the step.
        total_tokens: The sum of prompt and completion tokens.
    """

    completion_tokens: int
    """ Tokens generated during the step. """

    prompt_tokens: int
    """ Tokens read as prompt during the step. """

    total_tokens: int
    """ The sum of prompt and completion tokens. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        completion_tokens = self.completion_tokens

        prompt_tokens = self.prompt_tokens

        total_tokens = self.total_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completion_tokens": completion_tokens,
                "prompt_tokens": prompt_tokens,
                "total_tokens": total_tokens,
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
            completion_tokens = d.pop("completion_tokens")
            if type(completion_tokens) is not int:
                completion_tokens = integral(completion_tokens)
        except DecodeError as _error:
            raise _error.under("completion_tokens") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("completion_tokens", problem(_error)) from None

        try:
            prompt_tokens = d.pop("prompt_tokens")
            if type(prompt_tokens) is not int:
                prompt_tokens = integral(prompt_tokens)
        except DecodeError as _error:
            raise _error.under("prompt_tokens") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("prompt_tokens", problem(_error)) from None

        try:
            total_tokens = d.pop("total_tokens")
            if type(total_tokens) is not int:
                total_tokens = integral(total_tokens)
        except DecodeError as _error:
            raise _error.under("total_tokens") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("total_tokens", problem(_error)) from None

        run_step_usage = cls(
            completion_tokens=completion_tokens,
            prompt_tokens=prompt_tokens,
            total_tokens=total_tokens,
        )

        run_step_usage.additional_properties = d
        return run_step_usage

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
