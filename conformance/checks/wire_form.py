"""How numbers are written on the wire: integers as integers, where OpenAI writes them so.

openapi.yaml is OpenAPI 3.1, whose schema language (JSON Schema 2020-12) counts a number with a zero fractional
part as an integer: `1733821484.0` is a valid `created_at`, so `response_schema_conformance` passes it, and so do
Python's and JavaScript's clients. Typed clients do not: Go's encoding/json, Rust's serde_json and .NET's
System.Text.Json refuse `1733821484.0` (or `1.7e9`) for an integer field, so every page fails to decode for them.
This check names that, and only that: values the schema rejects are schema conformance's to report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any, cast

import jsonschema

from conformance.checks.consistency import no_steps
from conformance.checks.registry import Severity, semantic
from conformance.observations import Exchange, Observations
from conformance.outcome import Outcome
from conformance.probes import PAGES
from conformance.spec import load_spec

TYPED_CLIENTS = "typed clients in Go, Rust and .NET refuse it for an integer field"


class Spelled(float):
    """A JSON number read as a float, keeping how it was written (`1733821484.0`, `1.7e9`)."""

    text: str

    def __new__(cls, text: str) -> Spelled:
        number = super().__new__(cls, text)
        number.text = text
        return number


@cache
def _strict() -> jsonschema.protocols.Validator:
    """The page schema, with `integer` meaning an integer written as one (an int once read)."""
    spec = load_spec()
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", lambda _, value: type(value) is int)
    strict = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)  # type: ignore[no-untyped-call]
    schema = {"$ref": "#/components/schemas/ListRunStepsResponse", "components": spec["components"]}
    return cast("jsonschema.protocols.Validator", strict(schema))


def _nested(errors: Any) -> Iterator[jsonschema.ValidationError]:
    for error in errors:
        yield error
        yield from _nested(error.context or [])


def _where(path: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def whole_floats(body: bytes) -> list[tuple[str, str]]:
    """(path, as written) of every number the schema types `integer` that the body writes with a fraction or an
    exponent while its value is whole: valid by the schema, refused by typed clients."""
    floats: list[str] = []

    def keep(text: str) -> Spelled:
        floats.append(text)
        return Spelled(text)

    try:
        page = json.loads(body, parse_float=keep)
    except ValueError:
        return []  # not JSON: content_type_conformance and the page checks say so
    if not any(float(text).is_integer() for text in floats):
        return []  # the common case, for free: no whole number written as a float anywhere
    found: dict[str, str] = {}
    for error in _nested(_strict().iter_errors(page)):
        value = error.instance
        kinds = error.validator_value if error.validator == "type" else ()
        typed_integer = isinstance(kinds, (str, list)) and "integer" in kinds
        if typed_integer and isinstance(value, Spelled) and value.is_integer():
            found.setdefault(_where(error.absolute_path), value.text)
    return list(found.items())


@semantic(Severity.DATA, reads=PAGES, parts=("body.wire_form",))
def number_wire_form(seen: Observations) -> Outcome:
    """Every number the spec types `integer` (`created_at` and the other timestamps, usage's token counts) is
    written as an integer (`1699063294`), as OpenAI writes it, never as a whole float (`1699063294.0`,
    `1.7e9`): valid by the schema, but typed clients in Go, Rust and .NET refuse it for an integer field."""
    pages = [p for p in seen.pages() if p.body is not None]
    steps = sum(len(p.data) for p in pages)
    first: tuple[str, Exchange] | None = None
    shown_by: list[Exchange] = []
    count = 0
    for page in pages:
        found = whole_floats(page.exchange.body)
        if found:
            count += len(found)
            first = first or (f"{found[0][0]} is written {found[0][1]}", page.exchange)
            shown_by.append(page.exchange)
    if first is not None:
        more = f" ({count - 1} more such numbers on {len(shown_by)} pages)" if count > 1 else ""
        detail = (
            f"{first[0]}{more}: a whole number written as a float where OpenAI writes an integer; valid by the "
            f"schema (JSON Schema counts it as an integer), but {TYPED_CLIENTS}"
        )
        return Outcome.failed(detail, first[1], len(pages), evidence=shown_by)
    if not steps:
        return no_steps(seen, "no page with steps was answered")
    return Outcome.passed(f"{steps} steps on {len(pages)} pages", cases=len(pages))
