"""The web app's time limits: the CLI's, enforced the same way (SIGALRM in the main thread).

The numbers are the CLI's (``symgen check``: 10 s an answer; ``symgen prove``: verify_claim's
default budget); ``tests/test_web.py`` holds them equal. The web layer sits beside the CLI,
so it keeps its own copy of the small timer instead of importing it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from symgen.errors import CheckTimeout
from symgen.proof.claims import DEFAULT_BUDGET

CHECK_SECONDS = 10.0  # one answer, as symgen.cli.check.TIME_LIMIT_SECONDS
CLAIM_SECONDS = DEFAULT_BUDGET  # one claim or chain, as symgen prove
# verdict reasons that mean "the answer could not be checked" (symgen.cli.check's list)
INVALID_REASONS = frozenset({"parse_error", "too_large", "empty_answer", "timeout"})
T = TypeVar("T")


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise CheckTimeout in the main thread after ``seconds`` (no-op in other threads)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CheckTimeout(f"the check took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` under a time limit; a limit of 0 or less raises at once (testable).

    >>> bounded(0, lambda: 1)
    Traceback (most recent call last):
    ...
    symgen.errors.CheckTimeout: the check took more than 0 s
    """
    if seconds <= 0:
        raise CheckTimeout(f"the check took more than {seconds:g} s")
    with time_limit(seconds):
        return work()
