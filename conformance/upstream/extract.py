"""Reading a spec (a file, YAML or JSON, gzipped or not, or an http(s) URL) and cutting the list-run-steps
operation out of it: the operation, every component it reaches, and the security schemes and servers that apply.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from conformance.contract import ROUTE
from conformance.spec import YAML_LOADER

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "openapi.yaml"
OPERATION_ID = "listRunSteps"
METHOD = "get"


def read_spec_bytes(source: str | Path) -> bytes:
    """A spec's bytes from a file or an http(s) URL, un-gzipped."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        import httpx

        raw = httpx.get(text, timeout=60, follow_redirects=True).raise_for_status().content
    else:
        raw = Path(text).read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def load_document(source: str | Path) -> dict[str, Any]:
    """A spec from a file (YAML or JSON, optionally gzipped) or an http(s) URL."""
    return parse_document(read_spec_bytes(source), source)


def parse_document(raw: bytes, source: str | Path) -> dict[str, Any]:
    # libyaml where PyYAML has it: a 3 MB spec in about a second
    data = json.loads(raw) if raw.lstrip()[:1] == b"{" else yaml.load(raw, Loader=YAML_LOADER)
    if not isinstance(data, dict) or "paths" not in data:
        raise ValueError(f"{source}: not an OpenAPI document (no `paths`)")
    return data


def find_operation(doc: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(route, operation) of list-run-steps: by operationId, else by its route."""
    for route, item in doc.get("paths", {}).items():
        op = item.get(METHOD) if isinstance(item, dict) else None
        if isinstance(op, dict) and op.get("operationId") == OPERATION_ID:
            return route, op
    item = doc.get("paths", {}).get(ROUTE)
    if isinstance(item, dict) and isinstance(item.get(METHOD), dict):
        return ROUTE, item[METHOD]
    return None


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def extract(doc: dict[str, Any]) -> dict[str, Any]:
    """The operation as a small standalone spec: it, every component it reaches, and the security schemes and
    servers that apply to it."""
    found = find_operation(doc)
    if found is None:
        raise LookupError(f"the spec has no {OPERATION_ID} operation ({METHOD.upper()} {ROUTE})")
    route, op = found
    components: dict[str, dict[str, Any]] = {}
    pending = list(_refs(op))
    while pending:
        ref = pending.pop()
        _, _, kind, name = ref.split("/", 3)
        if name in components.get(kind, {}):
            continue
        node = doc["components"][kind][name]
        components.setdefault(kind, {})[name] = node
        pending += list(_refs(node))
    security = op.get("security", doc.get("security", []))
    used = {name for requirement in security for name in requirement}
    schemes = doc.get("components", {}).get("securitySchemes", {})
    components["securitySchemes"] = {n: s for n, s in schemes.items() if n in used}
    return {
        "openapi": doc.get("openapi"),
        "info": {"title": f"{doc.get('info', {}).get('title', 'spec')} (extract: {OPERATION_ID})",
                 "version": doc.get("info", {}).get("version", "")},
        "servers": doc.get("servers", []),
        "security": security,
        "paths": {route: {METHOD: op}},
        "components": {kind: dict(sorted(nodes.items())) for kind, nodes in sorted(components.items())},
    }  # fmt: skip
