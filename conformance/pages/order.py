"""The order checks are shown in, from report.json alone: root causes first (in `root_causes` order, which the
suite writes by what each breaks for a client), then the failures that follow from them, then core checks not
judged, then the rest as the report lists them. A report written before `root_causes` existed falls back to
its failures without `echo_of`, in the order the report lists them."""

from __future__ import annotations

from typing import Any

from conformance.pages.markup import as_list


def checks_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in as_list(report.get("checks")) if isinstance(c, dict) and isinstance(c.get("name"), str)]


def root_causes(report: dict[str, Any]) -> list[str]:
    failed = [c for c in checks_of(report) if c.get("status") == "failed"]
    declared = report.get("root_causes")
    if isinstance(declared, list):
        return [n for n in declared if isinstance(n, str) and any(c["name"] == n for c in failed)]
    return [c["name"] for c in failed if not c.get("echo_of")]


def ordered_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    checks = checks_of(report)
    roots = root_causes(report)

    def rank(item: tuple[int, dict[str, Any]]) -> tuple[int, int, int]:
        index, check = item
        name, status = check["name"], check.get("status")
        if name in roots:
            return (0, roots.index(name), index)
        if status == "failed":
            return (1, 0, index)
        if status == "skipped" and check.get("core"):
            return (2, 0, index)
        return (3, 0, index)

    return [check for _, check in sorted(enumerate(checks), key=rank)]
