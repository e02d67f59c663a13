"""Worker processes that check answers under a CPU-time and an address-space limit.

Each answer is checked in a worker process (``forkserver`` on Linux, ``spawn`` elsewhere)
under a hard time limit per answer and an address-space limit (``RLIMIT_AS``): a worker that
spends more than ``timeout`` CPU seconds on one answer (or twice that in wall time, when it
is blocked or CPU time cannot be read) or dies is killed and replaced, and its row becomes
an error row (``timeout`` or ``worker_crashed``). Counting CPU time keeps a busy machine
from turning slow-but-fine answers into timeouts. Workers ignore SIGINT (the parent decides
when to stop) and leave quietly when the parent goes away.

This module imports no SymPy at import time: workers import the checker themselves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from symgen.grading.rows import GradingInputError, Result, Row, check_row, malformed, to_result

DEFAULT_TIMEOUT = 5.0
DEFAULT_MEMORY_MB = 1024
_STARTUP_SECONDS = 120.0
_POLL_SECONDS = 0.25
_PREPARE_SECONDS = 60.0  # computing one catalogue problem's answers, before the answer's clock
_WALL_CAP = 10  # a runnable worker is stopped after 10x the limit (+60 s) of wall time

CheckFunction = Callable[[str, str], dict[str, Any]]


def _worker_main(conn: Connection, check: CheckFunction, memory_mb: int) -> None:
    """Worker loop: limit memory, warm up, then answer (index, reference, answer) tasks.

    SIGINT is ignored (a Ctrl-C reaches the whole process group; the parent stops the
    workers), and a parent that has gone away ends the loop without a traceback.
    """
    with contextlib.suppress(ValueError):  # not the main thread: nothing to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _limit_memory(memory_mb)
    with contextlib.suppress(EOFError, OSError):  # the parent left: stop quietly
        _serve(conn, check)


def _serve(conn: Connection, check: CheckFunction) -> None:
    cache: dict[tuple[str, str], dict[str, Any]] = {}
    _warm_up(check)
    conn.send(("ready", None, None, 0.0))
    while (task := conn.recv()) is not None:
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


def runnable(pid: int) -> bool:
    """Whether a process is running or waiting for a CPU (Linux /proc state R)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] == "R"
    except (OSError, IndexError):
        return False


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["symgen.answers.check", "symgen.catalogue.problems"])
        return ctx
    return multiprocessing.get_context("spawn")


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Dask worker) start checker workers.

    multiprocessing refuses children in a daemonic process, lest they outlive it. Ours
    cannot: each one leaves when its pipe to this process closes, and is killed with it.
    """
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemon = config.get("daemon", False)
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemon


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: tuple[int, str, str] | None = None
    started: float = 0.0
    cpu_started: float | None = None
    checking: bool = False


class Pool:
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
        with _children_allowed():
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
    if not any(not row.error for row in rows):
        return run_rows(None, rows, timeout, progress)
    pool = Pool(min(jobs, sum(not row.error for row in rows)), check, memory_mb)
    try:
        return run_rows(pool, rows, timeout, progress)
    finally:
        pool.close()


def run_rows(
    pool: Pool | None,
    rows: Sequence[Row],
    timeout: float,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Grade ``rows`` on a running pool (None when every row is malformed), in input order."""
    results: list[Result | None] = [None if not row.error else malformed(row) for row in rows]
    tasks = [index for index, row in enumerate(rows) if not row.error]
    if progress:
        progress(len(rows) - len(tasks), len(rows))
    if tasks and pool is not None:
        queues = _Queues(rows, tasks, len(pool.workers))
        _Loop(pool, rows, results, queues, timeout, progress).run()
    lost = {"status": "error", "reason": "error", "detail": "the row was not graded"}
    return [r if r is not None else to_result(rows[i], lost, 0.0) for i, r in enumerate(results)]


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
        pool: Pool,
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
        """Past the limit: CPU time of this answer over ``timeout``; or, under that, wall
        time over twice the limit while the worker is blocked (not runnable), or over the
        wall cap. A busy machine slows a worker down but keeps it runnable, so it cannot
        turn a slow-but-fine answer into a timeout (and the report stays the same).
        """
        limit = self.timeout if worker.checking else max(self.timeout, _PREPARE_SECONDS)
        wall = now - worker.started
        if wall <= limit:
            return False
        used = cpu_seconds(worker.process.pid) if worker.cpu_started is not None else None
        if used is None or worker.cpu_started is None:  # no CPU clock: wall time decides
            return True
        if used - worker.cpu_started > limit:
            return True
        if wall > _WALL_CAP * limit + 60:
            return True
        return wall > 2 * limit + 1 and not runnable(worker.process.pid)

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
        self.results[index] = to_result(self.rows[index], outcome, seconds)
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
