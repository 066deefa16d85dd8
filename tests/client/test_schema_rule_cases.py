"""Named regressions of the schema rule (tests/client/test_schema_rule.py): each is a place where the client
used to be stricter or looser than openapi.yaml's schema, with the path and reason it must now give."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from run_steps_client import DecodeError
from run_steps_client.models import ListRunStepsResponse, ToolCallsDetails

from conformance.spec import load_spec
from tests.client.test_decode import page_example


def every_variant() -> dict[str, Any]:
    return page_example("every_variant")


# (what the schema says, a change to the `every_variant` example, the value read back at that place)
ACCEPTED = [
    ("a whole float is an integer", ("data", 0, "created_at"), 1699063294.0, 1699063294),
    ("in exponent form too", ("data", 0, "created_at"), 1.699063294e9, 1699063294),
    ("a nullable integer too", ("data", 0, "failed_at"), 1699063295.0, 1699063295),
    ("and usage's token counts", ("data", 0, "usage", "total_tokens"), 40.0, 40),
    ("a number's bounds are inclusive", ("data", 0, "step_details", "tool_calls", 0, "file_search", "results", 0,
                                         "score"), 1, 1),
]  # fmt: skip

REJECTED = [
    ("a fractional number is no integer", ("data", 0, "created_at"), 1699063294.5,
     "data[0].created_at: expected an integer, got 1699063294.5"),
    ("nor is a boolean", ("data", 0, "completed_at"), True,
     "data[0].completed_at: expected an integer or null, got bool"),
    ("metadata values are strings", ("data", 2, "metadata", "source"), 7,
     "data[2].metadata.source: expected a string, got int"),
    ("a metadata key that is no name is quoted", ("data", 2, "metadata"), {"a key": None},
     'data[2].metadata["a key"]: expected a string, got NoneType'),
    ("a variant's tag is required", ("data", 0, "step_details", "type"), ...,
     "data[0].step_details.type: required field 'type' is missing"),
    ("and a string", ("data", 0, "step_details", "tool_calls", 1, "type"), 3,
     "data[0].step_details.tool_calls[1].type: expected a string, got int"),
    ("an optional list is a list", ("data", 0, "step_details", "tool_calls", 0, "file_search", "results"), {},
     "data[0].step_details.tool_calls[0].file_search.results: expected a list, got dict"),
    ("whose items are named by index", ("data", 0, "step_details", "tool_calls", 0, "file_search", "results", 0,
                                        "content", 0), "text",
     "data[0].step_details.tool_calls[0].file_search.results[0].content[0]: expected an object, got str"),
    ("a score is at most 1", ("data", 0, "step_details", "tool_calls", 0, "file_search", "results", 0, "score"),
     1.5, "data[0].step_details.tool_calls[0].file_search.results[0].score: 1.5 is out of range: expected a "
     "number at least 0 and at most 1"),
    ("a closed enum refuses what is not one of its values", ("data", 1, "object"), ["thread.run.step"],
     "data[1].object: unexpected value ['thread.run.step']; expected one of ['thread.run.step']"),
]  # fmt: skip


def changed(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    body = every_variant()
    node: Any = body
    for key in path[:-1]:
        node = node[key]
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


def read(node: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@pytest.mark.parametrize(("rule", "path", "sent", "read_back"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_accepted(rule: str, path: tuple[str | int, ...], sent: Any, read_back: Any) -> None:
    body = changed(path, sent)
    decoded = ListRunStepsResponse.from_dict(copy.deepcopy(body)).to_dict()
    value = read(decoded, path)
    assert value == read_back and type(value) is type(read_back), rule


@pytest.mark.parametrize(("rule", "path", "sent", "message"), REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected(rule: str, path: tuple[str | int, ...], sent: Any, message: str) -> None:
    with pytest.raises(DecodeError) as raised:
        ListRunStepsResponse.from_dict(changed(path, sent))
    assert str(raised.value) == message, rule


def test_an_unknown_tag_is_still_a_newer_variant() -> None:
    body = changed(("data", 0, "step_details", "tool_calls", 1, "type"), "web_search")
    details = ListRunStepsResponse.from_dict(body).data[0].step_details
    assert isinstance(details, ToolCallsDetails) and details.tool_calls[1].to_dict()["type"] == "web_search"


# The schema keywords the generated decoders implement (codegen/templates, codegen/extras/decoding.py), and the
# annotations that constrain nothing. A response schema using another one (`maxLength`, `pattern`,
# `exclusiveMinimum`, `minItems`, ...) would make the client accept what the schema rejects: teach the
# templates first, then add it here.
IMPLEMENTED = {"type", "properties", "required", "items", "enum", "anyOf", "oneOf", "discriminator", "$ref",
               "additionalProperties", "minimum", "maximum"}  # fmt: skip
ANNOTATIONS = {"description", "title", "example", "format", "x-departure"}


def keywords(schema: Any, direct_property: bool = False) -> Iterator[tuple[str, bool]]:
    """(keyword, whether its schema is an object's property itself) for every schema below `schema`."""
    if not isinstance(schema, dict):
        return
    for key in schema:
        yield key, direct_property
    for sub in (schema.get("properties") or {}).values():
        yield from keywords(sub, True)
    for key in ("items", "additionalProperties"):
        yield from keywords(schema.get(key))
    for member in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from keywords(member)


def test_the_response_schemas_use_only_keywords_the_decoders_implement() -> None:
    spec = load_spec()
    used = [pair for schema in spec["components"]["schemas"].values() for pair in keywords(schema)]
    assert {key for key, _ in used} - IMPLEMENTED - ANNOTATIONS == set()
    # Bounds are read from the property's own schema (model.py.jinja's primitive_check): not inside anyOf/items.
    assert all(direct for key, direct in used if key in ("minimum", "maximum"))
