"""Summaries and report files: CSV and JSON, written atomically, never over the input.

Default report paths: next to the CSV, ``NAME.report.csv`` and ``NAME.report.json``. A
report path is refused when it is the answers file itself (by any spelling, symlink or
hard link) or an existing file that is not a symgen report; an existing report is
replaced only with ``force``. Files are written to a temporary file beside the target and
renamed over it, so an interrupted run leaves no half-written report; they get the mode
the umask gives a new file. Same results, same bytes: times are left out unless asked for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from symgen.grading.rows import GradingInputError, Result

REPORT_COLUMNS = ("line", "student", "problem", "ask", "answer", "status", "correct", "reason",
                  "feedback")  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JSON_MARK = '{\n "format": "symgen grading report",'
_OLD_JSON_MARK = '{\n "summary": {\n  "totals": {'  # reports written before the mark
_SNIFF_BYTES = 256


@dataclass(frozen=True)
class Report:
    """What a grading run produced."""

    results: list[Result]
    summary: dict[str, Any]
    paths: tuple[Path, Path]


def summarise(results: Sequence[Result]) -> dict[str, Any]:
    """Totals and, per problem reference, counts, score and reasons."""
    per: dict[str, dict[str, Any]] = {}
    totals = _entry()
    for result in results:
        key = f"{result.problem}:{result.ask}" if result.ask else result.problem
        _count(per.setdefault(key, _entry()), result)
        _count(totals, result)
    for entry in (*per.values(), totals):
        graded = entry["correct"] + entry["incorrect"]
        entry["score"] = round(entry["correct"] / graded, 4) if graded else None
        entry["reasons"] = dict(sorted(entry["reasons"].items()))
    return {"totals": totals, "problems": dict(sorted(per.items()))}


def _entry() -> dict[str, Any]:
    return {"rows": 0, "correct": 0, "incorrect": 0, "errors": 0, "reasons": Counter()}


def _count(entry: dict[str, Any], result: Result) -> None:
    entry["rows"] += 1
    key = "errors" if result.status == "error" else ("correct" if result.correct else "incorrect")
    entry[key] += 1
    entry["reasons"][result.reason] += 1


# --- where reports go -------------------------------------------------------------------


def report_paths(csv_path: str | Path, output: str | Path | None = None) -> tuple[Path, Path]:
    """(CSV report, JSON report): next to the input by default; ``output`` may be a
    directory, a ``.csv``/``.json`` path (the other one gets the sibling name) or a stem.

    >>> [p.name for p in report_paths("class/answers.csv")]
    ['answers.report.csv', 'answers.report.json']
    """
    source = Path(csv_path)
    if output is None:
        stem = source.with_name(source.stem + ".report")
    else:
        target = Path(output)
        if target.is_dir():
            stem = target / (source.stem + ".report")
        elif target.suffix.lower() in (".csv", ".json"):
            stem = target.with_suffix("")
        else:
            stem = target
    return stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".json")


def check_report_paths(
    source: str | Path, paths: tuple[Path, Path], *, force: bool = False
) -> None:
    """Raise GradingInputError unless both report paths may be written.

    Refused: the answers file itself (any spelling, a symlink or a hard link to it), a
    directory, an existing file that is not a symgen report, and an existing report
    unless ``force``.
    """
    for path in paths:
        if _same_file(Path(source), path):
            raise GradingInputError(f"the report {str(path)!r} would overwrite the answers file")
        if not os.path.lexists(path):
            continue
        if path.is_dir():
            raise GradingInputError(f"the report path {str(path)!r} is a directory")
        if not is_report(path):
            raise GradingInputError(
                f"{str(path)!r} exists and is not a symgen report; choose another -o"
            )
        if not force:
            raise GradingInputError(f"the report {str(path)!r} exists; --force replaces it")


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(a, b):
            return True
    return os.path.realpath(a) == os.path.realpath(b) or os.path.normcase(
        os.path.abspath(a)
    ) == os.path.normcase(os.path.abspath(b))


def is_report(path: Path) -> bool:
    """Whether ``path`` starts like a report this module writes (CSV or JSON)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    first = head.split("\n", 1)[0].split(",")
    if head.startswith((_JSON_MARK, _OLD_JSON_MARK)):
        return True
    return tuple(first[: len(REPORT_COLUMNS)]) == REPORT_COLUMNS


# --- writing ----------------------------------------------------------------------------


def write_reports(
    results: Sequence[Result],
    summary: dict[str, Any],
    paths: tuple[Path, Path],
    *,
    lang: str = "en",
    timings: bool = False,
) -> None:
    """Write the CSV and JSON reports, each atomically (``timings`` adds ``time_ms``)."""
    csv_path, json_path = paths
    atomic_write(csv_path, _csv_text(results, lang, timings))
    document = {
        "format": "symgen grading report",
        "summary": summary,
        "rows": [_json_row(r, timings) for r in results],
    }
    atomic_write(json_path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def _csv_text(results: Sequence[Result], lang: str, timings: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS + (("time_ms",) if timings else ()))
    for r in results:
        correct = "" if r.correct is None else str(r.correct).lower()
        cells: tuple[object, ...] = (r.line, r.student, r.problem, r.ask, r.answer, r.status,
                                     correct, r.reason, r.feedback_in(lang))  # fmt: skip
        if timings:
            cells += (r.time_ms,)
        writer.writerow([_spreadsheet_safe(c) for c in cells])
    return buffer.getvalue()


def _spreadsheet_safe(cell: object) -> object:
    """Prefix a quote to text a spreadsheet would run as a formula (=, +, -, @)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _json_row(result: Result, timings: bool) -> dict[str, Any]:
    row = asdict(result)
    row.update(row.pop("extra"))
    if not timings:
        del row["time_ms"]
    return row


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    The file gets the mode a new file gets under the current umask (mkstemp's is 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc: read it by setting it (and put it back)
    os.umask(mask)
    return mask
