"""The pages of one run as reporters: `report.html` and `badge.svg`, each made from what report.json says
(`conformance/pages/`), so a page written now and one re-rendered later from the file are the same."""

from __future__ import annotations

import json
from typing import Any

from conformance.pages.badge import badge_svg
from conformance.pages.markup import masked
from conformance.pages.report_page import report_html
from conformance.reporters.json_report import JsonReporter
from conformance.results import RunResult
from conformance.secrets import Masker


def report_data(result: RunResult, masker: Masker) -> dict[str, Any]:
    """report.json's data as the file holds it: masked string by string, before any of it is escaped."""
    data: dict[str, Any] = masked(json.loads(JsonReporter().render(result, masker)), masker)
    return data


class HtmlReporter:
    name = "html"
    filename = "report.html"

    def render(self, result: RunResult, masker: Masker) -> str:
        return report_html(report_data(result, masker))


class BadgeReporter:
    name = "badge"
    filename = "badge.svg"

    def render(self, result: RunResult, masker: Masker) -> str:
        return badge_svg(report_data(result, masker))
