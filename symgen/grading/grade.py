"""Batch grading: a CSV of answers in, per-row verdicts and a per-problem summary out.

Input: ``student,problem,answer`` with an optional ``ask`` column (a header row naming the
columns is optional; without it the columns are positional). A UTF-8 BOM, CRLF line ends and
blank lines are tolerated. Bounds: file size, row count and cell size; a row over a bound or
with the wrong number of cells becomes an *error row* and the batch goes on.

Each answer is checked in a worker process (``forkserver`` on Linux, ``spawn`` elsewhere)
under a hard time limit per answer and an address-space limit (``RLIMIT_AS``): a worker that
spends more than ``timeout`` CPU seconds on one answer (or twice that in wall time, when it
is blocked or CPU time cannot be read) or dies is killed and replaced, and its row becomes
an error row (``timeout`` or ``worker_crashed``). Counting CPU time keeps a busy machine
from turning slow-but-fine answers into timeouts. Reports are written atomically (temporary
file in the same directory, then ``os.replace``), so an interrupted run leaves no half-written
report.

Default report paths: next to the CSV, ``NAME.report.csv`` and ``NAME.report.json``.

This module imports no SymPy at import time: workers import the checker themselves.
"""

from __future__ import annotations

import contextlib
import csv
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from symgen.errors import SymgenError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
MAX_ANSWER_CHARS = 5_000
MAX_NAME_CHARS = 200
DEFAULT_TIMEOUT = 5.0
DEFAULT_MEMORY_MB = 1024
_STARTUP_SECONDS = 120.0
_POLL_SECONDS = 0.25
_PREPARE_SECONDS = 60.0  # computing one catalogue problem's answers, before the answer's clock
_FIELDS = ("student", "problem", "answer", "ask")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CheckFunction = Callable[[str, str], dict[str, Any]]


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


# --- reading ----------------------------------------------------------------------------


def read_answers(path: str | Path, *, max_rows: int = MAX_ROWS) -> list[Row]:
    """The rows of an answers CSV; malformed rows come back with ``error`` set."""
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise GradingInputError(f"cannot read {str(source)!r}: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise GradingInputError(f"{source.name} is {size} bytes (max {MAX_FILE_BYTES})")
    with source.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return list(_rows(handle, max_rows))


def _rows(handle: Any, max_rows: int) -> Iterator[Row]:
    csv.field_size_limit(4 * MAX_ANSWER_CHARS + 16)
    reader = csv.reader(handle)
    columns: tuple[str, ...] | None = None
    count = 0
    while True:
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
        if count > max_rows:
            yield Row(reader.line_num, error=f"more than {max_rows} rows: the rest is not graded")
            return
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


# --- checking ---------------------------------------------------------------------------


def check_row(reference: str, answer: str) -> dict[str, Any]:
    """Check one answer against a catalogue ask: the verdict as a dict (runs in a worker)."""
    from symgen.answers.check import check_answer
    from symgen.catalogue.problems import find_ask

    try:
        ask = find_ask(reference)
    except SymgenError as exc:
        return {"status": "error", "reason": "unknown_problem", "detail": str(exc)}
    return check_answer(ask, answer).to_dict()


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


def _result(row: Row, outcome: dict[str, Any], seconds: float) -> Result:
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


# --- workers ----------------------------------------------------------------------------


def _worker_main(conn: Connection, check: CheckFunction, memory_mb: int) -> None:
    """Worker loop: limit memory, warm up, then answer (index, reference, answer) tasks."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _limit_memory(memory_mb)
    cache: dict[tuple[str, str], dict[str, Any]] = {}
    _warm_up(check)
    conn.send(("ready", None, None, 0.0))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, reference, answer = task
        _prepare(check, reference)
        conn.send(("started", index, None, 0.0))
        start = time.perf_counter()
        outcome = _run_check(check, cache, reference, answer)
        conn.send(("done", index, outcome, time.perf_counter() - start))


def _prepare(check: CheckFunction, reference: str) -> None:
    """Run the checker's ``prepare`` hook (the catalogue computing a problem's answers)
    before the answer's own clock starts; its errors surface in the check itself."""
    prepare = getattr(check, "prepare", None)
    if prepare is not None:
        with contextlib.suppress(Exception):
            prepare(reference)


def _warm_up(check: CheckFunction) -> None:
    """Build the grammar, load the catalogue and exercise the log path before timing rows."""
    with contextlib.suppress(Exception):  # warm-up only; real errors surface per row
        import sympy as sp

        from symgen.answers.check import check_answer

        p = sp.Symbol("p", positive=True)
        check_answer(-p * sp.log(p) - (1 - p) * sp.log(1 - p), r"-p\log p - (1-p) \log_2(1-p)")
        check("", "0")


def _run_check(
    check: CheckFunction, cache: dict[tuple[str, str], dict[str, Any]], reference: str, answer: str
) -> dict[str, Any]:
    key = (reference, answer)
    if key in cache:
        return cache[key]
    try:
        outcome = check(reference, answer)
    except MemoryError:
        return {"status": "error", "reason": "too_large", "detail": "out of memory"}
    except Exception as exc:  # a checker bug must not stop the batch: report it on the row
        return {"status": "error", "reason": "error", "detail": f"{type(exc).__name__}: {exc}"}
    if len(cache) < 50_000:
        cache[key] = outcome
    return outcome


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at the current size plus ``memory_mb`` (Linux/macOS)."""
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still applies
        return
    current = _address_space_bytes()
    limit = current + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 512 * 1024 * 1024


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), None where unavailable."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["symgen.answers.check", "symgen.catalogue.problems"])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: tuple[int, str, str] | None = None
    started: float = 0.0
    cpu_started: float | None = None
    checking: bool = False


class _Pool:
    """Worker processes fed one task at a time, with per-task deadlines."""

    def __init__(self, jobs: int, check: CheckFunction, memory_mb: int) -> None:
        self.ctx = _context()
        self.check = check
        self.memory_mb = memory_mb
        self.workers = [self._spawn() for _ in range(max(1, jobs))]

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(
            target=_worker_main, args=(child, self.check, self.memory_mb), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent, started=time.monotonic())

    def replace(self, worker: _Worker) -> None:
        """Kill a worker (hung, crashed or done) and start a fresh one in its place."""
        self._kill(worker)
        self.workers[self.workers.index(worker)] = self._spawn()

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker."""
        for worker in self.workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.process.join(timeout=0.5)
            if worker.process.is_alive():
                self._kill(worker)
            else:
                worker.conn.close()


def grade_rows(
    rows: Sequence[Row],
    *,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    check: CheckFunction = check_row,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Grade every row in worker processes; one Result per row, in input order."""
    results: list[Result | None] = [None] * len(rows)
    tasks: deque[int] = deque()
    for index, row in enumerate(rows):
        if row.error:
            results[index] = _result(
                row, {"status": "error", "reason": "malformed_row", "detail": row.error}, 0.0
            )
        else:
            tasks.append(index)
    done = len(rows) - len(tasks)
    if progress:
        progress(done, len(rows))
    if tasks:
        _dispatch(rows, results, tasks, jobs, timeout, memory_mb, check, progress)
    return [r for r in results if r is not None]


def _dispatch(
    rows: Sequence[Row],
    results: list[Result | None],
    tasks: deque[int],
    jobs: int,
    timeout: float,
    memory_mb: int,
    check: CheckFunction,
    progress: Callable[[int, int], None] | None,
) -> None:
    pool = _Pool(min(jobs, len(tasks)), check, memory_mb)
    queues = _Queues(rows, tasks, len(pool.workers))
    loop = _Loop(pool, rows, results, queues, timeout, progress)
    try:
        loop.run()
    finally:
        pool.close()


class _Queues:
    """Row indices per worker slot. All rows of a problem go to one slot, so each problem's
    answers are computed by one worker (the catalogue builds a problem on first use, which
    costs far more than checking an answer); slots are balanced by row count, and a worker
    whose queue is empty takes from the tail of the longest one.
    """

    def __init__(self, rows: Sequence[Row], indices: Iterable[int], slots: int) -> None:
        by_problem: dict[str, list[int]] = {}
        for index in indices:
            by_problem.setdefault(rows[index].problem, []).append(index)
        self.queues: list[deque[int]] = [deque() for _ in range(max(1, slots))]
        for group in sorted(by_problem.values(), key=len, reverse=True):
            min(self.queues, key=len).extend(group)

    def __bool__(self) -> bool:
        return any(self.queues)

    def take(self, slot: int) -> int | None:
        """The next row for the worker in ``slot``, or None when nothing is left."""
        if self.queues[slot]:
            return self.queues[slot].popleft()
        longest = max(self.queues, key=len)
        return longest.pop() if longest else None


class _Loop:
    """The scheduling loop: feed idle workers, collect answers, enforce deadlines."""

    def __init__(
        self,
        pool: _Pool,
        rows: Sequence[Row],
        results: list[Result | None],
        tasks: _Queues,
        timeout: float,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.pool, self.rows, self.results, self.tasks = pool, rows, results, tasks
        self.timeout, self.progress = timeout, progress
        self.done = sum(r is not None for r in results)

    def run(self) -> None:
        while self.tasks or any(w.task is not None for w in self.pool.workers):
            self._feed()
            busy = [w.conn for w in self.pool.workers if w.task is not None or not w.ready]
            for conn in wait(busy, timeout=self._next_deadline()):
                self._receive(next(w for w in self.pool.workers if w.conn is conn))
            self._enforce_deadlines()

    def _feed(self) -> None:
        for slot, worker in enumerate(self.pool.workers):
            if worker.ready and worker.task is None and self.tasks:
                index = self.tasks.take(slot)
                if index is None:
                    return
                row = self.rows[index]
                worker.task = (index, row.reference, row.answer)
                worker.started, worker.checking = time.monotonic(), False
                worker.cpu_started = cpu_seconds(worker.process.pid)
                try:
                    worker.conn.send(worker.task)
                except OSError:
                    self._crashed(worker, "the worker process died")

    def _next_deadline(self) -> float:
        now, limits = time.monotonic(), [_POLL_SECONDS]
        for worker in self.pool.workers:
            if worker.task is not None and worker.checking:
                limits.append(worker.started + self.timeout - now)
        return max(0.01, min(limits))

    def _over_time(self, worker: _Worker, now: float) -> bool:
        """Past the limit: CPU time of this answer over ``timeout``, or wall time over twice
        that (a blocked worker). CPU time keeps a busy machine from causing false timeouts.
        """
        limit = self.timeout if worker.checking else max(self.timeout, _PREPARE_SECONDS)
        wall = now - worker.started
        if wall <= limit:
            return False
        if wall > 2 * limit + 1 or worker.cpu_started is None:
            return True
        used = cpu_seconds(worker.process.pid)
        return used is None or used - worker.cpu_started > limit

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, index, outcome, seconds = worker.conn.recv()
        except (EOFError, OSError):
            self._crashed(worker, "the worker process died")
            return
        if kind == "ready":
            worker.ready = True
            return
        if kind == "started":  # the problem is ready: the answer's own clock starts now
            worker.started, worker.checking = time.monotonic(), True
            worker.cpu_started = cpu_seconds(worker.process.pid)
            return
        worker.task = None
        self._record(index, outcome, seconds)

    def _record(self, index: int, outcome: dict[str, Any], seconds: float) -> None:
        self.results[index] = _result(self.rows[index], outcome, seconds)
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.rows))

    def _crashed(self, worker: _Worker, detail: str) -> None:
        task = worker.task
        self.pool.replace(worker)
        if task is None:  # died while starting: a broken environment, not a bad row
            if not worker.ready:
                raise GradingInputError(f"a grading worker could not start ({detail})")
            return
        self._record(
            task[0], {"status": "error", "reason": "worker_crashed", "detail": detail}, 0.0
        )

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for worker in list(self.pool.workers):
            if worker.task is not None and self._over_time(worker, now):
                index = worker.task[0]
                self.pool.replace(worker)
                detail = f"stopped after {self.timeout:g} s"
                self._record(
                    index,
                    {"status": "error", "reason": "timeout", "detail": detail},
                    now - worker.started,
                )
            elif not worker.ready and now - worker.started > _STARTUP_SECONDS:
                raise GradingInputError("a grading worker did not start in time")


# --- summary and reports ----------------------------------------------------------------


def summarise(results: Sequence[Result]) -> dict[str, Any]:
    """Totals and, per problem reference, counts, score and reasons."""
    per: dict[str, dict[str, Any]] = {}
    for result in results:
        key = f"{result.problem}:{result.ask}" if result.ask else result.problem
        entry = per.setdefault(
            key, {"rows": 0, "correct": 0, "incorrect": 0, "errors": 0, "reasons": Counter()}
        )
        _count(entry, result)
    totals: dict[str, Any] = {
        "rows": 0,
        "correct": 0,
        "incorrect": 0,
        "errors": 0,
        "reasons": Counter(),
    }
    for result in results:
        _count(totals, result)
    for entry in (*per.values(), totals):
        graded = entry["correct"] + entry["incorrect"]
        entry["score"] = round(entry["correct"] / graded, 4) if graded else None
        entry["reasons"] = dict(sorted(entry["reasons"].items()))
    return {"totals": totals, "problems": dict(sorted(per.items()))}


def _count(entry: dict[str, Any], result: Result) -> None:
    entry["rows"] += 1
    key = "errors" if result.status == "error" else ("correct" if result.correct else "incorrect")
    entry[key] += 1
    entry["reasons"][result.reason] += 1


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


REPORT_COLUMNS = (
    "line",
    "student",
    "problem",
    "ask",
    "answer",
    "status",
    "correct",
    "reason",
    "feedback",
    "time_ms",
)


def write_reports(
    results: Sequence[Result],
    summary: dict[str, Any],
    paths: tuple[Path, Path],
    *,
    lang: str = "en",
) -> None:
    """Write the CSV and JSON reports, each atomically."""
    csv_path, json_path = paths
    atomic_write(csv_path, _csv_text(results, lang))
    document = {
        "summary": summary,
        "rows": [_json_row(r) for r in results],
    }
    atomic_write(json_path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def _csv_text(results: Sequence[Result], lang: str) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for r in results:
        correct = "" if r.correct is None else str(r.correct).lower()
        cells = (
            r.line,
            r.student,
            r.problem,
            r.ask,
            r.answer,
            r.status,
            correct,
            r.reason,
            r.feedback_in(lang),
            r.time_ms,
        )
        writer.writerow([_spreadsheet_safe(c) for c in cells])
    return buffer.getvalue()


def _spreadsheet_safe(cell: object) -> object:
    """Prefix a quote to text a spreadsheet would run as a formula (=, +, -, @)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _json_row(result: Result) -> dict[str, Any]:
    row = asdict(result)
    extra = row.pop("extra")
    row.update(extra)
    return row


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True)
class Report:
    """What a grading run produced."""

    results: list[Result]
    summary: dict[str, Any]
    paths: tuple[Path, Path]


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
) -> Report:
    """Read, grade and write both reports; returns the results and where they went."""
    if jobs < 1:
        raise GradingInputError(f"--jobs must be at least 1, got {jobs}")
    if not timeout > 0:
        raise GradingInputError(f"--timeout must be positive, got {timeout}")
    rows = read_answers(csv_path)
    results = grade_rows(
        rows, jobs=jobs, timeout=timeout, memory_mb=memory_mb, check=check, progress=progress
    )
    summary = summarise(results)
    paths = report_paths(csv_path, output)
    write_reports(results, summary, paths, lang=lang)
    return Report(results, summary, paths)


def stderr_progress(done: int, total: int) -> None:
    """A progress bar on stderr (a line per 10 % when stderr is not a terminal)."""
    if total <= 0:
        return
    if sys.stderr.isatty():
        filled = int(30 * done / total)
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rgrading [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}{end}")
        sys.stderr.flush()
    elif done == total or done * 10 // total != (done - 1) * 10 // total:
        sys.stderr.write(f"grading {done}/{total}\n")
