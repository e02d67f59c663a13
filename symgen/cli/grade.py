"""``symgen grade ANSWERS.csv [-o REPORT] [--jobs N] [--timeout S]``: grade a class's answers.

Writes ``REPORT.csv`` and ``REPORT.json`` (default: ``ANSWERS.report.csv``/``.json`` next to
the input) atomically, shows progress on stderr and prints a one-line summary (or, with
``--json``, the summary object with the report paths). Exit 0 when the reports were
written (whatever the answers' verdicts), 2 when the input cannot be graded at all.
"""

from __future__ import annotations

import argparse
import json
import sys

from symgen.errors import SymgenError

EXIT_OK, EXIT_INVALID = 0, 2


def run(args: argparse.Namespace) -> int:
    """Grade ``args.csv``; return the exit code."""
    from symgen.grading.grade import grade_file, stderr_progress

    try:
        report = grade_file(
            args.csv,
            output=args.output,
            jobs=args.jobs,
            timeout=args.timeout,
            lang=args.lang,
            progress=stderr_progress,
        )
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
