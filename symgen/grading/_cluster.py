"""Grading on Dask: rows go out in batches; each Dask worker checks them on a local pool.

``SCHEDULER`` is a scheduler address (``tcp://host:8786``) or ``local[:N]``, which starts a
LocalCluster of N single-threaded worker processes (default: one per CPU). Each Dask worker
keeps one checker process (:class:`symgen.grading._pool.Pool`) for the whole run, with the
same per-answer CPU-time and address-space limits as ``--jobs``, so a batch's results are
the ones ``--jobs`` would give. Rows of one problem travel together, so a worker computes
each catalogue problem once. Needs the ``[dask]`` extra (``distributed``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from symgen.grading._pool import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    CheckFunction,
    Pool,
    run_rows,
)
from symgen.grading.rows import GradingInputError, Result, Row, check_row, malformed

BATCH_ROWS = 250
_LOCAL = re.compile(r"local(?::(\d+))?")
_POOLS: dict[tuple[Any, int], Pool] = {}
_POOLS_LOCK = threading.Lock()


def grade_rows_on_dask(
    rows: Sequence[Row],
    scheduler: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    check: CheckFunction = check_row,
    progress: Callable[[int, int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> list[Result]:
    """Grade ``rows`` on the Dask cluster at ``scheduler``; one Result per row, in order.

    Batches hold at most ``batch_rows`` rows, fewer for a small file, so that every worker
    gets at least two."""
    try:
        from distributed import as_completed
    except ImportError:
        raise GradingInputError("--dask needs the dask extra: pip install 'symgen[dask]'") from None
    results: list[Result | None] = [malformed(row) if row.error else None for row in rows]
    todo = sorted((i for i, row in enumerate(rows) if not row.error), key=lambda i: rows[i].problem)
    done = len(rows) - len(todo)
    if progress:
        progress(done, len(rows))
    if not todo:
        return [r for r in results if r is not None]
    with _client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, min(batch_rows, -(-len(todo) // (2 * workers))))  # 2+ batches a worker
        batches = [todo[n : n + size] for n in range(0, len(todo), size)]
        run = uuid.uuid4().hex[:12]
        futures = {
            client.submit(
                grade_batch, [rows[i] for i in batch], timeout, memory_mb, check,
                key=f"symgen-grade-{run}-{n}", pure=False,
            ): batch
            for n, batch in enumerate(batches)
        }  # fmt: skip
        for future, batch_results in as_completed(futures, with_results=True):
            for index, result in zip(futures[future], batch_results, strict=True):
                results[index] = result
            done += len(batch_results)
            if progress:
                progress(done, len(rows))
    return [r for r in results if r is not None]


def grade_batch(
    rows: list[Row], timeout: float, memory_mb: int, check: CheckFunction
) -> list[Result]:
    """Grade one batch on this process's checker pool (runs on a Dask worker)."""
    with _POOLS_LOCK:  # one checker per Dask worker process; its threads take turns
        pool = _POOLS.get((check, memory_mb))
        if pool is None:
            pool = _POOLS[(check, memory_mb)] = Pool(1, check, memory_mb)
        return run_rows(pool, rows, timeout)


def parse_scheduler(scheduler: str) -> int | None:
    """The worker count of ``local[:N]`` (0 = one per CPU), or None for an address.

    >>> parse_scheduler("local:2"), parse_scheduler("local"), parse_scheduler("tcp://h:8786")
    (2, 0, None)
    """
    match = _LOCAL.fullmatch(scheduler.strip())
    if match is None:
        if not scheduler.strip():
            raise GradingInputError("--dask needs a scheduler address or local[:N]")
        return None
    workers = int(match.group(1) or 0)
    if match.group(1) is not None and workers < 1:
        raise GradingInputError(f"--dask local:N needs N >= 1, got {workers}")
    return workers


@contextlib.contextmanager
def _client(scheduler: str) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    workers = parse_scheduler(scheduler)
    if workers is None:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise GradingInputError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never "8787 is in use" on a shared machine
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client
