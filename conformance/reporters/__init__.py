"""Every output a run is written as, one reporter per format, behind one interface.

A reporter renders a finished `RunResult` as text; `write` is the boundary where that text is masked, once,
and written. Adding a format is one module with a class that has `name` (the `--report` word), `filename`
(its file under --report-dir) and `render(result, masker) -> str`, and one line in `RUN_REPORTERS` (or
`MATRIX_REPORTERS` for a whole matrix: `render(results, masker)`). The masker is handed to `render` only for
what text masking cannot see (credential headers, by name); the published-key rule lives in `Masker`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from conformance.reporters.common import SERVE_PORT
from conformance.reporters.har import HarReporter
from conformance.reporters.json_report import SCHEMA_PATH, JsonReporter
from conformance.reporters.junit import JunitReporter
from conformance.reporters.markdown import MarkdownReporter
from conformance.reporters.matrix_md import MatrixMarkdownReporter
from conformance.reporters.pages import BadgeReporter, HtmlReporter, MatrixHtmlReporter
from conformance.reporters.terminal import TerminalReporter
from conformance.results import RunResult
from conformance.secrets import Masker

__all__ = ["DEFAULT_FORMATS", "MATRIX_REPORTERS", "RUN_REPORTERS", "SCHEMA_PATH", "SERVE_PORT", "TERMINAL"]


class Reporter(Protocol):
    """One file format of one run."""

    @property
    def name(self) -> str: ...
    @property
    def filename(self) -> str: ...
    def render(self, result: RunResult, masker: Masker) -> str: ...


class MatrixReporter(Protocol):
    """One file format of a whole matrix (every target's result, in the matrix's order)."""

    @property
    def name(self) -> str: ...
    @property
    def filename(self) -> str: ...
    def render(self, results: Sequence[RunResult], masker: Masker) -> str: ...


RUN_REPORTERS: dict[str, Reporter] = {
    r.name: r
    for r in (
        JsonReporter(),
        JunitReporter(),
        MarkdownReporter(),
        HtmlReporter(),
        BadgeReporter(),
        HarReporter(),
    )
}
MATRIX_REPORTERS: dict[str, MatrixReporter] = {r.name: r for r in (MatrixMarkdownReporter(), MatrixHtmlReporter())}
TERMINAL = TerminalReporter()
# Written under --report-dir; `har` too when --record FILE is given.
DEFAULT_FORMATS = ("json", "junit", "md", "html", "badge")
HAR = "har"
MATRIX_MD = "matrix-md"  # printed, and written to --output or REPORT_DIR/matrix.md


def parse_formats(text: str) -> tuple[str, ...]:
    """`json,junit,...` as reporter names; raises ValueError naming the unknown ones and the valid ones."""
    given = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in given if n not in RUN_REPORTERS]
    if unknown or not given:
        raise ValueError(
            f"--report: unknown format(s) {', '.join(unknown) or '(none given)'}; valid: {', '.join(RUN_REPORTERS)}"
        )
    return tuple(dict.fromkeys(given))


def write(text: str, path: Path, masker: Masker) -> Path:
    """The writing boundary: the rendered text masked once, then written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(masker.text(text), encoding="utf-8")
    return path


def write_run(
    result: RunResult, masker: Masker, formats: Iterable[str], report_dir: Path | None, record: Path | None
) -> list[Path]:
    """Each format's file under `report_dir`; the HAR file at `record` when given (`--record FILE`)."""
    names = list(formats)
    if record is not None and HAR not in names:
        names.append(HAR)
    if HAR in names and (record is not None or report_dir is not None):  # report.json and report.html name it
        # A copy that names the recording: the finished result itself is not changed by writing it.
        result = replace(result, recording=(record if record is not None else Path(RUN_REPORTERS[HAR].filename)).name)
    written = []
    for name in names:
        reporter = RUN_REPORTERS[name]
        path = record if name == HAR and record is not None else None
        if path is None and report_dir is not None:
            path = report_dir / reporter.filename
        if path is not None:
            written.append(write(reporter.render(result, masker), path, masker))
    return written


def matrix_files(formats: Sequence[str], report_dir: Path, history: Path | None, nights: int) -> list[MatrixReporter]:
    """The matrix formats written under --report-dir besides matrix.md: matrix.html when the targets' pages are
    written (the `html` format), with --history's nights."""
    found: list[MatrixReporter] = []
    for name, reporter in MATRIX_REPORTERS.items():
        if isinstance(reporter, MatrixHtmlReporter) and "html" in formats:
            found.append(replace(reporter, folder=report_dir, history=history, nights=nights))
        elif name not in (MATRIX_MD, MatrixHtmlReporter.name):
            found.append(reporter)
    return found


def matrix_table(results: Sequence[RunResult], masker: Masker, name: str = MATRIX_MD) -> str:
    """A matrix format's text, masked (it is printed as well as written)."""
    return masker.text(MATRIX_REPORTERS[name].render(results, masker))
