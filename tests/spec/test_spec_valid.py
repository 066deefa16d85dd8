"""openapi.yaml is a valid OpenAPI 3.1 document and its examples satisfy its own schemas."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import yaml
from openapi_spec_validator import validate

from tests.paths import SPEC


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return data


def test_validates_as_openapi(spec: dict[str, Any]) -> None:
    validate(spec)


def response_examples(spec: dict[str, Any]) -> dict[str, Any]:
    op = spec["paths"]["/threads/{thread_id}/runs/{run_id}/steps"]["get"]
    examples: dict[str, Any] = op["responses"]["200"]["content"]["application/json"]["examples"]
    return {name: example["value"] for name, example in examples.items()}


def test_examples_match_the_response_schema(spec: dict[str, Any]) -> None:
    schema = {"$ref": "#/components/schemas/ListRunStepsResponse", "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    examples = response_examples(spec)
    assert set(examples) == {"every_variant", "empty"}
    for name, value in examples.items():
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, f"{name}: {errors}"


def test_schema_rejects_a_wrong_tool_call(spec: dict[str, Any]) -> None:
    """The oneOf really discriminates: a file_search call carrying a function body is invalid."""
    schema = {"$ref": "#/components/schemas/RunStepDetailsToolCallsObject", "components": spec["components"]}
    bad = {"type": "tool_calls", "tool_calls": [{"id": "c", "type": "file_search", "function": {}}]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
