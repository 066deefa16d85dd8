"""Flattens an OpenAPI document into comparable facts: `path -> value` for every constraint that matters.

Descriptions, titles, examples and vendor extensions are prose and are left out; `$ref`s stay as the
name they point at, so two documents with the same component names compare component by component.
"""

from __future__ import annotations

from typing import Any

CONSTRAINTS = ("type", "format", "enum", "const", "default", "minimum", "maximum", "minItems", "maxItems")


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def schema_facts(schema: Any, path: str, out: dict[str, Any]) -> None:
    if not isinstance(schema, dict):
        out[path] = schema
        return
    any_of = schema.get("anyOf")
    if isinstance(any_of, list) and len(any_of) == 2 and any(_is_null(s) for s in any_of):
        # `anyOf: [X, {type: null}]` is how 3.1 spells a nullable X.
        (inner,) = [s for s in any_of if not _is_null(s)]
        out[f"{path}.nullable"] = True
        merged = {k: v for k, v in schema.items() if k != "anyOf"}
        merged.update(inner)
        schema_facts(merged, path, out)
        return
    out.setdefault(f"{path}.nullable", False)
    if "$ref" in schema:
        out[f"{path}.$ref"] = schema["$ref"].rsplit("/", 1)[-1]
    for key in CONSTRAINTS:
        if key in schema:
            value = schema[key]
            out[f"{path}.{key}"] = sorted(value) if key == "enum" else value
    if "required" in schema:
        out[f"{path}.required"] = sorted(schema["required"])
    if "properties" in schema:
        out[f"{path}.properties"] = sorted(schema["properties"])
        for name, sub in schema["properties"].items():
            schema_facts(sub, f"{path}.properties.{name}", out)
    if "items" in schema:
        schema_facts(schema["items"], f"{path}.items", out)
    if isinstance(schema.get("additionalProperties"), dict):
        schema_facts(schema["additionalProperties"], f"{path}.additionalProperties", out)
    for combinator in ("oneOf", "anyOf", "allOf"):
        if combinator in schema:
            members = schema[combinator]
            out[f"{path}.{combinator}"] = len(members)
            for index, sub in enumerate(members):
                schema_facts(sub, f"{path}.{combinator}[{index}]", out)
    if "discriminator" in schema:
        disc = schema["discriminator"]
        out[f"{path}.discriminator.propertyName"] = disc.get("propertyName")
        for tag, target in sorted(disc.get("mapping", {}).items()):
            out[f"{path}.discriminator.mapping.{tag}"] = target.rsplit("/", 1)[-1]


def document_facts(doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for route, item in doc["paths"].items():
        for method, op in item.items():
            base = f"op {method.upper()} {route}"
            out[f"{base}.operationId"] = op.get("operationId")
            for param in op.get("parameters", []):
                key = f"{base}.param {param['in']}:{param['name']}"
                out[f"{key}.required"] = bool(param.get("required", False))
                schema_facts(param.get("schema", {}), f"{key}.schema", out)
            for status, declared in op.get("responses", {}).items():
                response = declared
                if "$ref" in declared:
                    name = declared["$ref"].rsplit("/", 1)[-1]
                    response = doc["components"]["responses"][name]
                rkey = f"{base}.response {status}"
                for header, spec in response.get("headers", {}).items():
                    schema_facts(spec.get("schema", {}), f"{rkey}.header {header}", out)
                for media, content in response.get("content", {}).items():
                    schema_facts(content.get("schema", {}), f"{rkey}.{media}", out)
    for name, schema in doc["components"]["schemas"].items():
        schema_facts(schema, f"schema {name}", out)
    return out
