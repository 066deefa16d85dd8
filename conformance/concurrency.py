"""`--workers N`: independent requests side by side. Results always come back in the order the tasks were
given, so what a run concludes does not depend on which answer arrived first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_all(tasks: Sequence[Callable[[], T]], workers: int) -> list[T | Exception]:
    """Run every task (on `workers` threads; in order on this thread when 1) and return each one's result, or
    the exception it raised, in task order."""

    def guarded(task: Callable[[], T]) -> T | Exception:
        try:
            return task()
        except Exception as exc:  # handed back to the caller, who knows what each one means
            return exc

    if workers <= 1 or len(tasks) <= 1:
        return [guarded(task) for task in tasks]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="conformance-worker")
    try:
        results = list(pool.map(guarded, tasks))
    except BaseException:  # an interrupt (SIGINT/SIGTERM): drop the tasks not started, do not wait for them
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results
