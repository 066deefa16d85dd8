"""`junit.xml`: the run as one test suite, for CI systems that show test results."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.headline import headline
from conformance.reporters.common import reproduce_text
from conformance.results import RunResult, Status
from conformance.secrets import Masker


class JunitReporter:
    name = "junit"
    filename = "junit.xml"

    def render(self, result: RunResult, masker: Masker) -> str:
        return junit_xml(result, masker)


def junit_xml(result: RunResult, masker: Masker) -> str:
    """junit.xml: one testcase per check (the preflight's stop as an error), unobservable ones skipped."""
    failures = sum(c.status is Status.FAILED for c in result.checks)
    skipped = sum(c.status in (Status.SKIPPED, Status.EXCLUDED, Status.UNOBSERVABLE) for c in result.checks)
    suite = ET.Element(
        "testsuite",
        name=f"conformance[{result.target_name}]",
        tests=str(len(result.checks) or 1),
        failures=str(failures),
        errors="1" if result.untestable else "0",
        skipped=str(skipped),
        time=f"{result.elapsed:.3f}",
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in (
        ("base_url", result.base_url),
        ("profile", result.profile),
        ("seed", str(result.seed)),
        ("verdict", result.verdict.value),
        ("summary", headline(result)),
    ):
        ET.SubElement(properties, "property", name=key, value=(value))
    if result.untestable:
        case = ET.SubElement(suite, "testcase", classname="conformance.preflight", name="testable")
        ET.SubElement(case, "error", message=(result.untestable.reason))
    for check in result.checks:
        case = ET.SubElement(suite, "testcase", classname=f"conformance.{check.phase}", name=check.name)
        if check.status is Status.FAILED:
            failure = ET.SubElement(case, "failure", message=(check.detail))
            reproduce = reproduce_text(check, masker, result)
            failure.text = check.detail + (f"\n\nReproduce:\n{reproduce}" if reproduce else "")
        elif check.status is Status.UNOBSERVABLE:
            message = f"unobservable on this run: {check.detail} (needs {check.outcome.needs})"
            ET.SubElement(case, "skipped", message=(message))
        elif check.status in (Status.SKIPPED, Status.EXCLUDED):
            ET.SubElement(case, "skipped", message=(check.detail))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return (ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"
