"""``symgen grade ANSWERS.csv [-o REPORT] [--jobs N | --dask SCHEDULER] [--timeout S]``.

Writes ``REPORT.csv`` and ``REPORT.json`` (default: ``ANSWERS.report.csv``/``.json`` next to
the input) atomically, shows progress on stderr and prints a one-line summary (or, with
``--json``, the summary object with the report paths). The answers file is never written:
a report path that is the input, or an existing file that is not a report, is refused, and
an existing report is replaced only with ``--force``. Exit 0 when the reports were written
(whatever the answers' verdicts), 2 when the input cannot be graded at all, 130/143 when
stopped by SIGINT/SIGTERM (quietly, with no report written).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from symgen.errors import SymgenError

EXIT_OK, EXIT_INVALID = 0, 2


class _Stopped(BaseException):
    """SIGTERM or SIGINT arrived: unwind (the pool stops its workers) and write nothing."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def run(args: argparse.Namespace) -> int:
    """Grade ``args.csv``; return the exit code."""
    from symgen.grading.grade import StderrProgress, grade_file

    try:
        with _stop_on_signals():
            report = grade_file(
                args.csv,
                output=args.output,
                jobs=args.jobs,
                timeout=args.timeout,
                lang=args.lang,
                progress=StderrProgress(),
                force=args.force,
                encoding=args.encoding,
                timings=args.timings,
                dask=args.dask,
            )
    except _Stopped as stop:
        name = signal.Signals(stop.signum).name
        print(f"symgen: grading stopped by {name}; no report written", file=sys.stderr)
        return 128 + stop.signum
    except (SymgenError, OSError) as exc:
        print(f"symgen: cannot grade {args.csv}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    totals = report.summary["totals"]
    csv_path, json_path = report.paths
    if args.json:
        document = {**report.summary, "reports": {"csv": str(csv_path), "json": str(json_path)}}
        print(json.dumps(document, ensure_ascii=False))
    else:
        print(
            f"{totals['rows']} rows: {totals['correct']} correct, {totals['incorrect']} incorrect, "
            f"{totals['errors']} errors; reports: {csv_path} {json_path}"
        )
    return EXIT_OK


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`_Stopped` in the main thread, then restore."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
