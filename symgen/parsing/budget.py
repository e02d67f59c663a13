"""Time budgets for work on untrusted input: ``with time_budget(2.0): ...``.

A budget is enforced two ways at once:

* cooperatively, in every thread: long loops call :func:`checkpoint`, which raises
  :class:`~symgen.errors.BudgetExceeded` once the deadline (read from the budget's clock) has
  passed;
* preemptively, in the main thread on POSIX: an ``ITIMER_REAL`` alarm raises
  ``BudgetExceeded`` inside whatever Python code is running when the time is up (a single
  C call, such as one huge integer multiplication, finishes first).

Budgets nest: an inner budget never extends an outer one, and leaving it re-arms the outer
alarm (or any alarm that was set before, such as a caller's own ``SIGALRM`` timer).
``None`` means no budget; a budget of 0 or less raises at once, so budgets are testable
without waiting. A clock can be injected (``clock=``) for deterministic tests; the alarm is
then not armed, since it runs on real time.

>>> with time_budget(0):
...     pass
Traceback (most recent call last):
...
symgen.errors.BudgetExceeded: the work took more than 0 s
>>> with_budget(sum, 1.0, [1, 2, 3])
6
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from symgen.errors import BudgetExceeded

__all__ = ["checkpoint", "remaining", "time_budget", "with_budget"]

T = TypeVar("T")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class _Budget:
    deadline: float
    seconds: float
    clock: Clock

    def expired(self) -> bool:
        return self.clock() >= self.deadline

    def error(self) -> BudgetExceeded:
        return BudgetExceeded(f"the work took more than {self.seconds:g} s")


_CURRENT: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "symgen_time_budget", default=None
)


def remaining() -> float | None:
    """Seconds left in the innermost budget (never below 0), or None without a budget."""
    budget = _CURRENT.get()
    return None if budget is None else max(0.0, budget.deadline - budget.clock())


def checkpoint() -> None:
    """Raise BudgetExceeded when the current budget (if any) is spent."""
    budget = _CURRENT.get()
    if budget is not None and budget.expired():
        raise budget.error()


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: Any) -> None:
    """SIGALRM handler: raise for the budget in force, if it really is spent."""
    budget = _CURRENT.get()
    if budget is not None and budget.expired():
        raise budget.error()
    if budget is not None:  # woken early (clock granularity): wait for the rest
        signal.setitimer(signal.ITIMER_REAL, max(budget.deadline - budget.clock(), 1e-3))


@contextlib.contextmanager
def time_budget(
    seconds: float | None, *, clock: Clock | None = None, alarm: bool = True
) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once ``seconds`` have passed.

    ``clock`` (default ``time.monotonic``) is read by :func:`checkpoint`; with an injected
    clock, or ``alarm=False``, or outside the main thread, only checkpoints enforce it.
    """
    if seconds is None:
        yield
        return
    tick = time.monotonic if clock is None else clock
    mine = _Budget(tick() + seconds, seconds, tick)
    if seconds <= 0:
        raise mine.error()
    outer = _CURRENT.get()
    if outer is not None and outer.clock is tick and outer.deadline <= mine.deadline:
        mine = outer  # a nested budget never extends the outer one
    token = _CURRENT.set(mine)
    armed = alarm and clock is None and _alarm_usable()
    if not armed:
        try:
            yield
        finally:
            _CURRENT.reset(token)
        return
    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    previous_delay, _ = signal.setitimer(
        signal.ITIMER_REAL, max(mine.deadline - time.monotonic(), 1e-6)
    )
    try:
        yield
    finally:
        _CURRENT.reset(token)  # from here a late alarm finds the outer budget, not this one
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:  # someone's earlier alarm: re-arm it for the time it had left
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))


def with_budget(fn: Callable[..., T], timeout: float | None, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` under ``time_budget(timeout)``."""
    with time_budget(timeout):
        return fn(*args, **kwargs)
