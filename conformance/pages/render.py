"""Writing the pages: beside a run's report.json (`write_run_pages`), a matrix's (`matrix_page`, which the
matrix-html reporter writes), and again from reports already on disk (`render`, the `conformance render` command).
Everything is read from report.json data; every page is masked on its way to disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.errors import RenderError
from conformance.pages.badge import badge_svg
from conformance.pages.history import DEFAULT_NIGHTS, History, Night, read_nights, read_report, tonight
from conformance.pages.markup import masked
from conformance.pages.matrix_page import matrix_html
from conformance.pages.report_page import report_html
from conformance.secrets import Masker


def _write(path: Path, text: str, masker: Masker) -> Path:
    path.write_text(masker.text(text), encoding="utf-8", errors="replace")  # a lone surrogate from a foreign report
    return path


def write_run_pages(report: dict[str, Any], directory: Path, masker: Masker) -> list[Path]:
    """report.html and badge.svg beside the run's report.json."""
    data = masked(report, masker)
    directory.mkdir(parents=True, exist_ok=True)
    return [
        _write(directory / "report.html", report_html(data), masker),
        _write(directory / "badge.svg", badge_svg(data), masker),
    ]


def matrix_page(
    reports: Sequence[tuple[str, dict[str, Any]]],
    folder: Path | None,
    masker: Masker,
    history_dir: Path | None = None,
    nights: int = DEFAULT_NIGHTS,
) -> str:
    """matrix.html over each target's report data (its name, report.json's data); with `history_dir`, the
    earlier nights found there. `folder` is tonight's matrix folder: its name labels tonight, and it is not read
    back as a night of its own."""
    reports = [(name, masked(report, masker)) for name, report in reports]
    history = None
    if history_dir is not None:
        now = tonight(folder.resolve().name if folder is not None else "tonight", dict(reports))
        earlier = [
            Night(n.label, {k: masked(v, masker) for k, v in n.reports.items()})
            for n in read_nights(history_dir, [name for name, _ in reports], skip=folder)
            if n.label != now.label and not (n.written and now.written and n.sort_key() > now.sort_key())
        ]  # tonight's own folder (a copy of it too), and nights after it when an old night is rendered again (a
        # night written in the same second after it by name: finished_at is to the second)
        history = History.of(earlier, now, nights)
    return matrix_html(reports, history)


def write_matrix_page(
    report_dir: Path,
    targets: Sequence[str],
    masker: Masker,
    history_dir: Path | None = None,
    nights: int = DEFAULT_NIGHTS,
) -> Path:
    """REPORT_DIR/matrix.html over REPORT_DIR/NAME/report.json for each target (one whose report is missing is
    left out), for `conformance render`."""
    reports = [
        (name, report) for name in targets if (report := read_report(report_dir / name / "report.json")) is not None
    ]
    return _write(report_dir / "matrix.html", matrix_page(reports, report_dir, masker, history_dir, nights), masker)


def render(
    directory: Path, masker: Masker, history_dir: Path | None = None, nights: int = DEFAULT_NIGHTS
) -> list[Path]:
    """Re-render the pages of a run folder (DIR/report.json) or of a matrix folder (DIR/NAME/report.json for
    each target, in name order, then DIR/matrix.html)."""
    if not directory.is_dir():
        raise RenderError(f"{directory}: no such folder")
    if history_dir is not None and not history_dir.is_dir():
        raise RenderError(f"--history {history_dir}: no such folder")
    single = directory / "report.json"
    if single.is_file():
        report = read_report(single)
        if report is None:
            raise RenderError(f"{single}: not a report.json of this suite")
        return write_run_pages(report, directory, masker)
    written: list[Path] = []
    names = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        report = read_report(folder / "report.json")
        if report is not None:
            written += write_run_pages(report, folder, masker)
            names.append(folder.name)
    if not names:
        raise RenderError(f"{directory}: no report.json in it nor in a folder of it")
    written.append(write_matrix_page(directory, names, masker, history_dir, nights))
    return written
