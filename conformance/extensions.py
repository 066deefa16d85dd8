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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
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


class _Node:
    """One place of the schema as the walk reads it: its `$ref`s followed, its name, and which of its properties
    can hold anything to find, decided once per place rather than at every value of every page (a 100-step page
    took about 13 ms to walk before, about 4 ms now). Children are read on first use, so a recursive schema would not
    recurse here."""

    __slots__ = ("_children", "_item", "_members", "closed", "declared", "leaf", "noun", "open_enum", "owner",
                 "prop", "schema", "union")  # fmt: skip

    def __init__(self, schema: dict[str, Any], owner: str, prop: str) -> None:
        schema, named = _resolve(schema, owner)
        # An object is named by its schema when it is one (`step`), else by the property that holds it.
        self.noun = NOUNS.get(named, named) if named != owner or not prop else f"{prop} object"
        self.schema, self.owner, self.prop = schema, named, prop
        self.union: list[dict[str, Any]] | None = schema.get("oneOf") or schema.get("anyOf")
        self.declared: dict[str, Any] | None = schema.get("properties")
        self.closed = "additionalProperties" in schema
        enum = schema.get("enum") if (named, prop) in OPEN_ENUMS else None
        self.open_enum = frozenset(enum) if enum is not None else None
        self.leaf = self.union is None and self.declared is None and "items" not in schema and self.open_enum is None
        self._members: list[_Node] | None = None  # a union without a discriminator: its object members
        self._children: dict[str, _Node | None] = {}
        self._item: _Node | None = None

    def child(self, key: str) -> _Node | None:
        """The node of a declared property (None when `key` is not declared)."""
        if key not in self._children:
            declared = self.declared or {}
            self._children[key] = _Node(declared[key], self.owner, key) if key in declared else None
        return self._children[key]

    def item(self) -> _Node:
        if self._item is None:
            self._item = _Node(self.schema["items"], self.owner, self.prop)
        return self._item

    def object_members(self) -> list[_Node]:
        if self._members is None:
            objects = [m for m in self.union or [] if _resolve(m, self.owner)[0].get("type") == "object"]
            self._members = [_Node(member, self.owner, self.prop) for member in objects]
        return self._members


def _walk(node: _Node, value: Any, path: Path, out: list[Found]) -> None:
    """Every extension (and envelope violation of an unknown variant) in `value`, read against `node`."""
    if node.union is not None:
        _walk_union(node, value, path, out)
    elif node.declared is not None and isinstance(value, dict):
        known = node._children  # read here rather than through child(): this loop is most of the walk
        for key, item in value.items():
            child = known[key] if key in known else node.child(key)
            if child is None:
                if not node.closed:
                    out.append(Found("field", f"field '{key}' on a {node.noun}", (*path, key)))
            elif not child.leaf:
                _walk(child, item, (*path, key), out)
    elif "items" in node.schema and isinstance(value, list):
        item = node.item()
        if not item.leaf:
            for index, each in enumerate(value):
                _walk(item, each, (*path, index), out)
    elif node.open_enum is not None and isinstance(value, str) and value not in node.open_enum:
        out.append(Found("value", f"{NOUNS.get(node.owner, node.owner)} {node.prop} '{value}'", path))


def _walk_union(node: _Node, value: Any, path: Path, out: list[Found]) -> None:
    if not isinstance(value, dict):
        return  # a wrong type (jsonschema reports it), or the null of a nullable anyOf
    discriminator = node.schema.get("discriminator")
    if discriminator is None:  # nullable anyOf: walk the member whose type fits
        for member in node.object_members():
            _walk(member, value, path, out)
        return
    tag = value.get(discriminator["propertyName"])
    mapped = discriminator.get("mapping", {}).get(tag) if isinstance(tag, str) else None
    if mapped is not None:
        _walk(_mapped(mapped, node.owner, node.prop), value, path, out)
        return
    envelope = OPEN_UNIONS.get((node.owner, node.prop))
    if envelope is None or not isinstance(tag, str):
        return  # a closed union, or no tag at all: a violation jsonschema reports
    what = f"{UNION_NOUNS.get(node.prop, node.prop)} '{tag}'"
    missing = [name for name in envelope if not isinstance(value.get(name), str)]
    if missing:
        out.append(Found("violation", f"a {what} without a string {', '.join(repr(m) for m in missing)}", path))
    else:
        out.append(Found("variant", what, path))


@cache
def _mapped(ref: str, owner: str, prop: str) -> _Node:
    return _Node({"$ref": ref}, owner, prop)


@cache
def _root(status: int) -> _Node | None:
    schema = response_schema(status)
    return None if schema is None else _Node(schema, "", "")


def find(body: Any, status: int = 200) -> list[Found]:
    """The extensions (and unknown variants' envelope violations) of a body answered with `status`."""
    root = _root(status)
    found: list[Found] = []
    if root is not None:
        _walk(root, body, (), found)
    return found


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
class ExtensionTally:
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
