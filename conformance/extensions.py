"""Extensions told apart from violations, on the pages a provider answers.

A provider may send more than openapi.yaml declares: a tool call of a type the spec does not list (Foundry's
`bing_grounding`), a step type it does not list, a field it does not declare. Such an *extension*, on an object
that is otherwise valid, is not a violation: the spec's open unions exist so that providers can grow them, and
clients keep what they do not know (openai-python keeps the data of an unknown tool call, Microsoft's
azure-ai-agents decodes it into the base `RunStepToolCall`, our generated client into `UnknownVariant`). A value
that breaks what the spec does declare stays a *violation*: a wrong type, a missing required field, a value of a
closed enum outside it.

Which enums are open and which closed is decided here, once (`OPEN_UNIONS`, `OPEN_ENUMS`): open are the tagged
unions whose members carry their own data under their own key, so that a client can skip a member it does not
know without misreading the others (step details and the step's `type`, tool calls, Code Interpreter outputs).
Every other enum is closed: a client decides what to do from its value (a step's `status` says whether the step
has ended and which timestamp and `last_error` to read; openai-python's models refuse an unknown one when they
validate), so a value outside it is a violation.

The schema checks read the same verdict (`judge`): schemathesis' `response_schema_conformance` reports an
unknown variant as a `oneOf` failure; `conformance.schema_phase` re-judges such a body here and does not count
it when every error is an extension. The spec itself is never weakened.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from conformance.spec import load_spec, response_schema, response_validator

Path = tuple[str | int, ...]
SCHEMAS = "#/components/schemas/"
# (the schema that declares it, the property): an open tagged union, and the fields every member has, which an
# unknown member must still carry (a tool call without an `id` cannot be answered, whatever its type).
OPEN_UNIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("RunStepObject", "step_details"): ("type",),
    ("RunStepDetailsToolCallsObject", "tool_calls"): ("id", "type"),
    ("RunStepDetailsToolCallsCodeObject", "outputs"): ("type",),
}
# Open enums: the step's `type`, which names its step_details variant (an open union).
OPEN_ENUMS = frozenset({("RunStepObject", "type")})
# What each schema is, for the names of extensions.
NOUNS = {
    "ListRunStepsResponse": "page",
    "RunStepObject": "step",
    "RunStepDetailsToolCallsObject": "step_details",
    "RunStepDetailsMessageCreationObject": "step_details",
    "RunStepDetailsToolCallsCodeObject": "code_interpreter tool call",
    "RunStepDetailsToolCallsFileSearchObject": "file_search tool call",
    "RunStepDetailsToolCallsFunctionObject": "function tool call",
}
UNION_NOUNS = {
    "step_details": "step_details type",
    "tool_calls": "tool call type",
    "outputs": "code_interpreter output type",
}


@dataclass(frozen=True)
class Found:
    """One extension or violation at one place of a body: `name` says what (the same for every occurrence)."""

    kind: str  # variant | value | field, or violation
    name: str
    path: Path

    @property
    def where(self) -> str:
        return json_path(self.path)


@dataclass
class Judgement:
    """What one body holds beyond the spec (`extensions`) and against it (`violations`, one line each)."""

    extensions: list[Found] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


def json_path(path: Iterable[str | int]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "."


def _resolve(schema: dict[str, Any], owner: str) -> tuple[dict[str, Any], str]:
    while "$ref" in schema:
        owner = schema["$ref"].removeprefix(SCHEMAS)
        schema = load_spec()["components"]["schemas"][owner]
    return schema, owner


def _walk(schema: dict[str, Any], value: Any, path: Path, owner: str, prop: str) -> Iterator[Found]:
    """Every extension (and envelope violation of an unknown variant) in `value`, read against `schema`."""
    schema, named = _resolve(schema, owner)
    # An object is named by its schema when it is one (`step`), else by the property that holds it.
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
    if discriminator is None:  # nullable anyOf: walk the member whose type fits
        for member in union:
            resolved, _ = _resolve(member, owner)
            if resolved.get("type") == "object" and isinstance(value, dict):
                yield from _walk(member, value, path, owner, prop)
        return
    if not isinstance(value, dict):
        return  # a wrong type: jsonschema reports it
    tag = value.get(discriminator["propertyName"])
    mapped = discriminator.get("mapping", {}).get(tag) if isinstance(tag, str) else None
    if mapped is not None:
        yield from _walk({"$ref": mapped}, value, path, owner, prop)
        return
    envelope = OPEN_UNIONS.get((owner, prop))
    if envelope is None or not isinstance(tag, str):
        return  # a closed union, or no tag at all: a violation jsonschema reports
    what = f"{UNION_NOUNS.get(prop, prop)} '{tag}'"
    missing = [name for name in envelope if not isinstance(value.get(name), str)]
    if missing:
        yield Found("violation", f"a {what} without a string {', '.join(repr(m) for m in missing)}", path)
    else:
        yield Found("variant", what, path)


def find(body: Any, status: int = 200) -> list[Found]:
    """The extensions (and unknown variants' envelope violations) of a body answered with `status`."""
    schema = response_schema(status)
    return [] if schema is None else list(_walk(schema, body, (), "", ""))


def judge(status: int, body: Any) -> Judgement:
    """Every schema error of `body` classified: an error at an extension is not a violation (see the module)."""
    judgement = Judgement()
    found = find(body, status)
    judgement.extensions = [f for f in found if f.kind != "violation"]
    judgement.violations = [f"{f.where}: {f.name}" for f in found if f.kind == "violation"]
    explained = {f.path: f.kind for f in found}
    validator = response_validator(status)
    if validator is None:
        judgement.violations.append(f"status {status} is not documented for this operation")
        return judgement
    for error in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path))):
        for left in _unexplained(error, explained):
            line = f"{json_path(left.absolute_path)}: {left.message[:200]}"
            if explained.get(tuple(left.absolute_path)) != "violation" and line not in judgement.violations:
                judgement.violations.append(line)
    return judgement


def _unexplained(error: jsonschema.ValidationError, explained: dict[Path, str]) -> list[jsonschema.ValidationError]:
    """The errors behind `error` that no extension explains. A `oneOf`/`anyOf` failure is explained when one of
    its branches fails only on extensions (a tool_calls step whose only problem is a Foundry tool call)."""
    kind = explained.get(tuple(error.absolute_path))
    if kind == "variant" and error.validator in ("oneOf", "anyOf"):
        return []
    if kind == "value" and error.validator == "enum":
        return []
    if kind == "violation" and error.validator in ("oneOf", "anyOf"):
        return [error]  # named by the envelope check, more precisely
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        candidates = []
        for subs in branches.values():
            left = [deeper for sub in subs for deeper in _unexplained(sub, explained)]
            if not left:
                return []
            candidates.append(left)
        members = error.validator_value
        if isinstance(members, list) and len(branches) == len(
            members
        ):  # every branch failed: name the closest one's errors
            return min(candidates, key=lambda left: (len(left), -max(len(e.absolute_path) for e in left)))
    return [error]


@dataclass
class Tally:
    """Extensions by name across a run: how often each was seen, and the first place it was seen."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, found: Sequence[Found], where: str) -> None:
        for item in found:
            if item.kind == "violation":
                continue
            self.counts[item.name] = self.counts.get(item.name, 0) + 1
            self.examples.setdefault(item.name, f"{where} at {item.where}")

    def summary(self) -> str:
        """`tool call type 'bing_grounding' (x3, e.g. step_abc at .data[0]...)`, one per name, by first seen."""
        return "; ".join(f"{name} (x{n}, e.g. {self.examples[name]})" for name, n in self.counts.items())

    def names(self) -> list[str]:
        return list(self.counts)
