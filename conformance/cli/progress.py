"""Progress while a run (or a matrix) goes: on a terminal a rich display per phase (requests sent of planned,
time left from the pacing), without one a short line every `period` seconds, with --quiet nothing (neither
the phases nor the run's messages: --quiet prints the verdict line only). It goes to
the console only, never into a report file.

Counts are read, not pushed: each phase hands over how to read its requests sent and planned, and a ticker
thread reads them, so nothing in the request path waits on the display.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

from conformance.progress import Count

RICH, LINES, OFF = "rich", "lines", "off"


@dataclass
class _Task:
    label: str
    sent: Count
    planned: Count
    interval: float
    unit: str = "requests"
    done: bool = False
    first: tuple[float, int] | None = None  # when the first request was seen, and the count then
    rich_id: TaskID | None = None

    def left(self) -> str:
        """`about 12 s left`: from the pacing when the run is paced, else from the pace so far."""
        sent, planned = self.sent() or 0, self.planned()
        if planned is None or sent >= planned:
            return ""
        remaining = planned - sent
        if self.first is None and sent:
            self.first = (time.monotonic(), sent)  # the pace is timed from the first request, not the phase's start
        if self.interval:
            seconds = remaining * self.interval
        elif self.first is not None and sent > self.first[1]:
            seconds = remaining * (time.monotonic() - self.first[0]) / (sent - self.first[1])
        else:
            return ""
        return f"about {seconds:.0f} s left"

    def line(self) -> str:
        planned = self.planned()
        of = f" of {planned}" if planned is not None else ""
        left = self.left()
        return f"{self.label}: {self.sent() or 0}{of} {self.unit}" + (f", {left}" if left else "")


class Display:
    """One display for a `run` or a whole `matrix`; use it as a context manager around the run."""

    def __init__(self, console: Console, mode: str, period: float = 10.0) -> None:
        self.console, self.mode, self.period = console, mode, period
        self._tasks: list[_Task] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._rich: RichProgress | None = None

    @classmethod
    def for_console(cls, console: Console, quiet: bool, period: float) -> Display:
        return cls(console, OFF if quiet else RICH if console.is_terminal else LINES, period)

    def __enter__(self) -> Display:
        if self.mode == RICH:
            self._rich = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[left]}"),
                console=self.console,
                transient=True,
            )
            self._rich.start()
        if self.mode != OFF:
            self._thread = threading.Thread(target=self._tick, name="conformance-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._rich is not None:
            self._rich.stop()

    def add(self, task: _Task) -> None:
        with self._lock:
            self._tasks.append(task)
            if self._rich is not None:
                task.rich_id = self._rich.add_task(task.label, total=task.planned(), left="")

    def finish(self, task: _Task) -> None:
        with self._lock:
            task.done = True
            if self._rich is not None and task.rich_id is not None:
                self._rich.remove_task(task.rich_id)

    def _tick(self) -> None:
        """Rich: refresh the counts a few times a second. Lines: one line per running phase every period.
        Progress is a courtesy: should showing it fail, it stops, and the run goes on untouched."""
        wait = 0.2 if self.mode == RICH else self.period
        try:
            while not self._stop.wait(wait):
                self._show()
        except Exception:  # a display bug must not become a traceback or stop the run
            return

    def _show(self) -> None:
        with self._lock:
            running = [t for t in self._tasks if not t.done]
            if self._rich is not None:
                for t in running:
                    if t.rich_id is not None:
                        self._rich.update(t.rich_id, completed=t.sent() or 0, total=t.planned(), left=t.left())
                return
        for t in running:
            self.console.print(Text(f"progress: {t.line()}"), highlight=False, soft_wrap=True)

    def run(self, name: str = "", out: Console | None = None) -> RunProgress:
        """The `Progress` of one run: its messages on `out` (a matrix target's own console), its phases here."""
        return RunProgress(self, name, out or self.console)

    def targets(self, total: int) -> Callable[[], None]:
        """A matrix: a task counting targets done; call the returned function as each one finishes."""
        done = [0]
        task = _Task("targets", lambda: done[0], lambda: total, 0.0, unit="done")
        self.add(task)

        def one_done() -> None:
            with self._lock:
                done[0] += 1

        return one_done


@dataclass
class RunProgress:
    """conformance.progress.Progress for one run, shown by a `Display`."""

    display: Display
    name: str
    out: Console
    _current: _Task | None = None

    def __call__(self, message: str) -> None:
        if self.display.mode == OFF:  # --quiet: the verdict line only
            return
        self.out.print(Text.assemble((">", "dim"), " ", message), highlight=False, soft_wrap=True)

    def phase(self, name: str, sent: Count, planned: Count, interval: float) -> None:
        self.close()
        label = f"{self.name} {name}" if self.name else name
        self._current = _Task(label, sent, planned, interval)
        self.display.add(self._current)

    def close(self) -> None:
        """The run's last phase is over (or the run is)."""
        if self._current is not None:
            self.display.finish(self._current)
            self._current = None
