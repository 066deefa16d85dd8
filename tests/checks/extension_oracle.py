"""The extension walk as it was first written: recursive over the schema at every value, slow (10 ms a 100-step
page) and plain to read. `conformance.extensions` now reads each place of the schema once (`_Node`); the tests
hold the two to the same findings, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.extensions import NOUNS, OPEN_ENUMS, OPEN_UNIONS, SCHEMAS, UNION_NOUNS, Found, Path
from conformance.spec import load_spec, response_schema


def _resolve(schema: dict[str, Any], owner: str) -> tuple[dict[str, Any], str]:
    while "$ref" in schema:
        owner = schema["$ref"].removeprefix(SCHEMAS)
        schema = load_spec()["components"]["schemas"][owner]
    return schema, owner


def _walk(schema: dict[str, Any], value: Any, path: Path, owner: str, prop: str) -> Iterator[Found]:
    schema, named = _resolve(schema, owner)
    noun = NOUNS.get(named, named) if named != owner or not prop else f"{prop} object"
    owner = named
    union = schema.get("oneOf") or schema.get("anyOf")
    if union is not None:
        yield from _walk_union(schema, union, value, path, owner, prop)
        return
    if isinstance(value, dict) and "properties" in schema:
        declared = schema["properties"]
        for key, item in value.items():
            if key in declared:
                yield from _walk(declared[key], item, (*path, key), owner, key)
            elif "additionalProperties" not in schema:
                yield Found("field", f"field '{key}' on a {noun}", (*path, key))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _walk(schema["items"], item, (*path, index), owner, prop)
    elif "enum" in schema and (owner, prop) in OPEN_ENUMS and isinstance(value, str) and value not in schema["enum"]:
        yield Found("value", f"{NOUNS.get(owner, owner)} {prop} '{value}'", path)


def _walk_union(
    schema: dict[str, Any], union: list[dict[str, Any]], value: Any, path: Path, owner: str, prop: str
) -> Iterator[Found]:
    discriminator = schema.get("discriminator")
    if discriminator is None:
        for member in union:
            resolved, _ = _resolve(member, owner)
            if resolved.get("type") == "object" and isinstance(value, dict):
                yield from _walk(member, value, path, owner, prop)
        return
    if not isinstance(value, dict):
        return
    tag = value.get(discriminator["propertyName"])
    mapped = discriminator.get("mapping", {}).get(tag) if isinstance(tag, str) else None
    if mapped is not None:
        yield from _walk({"$ref": mapped}, value, path, owner, prop)
        return
    envelope = OPEN_UNIONS.get((owner, prop))
    if envelope is None or not isinstance(tag, str):
        return
    what = f"{UNION_NOUNS.get(prop, prop)} '{tag}'"
    missing = [name for name in envelope if not isinstance(value.get(name), str)]
    if missing:
        yield Found("violation", f"a {what} without a string {', '.join(repr(m) for m in missing)}", path)
    else:
        yield Found("variant", what, path)


def find(body: Any, status: int = 200) -> list[Found]:
    schema = response_schema(status)
    return [] if schema is None else list(_walk(schema, body, (), "", ""))
