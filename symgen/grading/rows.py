"""Reading a class's answers: bytes to text, text to rows, and one row's verdict as a Result.

Input: ``student,problem,answer`` with an optional ``ask`` column (a header row naming the
columns is optional; without it the columns are positional). Text is UTF-8 (with or without
a BOM) or UTF-16 with a BOM; any other bytes stop the run with a one-line error naming the
line, unless the caller names the ``encoding``. CRLF line ends and blank lines are tolerated.

Every data row read becomes exactly one Row: a row over a bound (cell size, cell count)
becomes an *error row* and the batch goes on. A quoted cell of any length stays one cell
(the csv module's own field limit is lifted while reading, so an over-long cell can never
be split into forged rows); the answer size limit is enforced on the row instead.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symgen.errors import SymgenError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
MAX_ANSWER_CHARS = 5_000
MAX_NAME_CHARS = 200
_FIELDS = ("student", "problem", "answer", "ask")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


class GradingInputError(SymgenError, ValueError):
    """An answers file that cannot be graded at all (missing, too large, not text)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One input row; ``error`` is set when the row itself is malformed."""

    line: int
    student: str = ""
    problem: str = ""
    ask: str = ""
    answer: str = ""
    error: str = ""

    @property
    def reference(self) -> str:
        """``PROBLEM`` or ``PROBLEM:ASK``, as ``find_ask`` takes it."""
        return f"{self.problem}:{self.ask}" if self.ask else self.problem


@dataclass(slots=True)
class Result:
    """The graded row: status ``graded`` or ``error``, the verdict fields and the time."""

    line: int
    student: str
    problem: str
    ask: str
    answer: str
    status: str
    correct: bool | None
    reason: str
    feedback_en: str
    feedback_ko: str
    time_ms: float
    extra: dict[str, Any] = field(default_factory=dict)

    def feedback_in(self, lang: str) -> str:
        """Feedback in ``"en"`` or ``"ko"``."""
        return self.feedback_ko if lang == "ko" else self.feedback_en


# --- bytes to text ----------------------------------------------------------------------


def read_answers(
    path: str | Path, *, max_rows: int = MAX_ROWS, encoding: str | None = None
) -> list[Row]:
    """The rows of an answers CSV; malformed rows come back with ``error`` set."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GradingInputError(f"{source.name} is {size} bytes (max {MAX_FILE_BYTES})")
        data = source.read_bytes()
    except OSError as exc:
        raise GradingInputError(f"cannot read {str(source)!r}: {exc.strerror}") from None
    return parse_answers(decode(data, encoding), max_rows=max_rows)


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a CSV file: a BOM decides, else strict UTF-8, else the named ``encoding``.

    >>> decode(b"\\xef\\xbb\\xbfa,b")
    'a,b'
    >>> decode("a,½".encode("utf-16"))
    'a,½'
    """
    if encoding is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                return _decode_as(data, name, "the file's byte-order mark")
        encoding, hint = "utf-8", "; save the file as UTF-8, or name its encoding (--encoding)"
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise GradingInputError(f"unknown encoding {encoding!r}") from None
        hint = ""
    text = _decode_as(data, encoding, encoding + hint)
    if text.count("\x00") * 4 >= len(text) > 0:  # every other byte NUL: UTF-16 text
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise GradingInputError(
            f"line {line}: NUL characters (a UTF-16 file without a byte-order mark?){hint}"
        )
    return text


def _decode_as(data: bytes, encoding: str, said: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise GradingInputError(f"line {line}: bytes {bad} are not {said}") from None


# --- text to rows -----------------------------------------------------------------------


def parse_answers(text: str, *, max_rows: int = MAX_ROWS) -> list[Row]:
    """The rows of CSV text: one Row per non-blank data row, in order."""
    with _field_limit(len(text) + 1):
        rows = list(_rows(io.StringIO(text, newline=""), max_rows))
    if len(rows) > max_rows:
        raise GradingInputError(f"more than {max_rows} rows; split the file")
    return rows


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Lift the csv module's (process-wide) field limit while reading, then restore it."""
    previous = csv.field_size_limit(max(limit, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _rows(handle: Any, max_rows: int) -> Iterator[Row]:
    reader = csv.reader(handle)
    columns: tuple[str, ...] | None = None
    count = 0
    while count <= max_rows:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            count += 1
            yield Row(reader.line_num, error=f"unreadable row: {exc}")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if columns is None:
            columns, is_header = _columns(cells)
            if is_header:
                continue
        count += 1
        yield _row(reader.line_num, cells, columns)


def _columns(cells: list[str]) -> tuple[tuple[str, ...], bool]:
    names = tuple(cell.strip().lower() for cell in cells)
    if {"problem", "answer"} <= set(names):
        return names, True
    return _FIELDS, False


def _row(line: int, cells: list[str], columns: tuple[str, ...]) -> Row:
    while len(cells) > len(columns) and not cells[-1].strip():  # trailing commas
        cells = cells[:-1]
    values = {name: cells[i] for i, name in enumerate(columns) if i < len(cells)}
    fields = {name: values.get(name, "") for name in _FIELDS}
    fields = {name: (v if name == "answer" else v.strip()) for name, v in fields.items()}
    error = _row_error(len(cells), columns, fields)
    if error:  # keep what identifies the row, clipped
        fields = {name: (v if len(v) <= 200 else v[:40] + "...") for name, v in fields.items()}
    return Row(line, **fields, error=error)


def _row_error(count: int, columns: tuple[str, ...], fields: dict[str, str]) -> str:
    needed = 3 if columns == _FIELDS else len(columns)
    if not needed <= count <= (4 if columns == _FIELDS else needed):
        return f"expected {needed} cells, found {count}"
    for name, value in fields.items():
        limit = MAX_ANSWER_CHARS if name == "answer" else MAX_NAME_CHARS
        if len(value) > limit:
            return f"{name} cell is {len(value)} characters (max {limit})"
    if not fields["problem"]:
        return "the problem cell is empty"
    return ""


# --- one row's verdict ------------------------------------------------------------------


def check_row(reference: str, answer: str) -> dict[str, Any]:
    """Check one answer against a catalogue ask: the verdict as a dict (runs in a worker)."""
    from symgen.answers.check import check_answer
    from symgen.catalogue.problems import find_ask

    try:
        ask = find_ask(reference)
    except SymgenError as exc:
        return {"status": "error", "reason": "unknown_problem", "detail": str(exc)}
    # no wall-clock budget here: the pool limits each answer's CPU time (--timeout), which a
    # busy machine cannot turn into false timeouts, and the report stays deterministic
    return check_answer(ask, answer, timeout=None).to_dict()


def prepare_row(reference: str) -> None:
    """Compute the referenced problem's answers (first use only; the catalogue caches)."""
    from symgen.catalogue.problems import find_ask

    find_ask(reference)


check_row.prepare = prepare_row  # type: ignore[attr-defined]


def _error_fields(reason: str, detail: str) -> dict[str, Any]:
    from symgen.answers.mistakes import feedback

    en, ko = feedback(
        "error" if reason not in ("timeout", "parse_error") else reason, detail=detail
    )
    return {
        "status": "error",
        "correct": None,
        "reason": reason,
        "feedback_en": en,
        "feedback_ko": ko,
    }


def to_result(row: Row, outcome: dict[str, Any], seconds: float) -> Result:
    """The Result of ``row`` from a checker's outcome dict (errors get their feedback)."""
    if outcome.get("status") == "error" and "feedback_en" not in outcome:
        outcome = {
            **_error_fields(outcome.get("reason", "error"), outcome.get("detail", "")),
            **outcome,
        }
    status = outcome.get("status", "graded")
    return Result(
        line=row.line,
        student=row.student,
        problem=row.problem,
        ask=row.ask,
        answer=row.answer,
        status=status,
        correct=None if status == "error" else bool(outcome.get("correct")),
        reason=str(outcome.get("reason", "")),
        feedback_en=str(outcome.get("feedback_en", outcome.get("feedback", ""))),
        feedback_ko=str(outcome.get("feedback_ko", "")),
        time_ms=round(seconds * 1000, 3),
        extra={k: outcome[k] for k in ("method",) if k in outcome},
    )


def malformed(row: Row) -> Result:
    """The error Result of a row that could not be read."""
    return to_result(row, {"status": "error", "reason": "malformed_row", "detail": row.error}, 0)
