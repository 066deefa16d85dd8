"""What openapi.yaml's response schemas accept, as the tests of the client's decoding rule need it.

- `valid_bodies(name)`: valid instances of a component schema, made by schemathesis' generator (the one its
  positive phase uses), with integers also drawn as whole floats (`2.0`), as a JSON carrier allows.
- `spelled(value, draw)`: the value as JSON text, each number in one of the spellings JSON has for it
  (`5`, `5.0`, `5e0`, `50E-1`, ...).
- `mutations(name, body)`: every single-point breakage of a valid body (a wrong type, a missing required field,
  a value outside a closed enum) with the JSON path it breaks. Open enums and the tags that pick a variant are
  left out: the client keeps unknown values and variants on purpose (README "What the client accepts").
- `named_paths(errors)`: the JSON paths jsonschema's errors name, nested ones (under anyOf/oneOf) included,
  a missing required field named by its own path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import jsonschema
import jsonschema_rs
from hypothesis import strategies as st
from schemathesis.core.jsonschema import CANONICALIZE_DRAFT_BY_VALIDATOR
from schemathesis.generation.jsonschema.builder import build

from conformance.spec import load_spec

COMPONENTS: dict[str, Any] = load_spec()["components"]
SCHEMAS: dict[str, Any] = COMPONENTS["schemas"]
Path = tuple[str | int, ...]


def document(name: str, *extra: dict[str, Any]) -> dict[str, Any]:
    """The component `name` as a standalone JSON Schema document (its `$ref`s resolve in it), narrowed by
    `extra` (allOf): every instance of the result is an instance of the component."""
    ref = {"$ref": f"#/components/schemas/{name}"}
    return {"allOf": [ref, *extra], "components": COMPONENTS} if extra else {**ref, "components": COMPONENTS}


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(document(name))


def strict_validator(name: str) -> jsonschema.protocols.Validator:
    """As `validator`, but an `integer` must be a Python int: what a decoded value must be where the schema says
    integer (the wire may spell it `2.0`; the decoded value may not be a float)."""
    checker = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", lambda _, value: type(value) is int)
    strict = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=checker)  # type: ignore[no-untyped-call]
    return cast("jsonschema.protocols.Validator", strict(document(name)))


def valid_bodies(name: str, *extra: dict[str, Any]) -> st.SearchStrategy[Any]:
    draft = CANONICALIZE_DRAFT_BY_VALIDATOR[jsonschema_rs.Draft202012Validator]
    return build(document(name, *extra), draft=draft, formats={}, whole_floats=True)


PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a key the client names bare; any other as ["key"]
EXACT = 2**53  # up to here a float holds every integer, so `n.0` reads back as n


Draw = Callable[[st.SearchStrategy[str]], str]


def _number(value: int | float, draw: Draw) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) <= EXACT):
        whole = int(value)
        if abs(whole) > EXACT:
            return str(whole)
        forms = [str(whole), f"{whole}.0", f"{whole}.000", f"{whole}e0", f"{whole}E+0", f"{whole * 10}e-1"]
        if whole and whole % 10 == 0:
            forms.append(f"{whole // 10}E1")
        return draw(st.sampled_from(forms))
    return draw(st.sampled_from([repr(value), f"{value:.17e}", f"{value:.17E}".replace("E+", "E")]))


def spelled(value: Any, draw: Draw) -> str:
    """`value` as JSON text, each number spelled in one of the forms drawn (every form reads back equal)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{spelled(v, draw)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(spelled(v, draw) for v in value) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value, draw)
    return json.dumps(value)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def json_types(schema: dict[str, Any]) -> set[str]:
    """The JSON types the schema allows at its top (`integer` within `number`); empty: any."""
    schema = resolve(schema)
    if "type" in schema:
        kinds = schema["type"]
        return {kinds} if isinstance(kinds, str) else set(kinds)
    members = schema.get("anyOf") or schema.get("oneOf") or []
    return set().union(*(json_types(m) for m in members)) if members else set()


def type_of(value: Any) -> set[str]:
    """The JSON Schema types `value` is an instance of."""
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    return {"string" if isinstance(value, str) else "array" if isinstance(value, list) else "object"}


WRONG_VALUES: tuple[Any, ...] = ("a string", 17, 1.5, True, None, [], {})


@dataclass(frozen=True)
class Mutation:
    kind: str  # "wrong type", "missing", "outside enum"
    path: Path  # the place it breaks: the value changed, or the missing field's own path
    value: Any = None  # the value put there (not for "missing")


def _branch(schema: dict[str, Any], value: Any) -> tuple[dict[str, Any], str | None]:
    """The member of an anyOf/oneOf that `value` is an instance of (by the discriminator, or by type), and the
    name of the tag property that picked it, if one did."""
    schema = resolve(schema)
    members = schema.get("oneOf") or schema.get("anyOf")
    if not members:
        return schema, None
    discriminator = schema.get("discriminator")
    if discriminator and isinstance(value, dict):
        ref = discriminator["mapping"][value[discriminator["propertyName"]]]
        return resolve({"$ref": ref}), discriminator["propertyName"]
    for member in members:
        if json_types(member) & type_of(value):
            return _branch(member, value)
    raise AssertionError(f"no member of {schema} takes {value!r}")


def mutations(schema: dict[str, Any], value: Any, path: Path = (), tag: str | None = None) -> Iterator[Mutation]:
    """Every single-point breakage of `value` (an instance of `schema`) below its root."""
    own, picked_by = _branch(schema, value)
    if isinstance(value, dict):
        properties, required = own.get("properties", {}), own.get("required", [])
        for key, item in value.items():
            sub = properties.get(key, own.get("additionalProperties"))
            if not isinstance(sub, dict):
                continue  # a field the schema does not describe: anything goes
            where = (*path, key)
            allowed = json_types(sub)
            for wrong in WRONG_VALUES:
                if allowed and not type_of(wrong) & allowed:
                    yield Mutation("wrong type", where, wrong)
            enum = resolve(sub).get("enum")
            if enum and len(enum) == 1 and key != picked_by:  # closed: one value, and not a variant's tag
                yield Mutation("outside enum", where, enum[0] + "_x")
            if key in required:
                yield Mutation("missing", where)
            yield from mutations(sub, item, where)
    elif isinstance(value, list) and "items" in own:
        for index, item in enumerate(value):
            yield from mutations(own["items"], item, (*path, index))


def mutated(body: Any, mutation: Mutation) -> Any:
    """A deep copy of `body` with `mutation` applied."""
    copy = json.loads(json.dumps(body))
    *parents, last = mutation.path
    node = copy
    for key in parents:
        node = node[key]
    if mutation.kind == "missing":
        del node[last]
    else:
        node[last] = mutation.value
    return copy


def _all(errors: Iterable[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    for error in errors:
        yield error
        yield from _all(error.context or [])


def named_paths(errors: Iterable[jsonschema.ValidationError]) -> set[Path]:
    """Every path jsonschema's errors name, nested errors (a member of anyOf/oneOf) included; a missing
    required field by its own path (`data[0].created_at`, where jsonschema reports the object holding it)."""
    named: set[Path] = set()
    for error in _all(errors):
        where = tuple(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
            named.update((*where, key) for key in required if key not in error.instance)
        else:
            named.add(where)
    return named


def dotted(path: Path) -> str:
    """A path as the client's DecodeError spells it: `data[0].step_details.type`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not PLAIN.fullmatch(part):
            text += f"[{json.dumps(part)}]"
        else:
            text += f".{part}" if text else part
    return text
