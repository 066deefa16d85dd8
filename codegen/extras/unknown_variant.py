"""`UnknownVariant`: a step detail, tool call or output whose `type` this client does not know yet.

Providers add variants (a `web_search` step, an `mcp` tool call) long before a vendored client is regenerated.
Such an object decodes into this model instead of failing the whole page; it keeps the raw object, so
`to_dict()` gives back exactly what came in. Its tag must still be a string: an object without one is broken,
not new.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import define

from .api_error import DecodeError


@define
class UnknownVariant:
    """A variant of a `oneOf` that the spec this client was generated from does not list."""

    type_: str
    """The object's `type` (or its discriminator's value), as the provider sent it."""
    raw: dict[str, Any]
    """The whole object, untouched."""

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], tag: str = "type") -> UnknownVariant:
        """Kept whole when its tag is a string this client does not know; a missing or non-string tag is no
        newer variant but a broken object (every variant the spec lists requires a string tag), and raises a
        DecodeError naming the tag."""
        value = src_dict.get(tag)
        if type(value) is not str:
            if tag not in src_dict:
                raise DecodeError(tag, f"required field {tag!r} is missing")
            raise DecodeError(tag, f"expected a string, got {type(value).__name__}")
        return cls(value, dict(src_dict))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)
