"""Compare openapi.yaml with OpenAI's published spec, fact by fact: what upstream changed, and what we depart
from on purpose (each departure is marked in openapi.yaml with `x-departure` where it departs).

`scripts/upstream-diff SPEC` is the maintainer's command; `tests/spec/test_fidelity.py` calls the same code.

How a departure is marked: `x-departure` is a mapping from what departs to why, on the node where it departs.
Keys: a keyword of that node's facts (`nullable`, `minimum`, `maximum`, `default`, `discriminator`,
`deprecated`, ...), or `parameter` / `response` / `scheme` / `server` for a whole thing that upstream has not.

Descriptions are our own words and never equal upstream's; whether upstream changed its own is told by
comparing hashes of its text with the upstream snapshot (`codegen/upstream-snapshot.json`, see
`conformance.upstream_snapshot`), written when openapi.yaml was last aligned (`--update-baseline`).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from conformance.contract import ROUTE
from conformance.upstream_snapshot import SNAPSHOT, Provenance, Snapshot, changes, load_snapshot, write_snapshot

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "openapi.yaml"
OPERATION_ID = "listRunSteps"
METHOD = "get"
CONSTRAINTS = ("type", "format", "const", "default", "minimum", "maximum", "minItems", "maxItems")
WHOLE = ("parameter", "response", "scheme", "server")


@dataclass(frozen=True)
class Fact:
    value: Any
    departure: str | None = None  # why ours differs here on purpose (from an x-departure mark)
    own_mark: bool = False  # the mark names this very keyword (not a whole added parameter, response, ...)


@dataclass(frozen=True)
class Finding:
    group: str  # "upstream changed" or "declared departure"
    kind: str  # e.g. "new enum value", "removed property", "changed bound"
    key: str
    upstream: Any
    ours: Any
    why: str | None = None

    def line(self) -> str:
        text = f"- **{self.kind}** at `{self.key}`: upstream {_show(self.upstream)}, ours {_show(self.ours)}"
        return text + (f" ({self.why})" if self.why else "")


def _show(value: Any) -> str:
    return "(absent)" if value is _ABSENT else f"`{json.dumps(value)}`"


_ABSENT: Any = object()


# --- loading and extracting -------------------------------------------------------------------------------------


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
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a 3 MB spec in about a second
    data = json.loads(raw) if raw.lstrip()[:1] == b"{" else yaml.load(raw, Loader=loader)
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


# --- facts -----------------------------------------------------------------------------------------------------


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


# --- comparing ---------------------------------------------------------------------------------------------------


def _kind(key: str, upstream: Any, ours: Any) -> str:
    if key.endswith(".present") and key.startswith("op ") and ".response" not in key:
        return "operation removed upstream" if upstream is _ABSENT else "operation added upstream"
    if key.endswith(".deprecated"):
        return "operation deprecated upstream" if upstream is True else "deprecated mark differs"
    if isinstance(upstream, list) and isinstance(ours, list):
        added, removed = sorted(set(upstream) - set(ours)), sorted(set(ours) - set(upstream))
        what = {".enum": "enum value", ".oneOf": "variant", ".anyOf": "variant", ".allOf": "member",
                ".properties": "property", ".required": "required property", ".parameters": "parameter",
                ".responses": "response"}  # fmt: skip
        noun = next((n for suffix, n in what.items() if key.endswith(suffix)), "value")
        if added and not removed:
            return f"new {noun} upstream: {', '.join(map(str, added))}"
        if removed and not added:
            return f"{noun} removed upstream: {', '.join(map(str, removed))}"
        return f"{noun}s changed upstream: +{added} -{removed}"
    if key.rsplit(".", 1)[-1] in ("minimum", "maximum", "minItems", "maxItems"):
        return "changed bound"
    if key.endswith(".default"):
        return "changed default"
    if upstream is _ABSENT:
        return "not upstream (removed there, or added by us)"
    if ours is _ABSENT:
        return "new upstream"
    return "changed"


def compare(upstream: Facts, ours: Facts, baseline: dict[str, str] | None = None) -> list[Finding]:
    """Every fact that differs. A difference is a declared departure when ours is marked there; everything
    else is something upstream changed. With a baseline, upstream description changes are reported too."""
    findings = []
    for key in sorted(set(upstream.facts) | set(ours.facts)):
        up = upstream.facts[key].value if key in upstream.facts else _ABSENT
        mine = ours.facts.get(key)
        value = mine.value if mine is not None else _ABSENT
        if _same(up, value):
            if mine is not None and mine.own_mark:  # upstream now says what we marked as ours alone
                findings.append(Finding("declared departure", "upstream agrees now: the x-departure mark can go",
                                        key, up, value, mine.departure))  # fmt: skip
            continue
        if key.endswith((".parameters", ".responses")) and isinstance(up, list) and isinstance(value, list):
            findings += _members(key, up, value, ours)
            continue
        why = mine.departure if mine is not None else _parent_departure(ours, key)
        group = "declared departure" if why else "upstream changed"
        findings.append(Finding(group, _kind(key, up, value), key, up, value, why))
    for key, digest in sorted(upstream.descriptions.items()):
        if baseline is not None and baseline.get(key) != digest:
            kind = "new description upstream" if key not in baseline else "description changed upstream"
            findings.append(Finding("upstream changed", kind, key, digest, baseline.get(key, _ABSENT)))
    return findings


def _members(key: str, upstream: list[str], ours: list[str], facts: Facts) -> list[Finding]:
    """A parameter or response list, member by member: one upstream added, or one of ours (marked or not)."""
    base, _, what = key.rpartition(".")
    noun = what.removesuffix("s")
    found = []
    for name in sorted(set(upstream) - set(ours)):
        found.append(Finding("upstream changed", f"new {noun} upstream", f"{base}.{noun} {name}", True, _ABSENT))
    for name in sorted(set(ours) - set(upstream)):
        marker = facts.facts.get(
            f"{base}.param {name}.required" if noun == "parameter" else f"{base}.response {name}.present"
        )
        why = marker.departure if marker is not None else None
        kind = f"{noun} of ours only" if why else f"{noun} removed upstream (or added by us without a mark)"
        found.append(Finding("declared departure" if why else "upstream changed", kind, f"{base}.{noun} {name}",
                             _ABSENT, True, why))  # fmt: skip
    return found


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not _ABSENT and b is not _ABSENT and a == b)


def _parent_departure(ours: Facts, key: str) -> str | None:
    """For a fact upstream has and ours lacks: the mark of the nearest fact of ours that encloses it."""
    parts = key.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        for suffix in (".nullable", ".present", ".required"):
            fact = ours.facts.get(prefix + suffix)
            if fact is not None and fact.departure:
                return fact.departure
    return None


# --- the command ---------------------------------------------------------------------------------------------------


def _collapse(declared: list[Finding]) -> list[Finding]:
    """One line per declared departure: facts under an added parameter or response go with it, and the facts
    of one discriminator become one line."""
    members = {f.key for f in declared}
    shown: list[Finding] = []
    seen: set[str] = set()
    for finding in declared:
        under = re.match(r"(op .*)\.(param|response) ([^.]+)\.", finding.key)
        if under and any(m.endswith(f".{'parameter' if under.group(2) == 'param' else 'response'} {under.group(3)}")
                         for m in members):  # fmt: skip
            continue
        disc = re.match(r"(.*)\.discriminator\.", finding.key)
        if disc:
            key = f"{disc.group(1)}.discriminator"
            if key in seen:
                continue
            seen.add(key)
            finding = Finding(finding.group, "discriminator of ours only", key, _ABSENT, "type", finding.why)
        elif finding.kind.startswith("not upstream"):
            finding = Finding(finding.group, "ours only", finding.key, finding.upstream, finding.ours, finding.why)
        shown.append(finding)
    return shown


def markdown(source: str, findings: list[Finding], seconds: float) -> str:
    changed = [f for f in findings if f.group == "upstream changed"]
    declared = _collapse([f for f in findings if f.group == "declared departure"])
    lines = [f"# Upstream diff: `{OPERATION_ID}` in {source} vs openapi.yaml", ""]
    lines.append(
        f"{len(changed)} upstream change(s) to act on, {len(declared)} declared departure(s); {seconds:.1f} s."
    )
    lines += ["", "## Upstream changed (act on these: edit openapi.yaml, then scripts/generate)", ""]
    lines += [f.line() for f in changed] or ["Nothing: openapi.yaml is up to date with upstream."]
    lines += ["", "## Our declared departures (expected; each marked `x-departure` in openapi.yaml)", ""]
    lines += [f.line() for f in declared] or ["None."]
    return "\n".join(lines) + "\n"


SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".gz")


def usage_problem(spec: str, source: str | None, update: bool) -> str | None:
    """What is wrong with the arguments before anything is read, in one line, or None."""
    if not spec.strip():
        return "SPEC is empty: give OpenAI's spec as a path or an http(s) URL"
    if not update:
        return None
    url = spec.startswith(("http://", "https://"))
    if source is None and not url:
        return (
            "--update-baseline needs --source (where this spec came from, e.g. 'openai/openai-openapi openapi.yaml "
            "at commit f85dbe2 (2026-08-21)'); a local file name is no provenance"
        )
    if source is not None and not source.startswith(("http://", "https://")) and _names_a_file(source, spec):
        return (
            f"--source {source!r} is a local file name, which is no provenance: say where the spec came from "
            "(repository and commit, or its URL)"
        )
    return None


def _names_a_file(source: str, spec: str) -> bool:
    text = source.strip()
    if not text or text == spec or Path(text).exists():
        return True
    return not any(c.isspace() for c in text) and text.lower().endswith(SPEC_SUFFIXES)


def one_line(exc: Exception, spec: str) -> str:
    """An error as one line: httpx's status errors without their second line (a link to MDN), file errors as
    `cannot read SPEC: No such file or directory`."""
    import httpx

    if isinstance(exc, httpx.HTTPStatusError):
        return f"cannot read {spec}: the server answered {exc.response.status_code} {exc.response.reason_phrase}"
    if isinstance(exc, OSError):
        return f"cannot read {exc.filename or spec}: {exc.strerror or exc.__class__.__name__}"
    if isinstance(exc, (ValueError, yaml.YAMLError)) and not isinstance(exc, UnicodeDecodeError):
        text = " ".join(str(exc).split())
        return text if text.startswith(spec) else f"{spec}: {text}"
    return f"cannot read {spec}: {exc.__class__.__name__}: {' '.join(str(exc).split())}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/upstream-diff",
        description="Compare openapi.yaml with OpenAI's published spec (a file, .gz, or URL) for listRunSteps.",
    )
    parser.add_argument("spec", help="OpenAI's spec: a path (YAML or JSON, may be gzipped) or an http(s) URL")
    parser.add_argument("--ours", type=Path, default=OURS, help="our spec (default: openapi.yaml)")
    parser.add_argument("--write-extract", type=Path, metavar="PATH", help="save the extracted operation as a spec")
    parser.add_argument("--update-baseline", action="store_true",
                        help=f"replace the upstream snapshot ({SNAPSHOT.relative_to(ROOT)}) with this spec's facts "
                             "and print what changed")  # fmt: skip
    parser.add_argument("--source", metavar="TEXT",
                        help="where SPEC came from (repository and commit, or URL), kept in the snapshot; needed "
                             "with --update-baseline unless SPEC is a URL")  # fmt: skip
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    source = args.source or (args.spec if args.spec.startswith(("http://", "https://")) else None)
    problem = usage_problem(args.spec, args.source, args.update_baseline)
    if problem is not None:
        print(f"upstream-diff: error: {problem}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        raw = read_spec_bytes(args.spec)
        upstream_doc = parse_document(raw, args.spec)
        ours_doc = load_document(args.ours)
    except Exception as exc:  # a missing file, bad YAML, a URL the network refused: one line, exit 2
        print(f"upstream-diff: error: {one_line(exc, args.spec)}", file=sys.stderr)
        return 2
    if find_operation(upstream_doc) is None:
        print(markdown(args.spec, [Finding("upstream changed", "operation removed upstream",
                                           f"op {METHOD.upper()} {ROUTE}", _ABSENT, True)],
                       time.perf_counter() - started), end="")  # fmt: skip
        return 1
    extracted = extract(upstream_doc)
    if args.write_extract:
        args.write_extract.write_text(yaml.safe_dump(extracted, sort_keys=False, allow_unicode=True), "utf-8")
    upstream = Facts(extracted)
    snapshot = load_snapshot(args.snapshot)
    updated: list[str] | None = None
    if args.update_baseline:
        assert source is not None
        taken = datetime.now(UTC).date().isoformat()
        new = Snapshot(
            Provenance(source, hashlib.sha256(raw).hexdigest(), taken), upstream.values(), upstream.descriptions
        )
        updated = changes(snapshot, new)
        write_snapshot(new, args.snapshot)
        snapshot = new
    findings = compare(upstream, Facts(ours_doc), snapshot.descriptions if snapshot is not None else None)
    report = markdown(args.spec, findings, time.perf_counter() - started)
    if updated is not None:
        report += (
            f"\n## Snapshot updated: {args.snapshot.name}\n\n"
            + "\n".join(updated or ["- nothing changed but the date: the snapshot already held these facts"])
            + "\n"
        )
    print(report, end="")
    return 1 if any(f.group == "upstream changed" for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
