from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..api_error import DecodeError, problem
from ..decoding import outside
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_search_result_content import FileSearchResultContent


T = TypeVar("T", bound="FileSearchResult")


@_attrs_define
class FileSearchResult:
    """One passage the search found.

    Attributes:
        file_id: Id of the file the passage comes from.
        file_name: Name of that file.
        score: Relevance of the passage, between 0 and 1.
        content: The passage's text; present only when `include[]` asks for it.
    """

    file_id: str
    """ Id of the file the passage comes from. """

    file_name: str
    """ Name of that file. """

    score: float
    """ Relevance of the passage, between 0 and 1. """

    content: list[FileSearchResultContent] | Unset = UNSET
    """ The passage's text; present only when `include[]` asks for it. """

    additional_properties: dict[str, Any] = _attrs_field(
        init=False, factory=cast("Callable[[], dict[str, Any]]", dict)
    )

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        file_name = self.file_name

        score = self.score

        content: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.content, Unset):
            content = []
            for content_item_data in self.content:
                content_item = content_item_data.to_dict()
                content.append(content_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file_id": file_id,
                "file_name": file_name,
                "score": score,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Decode a JSON object; a known field of the wrong shape raises one DecodeError naming its JSON path
        (`data[3].last_error.code`), while unknown fields, enum values and variants are kept."""
        if src_dict.__class__ is not dict and not isinstance(src_dict, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise DecodeError("", f"expected an object, got {type(src_dict).__name__}")
        d = dict(src_dict)
        try:
            file_id = d.pop("file_id")
            if type(file_id) is not str:
                raise TypeError(f"expected a string, got {type(file_id).__name__}")
        except DecodeError as _error:
            raise _error.under("file_id") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("file_id", problem(_error)) from None

        try:
            file_name = d.pop("file_name")
            if type(file_name) is not str:
                raise TypeError(f"expected a string, got {type(file_name).__name__}")
        except DecodeError as _error:
            raise _error.under("file_name") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("file_name", problem(_error)) from None

        try:
            score = d.pop("score")
            if type(score) is not float and type(score) is not int:
                raise TypeError(f"expected a number, got {type(score).__name__}")
            if _range := outside(score, 0.0, 1.0):
                raise ValueError(_range)
        except DecodeError as _error:
            raise _error.under("score") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("score", problem(_error)) from None

        try:
            _content = d.pop("content", UNSET)
            content: list[FileSearchResultContent] | Unset = UNSET
            if _content is not UNSET:
                if _content.__class__ is not list:
                    raise TypeError(f"expected a list, got {type(_content).__name__}")
                content = []
                for _index, content_item_data in enumerate(_content):
                    try:
                        content_item = FileSearchResultContent.from_dict(
                            content_item_data
                        )

                    except DecodeError as _error:
                        raise _error.under(f"[{_index}]") from None
                    except (KeyError, TypeError, ValueError, AttributeError) as _error:
                        raise DecodeError(f"[{_index}]", problem(_error)) from None
                    content.append(content_item)

        except DecodeError as _error:
            raise _error.under("content") from None
        except (KeyError, TypeError, ValueError, AttributeError) as _error:
            raise DecodeError("content", problem(_error)) from None

        file_search_result = cls(
            file_id=file_id,
            file_name=file_name,
            score=score,
            content=content,
        )

        file_search_result.additional_properties = d
        return file_search_result

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
from ..models.file_search_result_content import FileSearchResultContent  # noqa: E402
