from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem

if TYPE_CHECKING:
    from ..models.run_step import RunStep


T = TypeVar("T", bound="ListRunStepsResponse")


@_attrs_define
class ListRunStepsResponse:
    """One page of run steps.

    Attributes:
        object_: Always `list`.
        data: The steps on this page, in the requested order.
        first_id: Id of the first step of `data`; null when the page is empty.
        last_id: Id of the last step of `data`; null when the page is empty.
        has_more: Whether more steps lie beyond this page in the direction of travel.
    """

    object_: str
    """ Always `list`. """

    data: list[RunStep]
    """ The steps on this page, in the requested order. """

    first_id: None | str
    """ Id of the first step of `data`; null when the page is empty. """

    last_id: None | str
    """ Id of the last step of `data`; null when the page is empty. """

    has_more: bool
    """ Whether more steps lie beyond this page in the direction of travel. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        data: list[dict[str, Any]] = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        first_id: None | str
        first_id = self.first_id

        last_id: None | str
        last_id = self.last_id

        has_more = self.has_more

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "data": data,
                "first_id": first_id,
                "last_id": last_id,
                "has_more": has_more,
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
            object_ = d.pop("object")
            if type(object_) is not str:
                raise TypeError(f"expected a string, got {type(object_).__name__}")
        except DecodeError as _error:
            raise _error.under("object") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("object", problem(_error)) from None

        try:
            data: list[RunStep] = []
            _data = d.pop("data")
            if _data.__class__ is not list:
                raise TypeError(f"expected a list, got {type(_data).__name__}")
            for _index, data_item_data in enumerate(_data):
                try:
                    data_item = RunStep.from_dict(data_item_data)

                except DecodeError as _error:
                    raise _error.under(f"[{_index}]") from None
                except (KeyError, TypeError, ValueError, AttributeError) as _error:
                    raise DecodeError(f"[{_index}]", problem(_error)) from None
                data.append(data_item)

        except DecodeError as _error:
            raise _error.under("data") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("data", problem(_error)) from None

        try:
            first_id: None | str = d.pop("first_id")
            if not (first_id is None or type(first_id) is str):
                raise TypeError(
                    f"expected a string or null, got {type(first_id).__name__}"
                )

        except DecodeError as _error:
            raise _error.under("first_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("first_id", problem(_error)) from None

        try:
            last_id: None | str = d.pop("last_id")
            if not (last_id is None or type(last_id) is str):
                raise TypeError(
                    f"expected a string or null, got {type(last_id).__name__}"
                )

        except DecodeError as _error:
            raise _error.under("last_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("last_id", problem(_error)) from None

        try:
            has_more = d.pop("has_more")
            if type(has_more) is not bool:
                raise TypeError(f"expected a boolean, got {type(has_more).__name__}")
        except DecodeError as _error:
            raise _error.under("has_more") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("has_more", problem(_error)) from None

        list_run_steps_response = cls(
            object_=object_,
            data=data,
            first_id=first_id,
            last_id=last_id,
            has_more=has_more,
        )

        list_run_steps_response.additional_properties = d
        return list_run_steps_response

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
from ..models.run_step import RunStep  # noqa: E402
