"""Earlier nights, read from a folder of night folders (the `--baseline-dir` layout: DIR/NIGHT/NAME/report.json),
so that the matrix page shows each check's last N nights and the night each current failure started. The
reports are the data: nothing else is kept.

Nights are ordered by when their reports were written (`finished_at`), ties and reports older than that field
by the folder's name read naturally (night-2 before night-10).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.pages.markup import as_list

DEFAULT_NIGHTS = 14
MAX_NIGHT_FOLDERS = 366  # the last year of night folders (by name): a folder of years is read in bounded time


@dataclass
class Night:
    label: str
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # target name -> report.json

    @property
    def written(self) -> str:
        stamps = [str(r.get("finished_at")) for r in self.reports.values() if r.get("finished_at")]
        return min(stamps, default="")

    def sort_key(self) -> tuple[str, list[Any]]:
        """Where the night falls among others: by when it was written, a tie by its name read naturally."""
        return self.written, _natural(self.label)

    def verdict(self, target: str) -> str:
        report = self.reports.get(target)
        return "absent" if report is None else str(report.get("verdict") or "unknown")

    def failing(self, target: str) -> list[str]:
        """The checks of `target` that failed this night, in the report's order."""
        report = self.reports.get(target) or {}
        checks = [c for c in as_list(report.get("checks")) if isinstance(c, dict)]
        return [str(c.get("name")) for c in checks if c.get("status") == "failed"]

    def status(self, target: str, check: str) -> str:
        report = self.reports.get(target)
        if report is None:
            return "absent"
        for entry in as_list(report.get("checks")):
            if isinstance(entry, dict) and entry.get("name") == check:
                return str(entry.get("status"))
        return "absent"


def _natural(label: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label)]


def read_report(path: Path) -> dict[str, Any] | None:
    """A report.json as a dict, or None when it cannot be read as one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("checks"), list) else None


def read_nights(directory: Path, targets: Sequence[str], skip: Path | None = None) -> list[Night]:
    """Every night folder under `directory` holding a report of one of `targets` (`skip`: tonight's own folder,
    when it sits in the same place), oldest first."""
    nights = []
    folders = sorted((p for p in directory.iterdir() if p.is_dir()), key=lambda p: _natural(p.name))
    for folder in folders[-MAX_NIGHT_FOLDERS:]:
        if skip is not None and folder.resolve() == skip.resolve():
            continue
        night = Night(folder.name)
        for name in targets:
            report = read_report(folder / name / "report.json")
            if report is not None:
                night.reports[name] = report
        if night.reports:
            nights.append(night)
    return sorted(nights, key=Night.sort_key)


@dataclass(frozen=True)
class History:
    nights: list[Night]  # oldest first, tonight last
    shown: int  # how many of the last nights the strips show

    @classmethod
    def of(cls, earlier: list[Night], tonight: Night, shown: int = DEFAULT_NIGHTS) -> History:
        return cls([*earlier, tonight], max(1, shown))

    @property
    def window(self) -> list[Night]:
        return self.nights[-self.shown :]

    def ever_failing(self, target: str) -> list[str]:
        """The checks of `target` that failed on any night shown, in order of their first failure."""
        names: list[str] = []
        for night in self.window:
            names += [n for n in night.failing(target) if n not in names]
        return names

    def strip(self, target: str, check: str) -> list[tuple[str, str]]:
        """(night, status) for the nights shown."""
        return [(night.label, night.status(target, check)) for night in self.window]

    def failing_since(self, target: str, check: str) -> tuple[str, bool] | None:
        """For a check failing tonight: the first night of its unbroken run of failures, and whether that is the
        oldest night read (so it may have started earlier)."""
        if self.nights[-1].status(target, check) != "failed":
            return None
        index = len(self.nights) - 1
        while index > 0 and self.nights[index - 1].status(target, check) == "failed":
            index -= 1
        return self.nights[index].label, index == 0 and len(self.nights) > 1


def tonight(label: str, reports: Mapping[str, dict[str, Any]]) -> Night:
    return Night(label, dict(reports))
