"""The project's openapi.yaml, loaded once, and JSON Schema validation of response bodies against it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from conformance.contract import ROUTE
from conformance.resources import SPEC, resource_path

SPEC_PATH = resource_path(SPEC)


# libyaml's loader where PyYAML was built with it: the same document, read ten times faster (~0.2 s of every
# start of the suite with the pure-Python one).
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=YAML_LOADER)
    return data


def spec_version() -> str:
    """openapi.yaml's info.version (a baseline report must have been made against the same)."""
    return str(load_spec()["info"]["version"])


def response_schema(status: int, spec: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The JSON schema the operation declares for a body answered with `status` (None when it declares none, or
    no JSON body), in openapi.yaml unless `spec` is given."""
    spec = spec if spec is not None else load_spec()
    response = spec["paths"][ROUTE]["get"]["responses"].get(str(status))
    if response is None:
        return None
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    schema: dict[str, Any] | None = (response.get("content") or {}).get("application/json", {}).get("schema")
    return schema


def response_document(status: int, spec: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """`response_schema` with the components it refers to: a JSON Schema document to validate against."""
    spec = spec if spec is not None else load_spec()
    schema = response_schema(status, spec)
    return None if schema is None else {**schema, "components": spec["components"]}


@cache
def response_validator(status: int) -> jsonschema.Draft202012Validator | None:
    """openapi.yaml's validator for a body answered with `status` (None when it declares none)."""
    document = response_document(status)
    return None if document is None else jsonschema.Draft202012Validator(document)


class ResponseValidator:
    """Checks a (status, JSON body) pair against the operation's declared responses."""

    def __init__(self, spec: dict[str, Any] | None = None) -> None:
        self.spec = spec if spec is not None else load_spec()
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}
        for status in self.spec["paths"][ROUTE]["get"]["responses"]:
            # looked up by a status code: a key such as `default` is never asked for
            document = response_document(int(status), self.spec) if str(status).isdigit() else None
            if document is not None:
                self._validators[status] = jsonschema.Draft202012Validator(document)

    def schema_errors(self, status: int, body: Any, *, limit: int = 5) -> list[str]:
        """At most `limit` messages, each with the JSON path it is about; [] when the body conforms."""
        validator = self._validators.get(str(status))
        if validator is None:
            return [f"status {status} is not documented for this operation"]
        found = []
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "."
            found.append(f"{where}: {error.message[:200]}")
            if len(found) >= limit:
                break
        return found
