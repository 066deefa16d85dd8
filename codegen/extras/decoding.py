"""What the generated decoders share: the schema's rule for integers, and how a map's key is named in a path.

The client accepts a value exactly when openapi.yaml's schema does (OpenAPI 3.1, i.e. JSON Schema 2020-12).
There a number with a zero fractional part is an integer: `1733821484.0` and `1.7e9` are valid where the
schema says `integer`, and decode to `int`. The generated code checks `type(x) is int` first, so the common
case costs nothing; only a value that is not an int comes here.
"""

from __future__ import annotations

import json
import re

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def integral(value: object, expected: str = "an integer") -> int:
    """`value` as an int when JSON Schema counts it as an integer (an int, or a float with no fractional
    part); a TypeError saying what came otherwise. A bool is no integer, as in JSON."""
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is int:
        return value
    got = repr(value) if type(value) is float else type(value).__name__
    raise TypeError(f"expected {expected}, got {got}")


def outside(value: float, minimum: float | None, maximum: float | None) -> str | None:
    """Why `value` breaks the schema's `minimum`/`maximum`, or None when it keeps them."""
    if (minimum is None or value >= minimum) and (maximum is None or value <= maximum):
        return None
    low = "" if minimum is None else f"at least {minimum:g}"
    high = "" if maximum is None else f"at most {maximum:g}"
    return f"{value!r} is out of range: expected a number {' and '.join(b for b in (low, high) if b)}"


def key_path(key: str) -> str:
    """A map's key as a DecodeError path part: bare when it reads as a name (`metadata.source`), else as a
    JSON string in brackets (`metadata["a key"]`), so every key, the empty one too, stays visible."""
    return key if _PLAIN.fullmatch(key) else f"[{json.dumps(key)}]"
