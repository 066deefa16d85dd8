"""Flattening one spec into `key -> Fact` (and, for upstream, `key -> hash` of each description), each fact
carrying the `x-departure` mark that applies to it, whichever way the spec says "or null"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from conformance.upstream.extract import METHOD, find_operation
from conformance.upstream.snapshot import Snapshot

CONSTRAINTS = ("type", "format", "const", "default", "minimum", "maximum", "minItems", "maxItems")
WHOLE = ("parameter", "response", "scheme", "server")


@dataclass(frozen=True)
class Fact:
    value: Any
    departure: str | None = None  # why ours differs here on purpose (from an x-departure mark)
    own_mark: bool = False  # the mark names this very keyword (not a whole added parameter, response, ...)


class Facts:
    """Flattens one document into `key -> Fact`, and (for upstream) `key -> hash` of each description."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.facts: dict[str, Fact] = {}
        self.descriptions: dict[str, str] = {}
        found = find_operation(doc)
        if found is not None:
            self._operation(*found)
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            self._schema(schema, f"schema {name}", {})
        self._security_and_servers()

    @classmethod
    def recorded(cls, snapshot: Snapshot) -> Facts:
        """Upstream's facts as the repository's snapshot holds them (no document behind them)."""
        facts = cls({"paths": {}})
        facts.facts = {key: Fact(value) for key, value in snapshot.facts.items()}
        facts.descriptions = dict(snapshot.descriptions)
        return facts

    def values(self) -> dict[str, Any]:
        return {key: fact.value for key, fact in self.facts.items()}

    def put(self, key: str, value: Any, marks: dict[str, str], keyword: str) -> None:
        own = marks.get(keyword)
        self.facts[key] = Fact(value, own or marks.get("_whole"), own_mark=own is not None)

    def _marks(self, node: Any, inherited: dict[str, str]) -> dict[str, str]:
        own = node.get("x-departure") if isinstance(node, dict) else None
        marks = {"_whole": inherited["_whole"]} if "_whole" in inherited else {}
        if isinstance(own, dict):
            marks.update({str(k): str(v) for k, v in own.items()})
            whole = next((str(own[k]) for k in WHOLE if k in own), None)
            if whole:
                marks["_whole"] = whole
        return marks

    def _describe(self, node: Any, key: str) -> None:
        if isinstance(node, dict) and isinstance(node.get("description"), str):
            self.descriptions[f"{key}.description"] = hashlib.sha256(node["description"].encode()).hexdigest()[:12]

    def _resolve(self, node: dict[str, Any], kind: str) -> dict[str, Any]:
        if "$ref" in node:
            resolved: dict[str, Any] = self.doc["components"][kind][node["$ref"].rsplit("/", 1)[-1]]
            return resolved
        return node

    def _operation(self, route: str, op: dict[str, Any]) -> None:
        base = f"op {METHOD.upper()} {route}"
        marks = self._marks(op, {})
        self.put(f"{base}.present", True, marks, "present")
        self.put(f"{base}.operationId", op.get("operationId"), marks, "operationId")
        self.put(f"{base}.deprecated", bool(op.get("deprecated", False)), marks, "deprecated")
        self._describe(op, base)
        names = []
        for declared in op.get("parameters", []):
            param = self._resolve(declared, "parameters")
            key = f"{base}.param {param['in']}:{param['name']}"
            names.append(f"{param['in']}:{param['name']}")
            pmarks = self._marks(param, marks)
            self.put(f"{key}.required", bool(param.get("required", False)), pmarks, "required")
            self._describe(param, key)
            self._schema(param.get("schema", {}), f"{key}.schema", pmarks)
        self.put(f"{base}.parameters", sorted(names), marks, "parameters")
        statuses = []
        for status, declared in op.get("responses", {}).items():
            statuses.append(str(status))
            response = self._resolve(declared, "responses")
            rkey = f"{base}.response {status}"
            rmarks = self._marks(response, self._marks(declared, marks))
            self.put(f"{rkey}.present", True, rmarks, "present")
            self._describe(response, rkey)
            for header, spec in response.get("headers", {}).items():
                self._schema(spec.get("schema", {}), f"{rkey}.header {header}", self._marks(spec, rmarks))
            for media, content in response.get("content", {}).items():
                self._schema(content.get("schema", {}), f"{rkey}.{media}", rmarks)
        self.put(f"{base}.responses", sorted(statuses), marks, "responses")

    def _schema(self, schema: Any, path: str, inherited: dict[str, str]) -> None:
        if not isinstance(schema, dict):
            return
        marks = self._marks(schema, inherited)
        self._describe(schema, path)
        nullable, schema = _unwrap_nullable(schema)
        self.put(f"{path}.nullable", nullable, marks, "nullable")
        if "$ref" in schema:
            self.put(f"{path}.$ref", schema["$ref"].rsplit("/", 1)[-1], marks, "$ref")
        for keyword in CONSTRAINTS:
            if keyword in schema:
                self.put(f"{path}.{keyword}", schema[keyword], marks, keyword)
        if "enum" in schema:
            self.put(f"{path}.enum", sorted(v for v in schema["enum"] if v is not None), marks, "enum")
        if "required" in schema:
            self.put(f"{path}.required", sorted(schema["required"]), marks, "required")
        if "properties" in schema:
            self.put(f"{path}.properties", sorted(schema["properties"]), marks, "properties")
            for name, sub in schema["properties"].items():
                self._schema(sub, f"{path}.properties.{name}", marks)
        if "items" in schema:
            self._schema(schema["items"], f"{path}.items", marks)
        if isinstance(schema.get("additionalProperties"), dict):
            self._schema(schema["additionalProperties"], f"{path}.additionalProperties", marks)
        for combinator in ("oneOf", "anyOf", "allOf"):
            members = schema.get(combinator)
            if isinstance(members, list):
                variants = sorted(m["$ref"].rsplit("/", 1)[-1] if "$ref" in m else f"inline[{n}]"
                                  for n, m in enumerate(members))  # fmt: skip
                self.put(f"{path}.{combinator}", variants, marks, combinator)
                for index, sub in enumerate(members):
                    if "$ref" not in sub:
                        self._schema(sub, f"{path}.{combinator}[{index}]", marks)
        if isinstance(schema.get("discriminator"), dict):
            disc = schema["discriminator"]
            self.put(f"{path}.discriminator.propertyName", disc.get("propertyName"), marks, "discriminator")
            for tag, target in sorted(disc.get("mapping", {}).items()):
                self.put(f"{path}.discriminator.mapping.{tag}", target.rsplit("/", 1)[-1], marks, "discriminator")

    def _security_and_servers(self) -> None:
        found = find_operation(self.doc)
        security = (found[1].get("security") if found else None) or self.doc.get("security", [])
        used = {name for requirement in security for name in requirement}
        for name, scheme in self.doc.get("components", {}).get("securitySchemes", {}).items():
            if name not in used:
                continue
            marks = self._marks(scheme, {})
            shape = {k: scheme.get(k) for k in ("type", "scheme", "in", "name") if scheme.get(k) is not None}
            self.put(f"security scheme {name}", shape, marks, "scheme")
        for server in self.doc.get("servers", []):
            self.put(f"server {server.get('url')}", True, self._marks(server, {}), "server")


def _unwrap_nullable(schema: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """(nullable, the schema without its null alternative), for every way 3.0 and 3.1 say "or null":
    `nullable: true`, `type: [X, "null"]`, and `anyOf`/`oneOf` `[X, {type: "null"}]`."""
    if schema.get("nullable") is True:
        return True, {k: v for k, v in schema.items() if k != "nullable"}
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [t for t in kind if t != "null"]
        return True, {**schema, "type": rest[0] if len(rest) == 1 else rest}
    for combinator in ("anyOf", "oneOf"):
        members = schema.get(combinator)
        if isinstance(members, list) and any(_is_null(m) for m in members):
            others = [m for m in members if not _is_null(m)]
            merged = {k: v for k, v in schema.items() if k != combinator}
            if len(others) == 1:
                merged.update(others[0])
            else:
                merged[combinator] = others
            return True, merged
    return False, schema


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null" and len(schema) == 1
