"""The command (`scripts/upstream-diff`, `python -m conformance.upstream`): its arguments, what is wrong with
them before anything is read, errors as one line (exit 2), the report printed, and the snapshot updated when
asked. Exit 1 when upstream changed something to act on, else 0."""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

from conformance.contract import ROUTE
from conformance.upstream.compare import ABSENT, Finding, compare
from conformance.upstream.extract import (
    METHOD,
    OURS,
    ROOT,
    extract,
    find_operation,
    load_document,
    parse_document,
    read_spec_bytes,
)
from conformance.upstream.facts import Facts
from conformance.upstream.report import markdown
from conformance.upstream.snapshot import SNAPSHOT, Provenance, Snapshot, changes, load_snapshot, write_snapshot

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
                                           f"op {METHOD.upper()} {ROUTE}", ABSENT, True)],
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
