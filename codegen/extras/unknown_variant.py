"""`UnknownVariant`: a step detail, tool call or output whose `type` this client does not know yet.

Providers add variants (a `web_search` step, an `mcp` tool call) long before a vendored client is regenerated.
Such an object decodes into this model instead of failing the whole page; it keeps the raw object, so
`to_dict()` gives back exactly what came in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import define


@define
class UnknownVariant:
    """A variant of a `oneOf` that the spec this client was generated from does not list."""

    type_: str
    """The object's `type` (or its discriminator's value), as the provider sent it."""
    raw: dict[str, Any]
    """The whole object, untouched."""

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], tag: str = "type") -> UnknownVariant:
        return cls(str(src_dict.get(tag)), dict(src_dict))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.raw)
