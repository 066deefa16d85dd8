"""The pages as reporters: a run's `report.html` and `badge.svg`, a matrix's `matrix.html`, each made from what
report.json says (`conformance/pages/`), so a page written now and one re-rendered later from the files are the
same."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from conformance.pages import DEFAULT_NIGHTS, matrix_page
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


@dataclass(frozen=True)
class MatrixHtmlReporter:
    """matrix.html over every target's result; `folder` (the matrix's --report-dir) labels tonight, and
    `history` (--history) holds the earlier nights shown beside it."""

    name: ClassVar[str] = "matrix-html"
    filename: ClassVar[str] = "matrix.html"
    folder: Path | None = None
    history: Path | None = None
    nights: int = DEFAULT_NIGHTS

    def render(self, results: Sequence[RunResult], masker: Masker) -> str:
        reports = [(r.target_name, report_data(r, masker)) for r in results]
        return matrix_page(reports, self.folder, masker, self.history, self.nights)
