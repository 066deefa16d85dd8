"""Targets of `conformance matrix`: from `--target NAME=URL` and from a TOML file of `[[target]]` tables, validated
whole against the published `matrix.schema.json` before the first target runs; each resolves like `run`'s
options (`conformance.targets.resolve`)."""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema

from conformance import profiles
from conformance.errors import UsageError
from conformance.resources import MATRIX_SCHEMA, resource_path
from conformance.targets import KEY_FLAGS, Resolved, TargetOptions, resolve

MATRIX_KEYS = {
    "name",
    "base_url",
    "profile",
    "api_key_env",
    "virtual_key_env",
    "entra_token_env",
    "query",
    "portkey_provider",
    "custom_host",
    "headers",
    "thread_id",
    "run_id",
}
PLAIN_KEYS = ("name", "base_url", "profile", "portkey_provider", "custom_host", "thread_id", "run_id")


def matrix_targets(
    specs: tuple[str, ...] | list[str], config: Path | None, common: TargetOptions, env: Mapping[str, str]
) -> list[Resolved]:
    """Every target from --target NAME=URL flags and a TOML file's [[target]] tables, each validated (a bad one
    is a UsageError naming it) before any runs. `common` holds the command line's options: --target targets
    start from them; TOML targets take only its non-secret ones (their keys come from their own variables)."""
    targets = []
    for spec in specs:
        name, sep, url = spec.partition("=")
        if not sep or not name or not url:
            raise UsageError(f"--target expects NAME=URL (URL may be 'embedded' or 'embedded:FAULT'), got {spec!r}")
        check_target_name(name)
        targets.append(replace(common, name=name, base_url=url, headers=dict(common.headers)))
    if config is not None:
        targets += _from_toml(config, common)
    if not targets:
        raise UsageError("matrix needs at least one --target NAME=URL or a --config file with [[target]] tables")
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise UsageError(f"target names must be unique, got {names}")
    resolved = []
    for options in targets:
        try:
            resolved.append(resolve(options, env))
        except UsageError as exc:
            raise UsageError(f"target {options.name!r}: {exc}") from None
    return resolved


def _from_toml(config: Path, common: TargetOptions) -> list[TargetOptions]:
    try:
        data: dict[str, Any] = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {config}: {exc}") from None
    check_matrix_file(data, config)
    entries = data["target"]
    targets = []
    for entry in entries:
        label = f"{config}: [[target]] {entry['name']!r}"
        options = replace(
            common,
            api_key=None,
            virtual_key=None,
            entra_token=None,
            headers={k: v for k, v in common.headers.items() if not profiles.is_secret_header(k)},
            key_env={role: str(entry[f"{role}_env"]) for role in KEY_FLAGS if f"{role}_env" in entry},
            query=dict(common.query),
            **{k: str(entry[k]) for k in PLAIN_KEYS if k in entry},
        )
        options.headers.update({str(k): str(v) for k, v in entry.get("headers", {}).items()})
        options.query.update(_toml_query(entry.get("query", {}), label))
        targets.append(options)
    return targets


MATRIX_SCHEMA_PATH = resource_path(MATRIX_SCHEMA)
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")  # the schema's `name` pattern, for --target too


@functools.cache
def _matrix_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(MATRIX_SCHEMA_PATH.read_text(encoding="utf-8")))


def check_matrix_file(data: dict[str, Any], config: Path) -> None:
    """The whole file against `matrix.schema.json` (every key's type, safe names), then unique names; the
    first problem is a UsageError naming the target and the key."""
    errors = sorted(_matrix_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        raise UsageError(f"{config}: {_describe(errors[0], data)}")
    names = [entry["name"] for entry in data["target"]]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UsageError(f"{config}: target names must be unique; repeated: {', '.join(map(repr, repeated))}")


def _describe(error: jsonschema.ValidationError, data: dict[str, Any]) -> str:
    path = list(error.absolute_path)
    where = ""
    if len(path) >= 2 and path[0] == "target" and isinstance(path[1], int):
        entry = data["target"][path[1]]
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"[[target]] {name!r}: " if isinstance(name, str) else f"[[target]] number {path[1] + 1}: "
        path = path[2:]
    elif not path:
        where = "expected [[target]] tables only: "
    key = ".".join(map(str, path))
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        unknown = sorted(set(error.instance) - set(known))
        return f"{where}{key + ': ' if key else ''}unknown keys {unknown}; known: {known}"
    if error.validator == "required":
        return f"{where}missing {error.message.split(' is a required')[0].strip(chr(39))}"
    if error.validator == "pattern" and path == ["name"]:
        return f"{where}name {error.instance!r} is not one safe path segment (letters, digits, '.', '_', '+', '-')"
    return f"{where}{key + ': ' if key else ''}{error.message}"


def check_target_name(name: str) -> None:
    """A target's name is its report folder (REPORT_DIR/NAME/): one safe path segment, never `..` or `a/b`."""
    if not SAFE_NAME.match(name):
        raise UsageError(
            f"target name {name!r} is not one safe path segment: letters, digits, '.', '_', '+' and '-', starting "
            "with a letter or digit, at most 64 characters"
        )


def _toml_query(table: object, label: str) -> dict[str, str]:
    """A TOML target's `query = {"api-version" = "2024-05-01-preview"}`: names to plain values."""
    if not isinstance(table, dict) or not all(isinstance(v, (str, int, float)) for v in table.values()):
        raise UsageError(f'{label}: query must be a table of NAME = VALUE strings, e.g. query = {{api-version = "V"}}')
    return {str(k): str(v) for k, v in table.items()}
