"""The reference provider's faults that crash on unusual but well-typed input, and the strict provider that
refuses it correctly: what each looks at in the request as it came (`RawRequest`), before any validation.

Each is a bug seen in real servers: a cursor encoded as ASCII or stored in a fixed-width column, a path decoded
twice, a repeated parameter read as a list, a limit parsed with float(), a strict model that raises on an
unknown field. `faults` declares them (`Fault.on_request`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawRequest:
    """A request as it came, before any validation: the ids decoded from the path and every query parameter
    in order, repeats included. What the faults that crash on unusual input look at."""

    thread_id: str
    run_id: str
    params: tuple[tuple[str, str], ...]

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]


def _cursors(request: RawRequest) -> list[str]:
    return request.values("after") + request.values("before")


def non_ascii_cursor(request: RawRequest) -> str | None:
    found = any(not c.isascii() for c in _cursors(request))
    return "'ascii' codec can't encode character in position 0" if found else None


COLUMN = 64  # the cursor column's width in the server that crashes on longer ones


def long_cursor(request: RawRequest) -> str | None:
    found = any(len(c) > COLUMN for c in _cursors(request))
    return f"value too long for type character varying({COLUMN})" if found else None


def escaped_id(request: RawRequest) -> str | None:
    found = any("%" in i or " " in i for i in (request.thread_id, request.run_id))
    return "invalid percent-escape in path segment" if found else None


OWN_PARAMETERS = ("limit", "order", "after", "before", "include[]")
SCALAR_PARAMETERS = ("limit", "order", "after", "before")


def repeated(request: RawRequest) -> str | None:
    names = [k for k, _ in request.params if k in SCALAR_PARAMETERS]
    return "expected str, got list" if len(names) != len(set(names)) else None


def fraction_limit(request: RawRequest) -> str | None:
    for raw in request.values("limit"):
        try:
            int(raw)
        except ValueError:
            try:
                float(raw)
            except ValueError:
                continue
            return "'float' object cannot be interpreted as an integer"
    return None


def unknown_parameter(request: RawRequest) -> str | None:
    unknown = [k for k, _ in request.params if k not in (*OWN_PARAMETERS, "api-version")]
    return f"unexpected keyword argument {unknown[0]!r}" if unknown else None


def strict_refusal(request: RawRequest) -> tuple[str, str, str] | None:
    """What a strict but correct server refuses with a 400 (the parameter, the message, the code): an unknown
    query parameter, or one of the operation's own given twice (include[] is a list and may repeat)."""
    for name, _ in request.params:
        if name not in (*OWN_PARAMETERS, "api-version"):
            return name, f"Unrecognized request argument supplied: {name}", "unknown_parameter"
    for name in SCALAR_PARAMETERS:
        if len(request.values(name)) > 1:
            return name, f"'{name}' was given more than once.", "invalid_value"
    return None
