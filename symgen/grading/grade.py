"""Batch grading: a CSV of answers in, per-row verdicts and a per-problem summary out.

``grade_file`` reads the answers (:mod:`symgen.grading.rows`), checks them on local worker
processes (:mod:`symgen.grading._pool`) or on a Dask cluster (:mod:`symgen.grading._cluster`),
and writes the CSV and JSON reports (:mod:`symgen.grading.report`). Both back ends run the
same per-row checker under the same limits, so they write the same bytes. The report paths
are checked before any work starts, and the reports are written with SIGINT and SIGTERM
held back, so a stopped run leaves either both reports or none.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from symgen.grading._pool import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, CheckFunction, grade_rows
from symgen.grading.report import (
    Report,
    check_report_paths,
    report_paths,
    summarise,
    write_reports,
)
from symgen.grading.rows import GradingInputError, check_row, read_answers

__all__ = ["Report", "StderrProgress", "grade_file"]


def grade_file(
    csv_path: str | Path,
    *,
    output: str | Path | None = None,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    lang: str = "en",
    check: CheckFunction = check_row,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    encoding: str | None = None,
    timings: bool = False,
    dask: str | None = None,
) -> Report:
    """Read, grade and write both reports; returns the results and where they went.

    ``dask`` is a scheduler address or ``local[:N]``; without it ``jobs`` local workers
    grade. ``force`` replaces existing reports (never the input, never another file).
    """
    if jobs < 1:
        raise GradingInputError(f"--jobs must be at least 1, got {jobs}")
    if not timeout > 0:
        raise GradingInputError(f"--timeout must be positive, got {timeout}")
    paths = report_paths(csv_path, output)
    check_report_paths(csv_path, paths, force=force)
    rows = read_answers(csv_path, encoding=encoding)
    if dask is None:
        results = grade_rows(
            rows, jobs=jobs, timeout=timeout, memory_mb=memory_mb, check=check, progress=progress
        )
    else:
        from symgen.grading._cluster import grade_rows_on_dask

        results = grade_rows_on_dask(
            rows, dask, timeout=timeout, memory_mb=memory_mb, check=check, progress=progress
        )
    summary = summarise(results)
    with _signals_held():
        check_report_paths(csv_path, paths, force=force)
        write_reports(results, summary, paths, lang=lang, timings=timings)
    return Report(results, summary, paths)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while both reports are written (main thread, POSIX)."""
    held = {signal.SIGINT, signal.SIGTERM}
    usable = hasattr(signal, "pthread_sigmask") and threading.current_thread() is (
        threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class StderrProgress:
    """A progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if sys.stderr.isatty():
            filled = int(30 * done / total)
            end = "\n" if done == total else ""
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\rgrading [{bar}] {done}/{total}{end}")
            sys.stderr.flush()
        elif done * 10 // total > self.shown:
            self.shown = done * 10 // total
            sys.stderr.write(f"grading {done}/{total}\n")
