"""Time budgets for work on untrusted input: ``with time_budget(2.0): ...``.

A budget is enforced two ways at once:

* cooperatively, in every thread: long loops call :func:`checkpoint`, which raises
  :class:`~symgen.errors.BudgetExceeded` once the deadline (read from the budget's clock) has
  passed;
* preemptively, in the main thread on POSIX: an ``ITIMER_REAL`` alarm raises
  ``BudgetExceeded`` inside whatever Python code is running when the time is up (a single
  C call, such as one huge integer multiplication, finishes first).

Budgets nest: an inner budget never extends an outer one (every budget in force is checked),
and leaving it re-arms the outer alarm (or any timer that was set before, such as a caller's
own ``SIGALRM``). A budget may count CPU seconds instead (``cpu=True``): a busy machine then
does not spend it.
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
    timer: int | None  # the itimer that enforces it preemptively, if any
    outer: _Budget | None

    def expired(self) -> bool:
        return self.clock() >= self.deadline

    def left(self) -> float:
        return self.deadline - self.clock()

    def error(self) -> BudgetExceeded:
        return BudgetExceeded(f"the work took more than {self.seconds:g} s")

    def chain(self) -> Iterator[_Budget]:
        budget: _Budget | None = self
        while budget is not None:
            yield budget
            budget = budget.outer


_CURRENT: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "symgen_time_budget", default=None
)


def remaining() -> float | None:
    """Seconds left in the tightest budget in force (never below 0), or None without one."""
    budget = _CURRENT.get()
    if budget is None:
        return None
    return max(0.0, min(b.left() for b in budget.chain()))


def checkpoint() -> None:
    """Raise BudgetExceeded when a budget in force (the innermost or an outer one) is spent."""
    budget = _CURRENT.get()
    if budget is not None:
        for each in budget.chain():
            if each.expired():
                raise each.error()


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_SIGNALS = {}
if hasattr(signal, "setitimer"):
    _SIGNALS = {signal.ITIMER_REAL: signal.SIGALRM, signal.ITIMER_PROF: signal.SIGPROF}


def _on_alarm(signum: int, frame: Any) -> None:
    """Timer handler: raise for a budget in force that really is spent, else re-arm."""
    budget = _CURRENT.get()
    if budget is None:
        return
    checkpoint()
    timer = next(t for t, s in _SIGNALS.items() if s == signum)
    left = [b.left() for b in budget.chain() if b.timer == timer]
    if left:  # woken early (clock granularity): wait for the rest
        signal.setitimer(timer, max(min(left), 1e-3))


@contextlib.contextmanager
def time_budget(
    seconds: float | None, *, clock: Clock | None = None, alarm: bool = True, cpu: bool = False
) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once ``seconds`` have passed.

    ``cpu=True`` counts the process's CPU seconds (``time.process_time``; the alarm is
    ``ITIMER_PROF``), so a busy machine does not spend the budget; the default counts wall
    seconds (``time.monotonic``, ``ITIMER_REAL``). ``clock`` injects another clock, read by
    :func:`checkpoint`; with it, or ``alarm=False``, or outside the main thread, only
    checkpoints enforce the budget. Outer budgets stay in force inside inner ones.
    """
    if seconds is None:
        yield
        return
    default = time.process_time if cpu else time.monotonic
    tick = default if clock is None else clock
    armed = alarm and clock is None and _alarm_usable()
    timer = (signal.ITIMER_PROF if cpu else signal.ITIMER_REAL) if armed else None
    outer = _CURRENT.get()
    mine = _Budget(tick() + seconds, seconds, tick, timer, outer)
    if seconds <= 0:
        raise mine.error()
    token = _CURRENT.set(mine)
    if timer is None:
        try:
            yield
        finally:
            _CURRENT.reset(token)
        return
    number = _SIGNALS[timer]
    started = time.monotonic() if timer == signal.ITIMER_REAL else time.process_time()
    previous_handler = signal.signal(number, _on_alarm)
    left = min(b.left() for b in mine.chain() if b.timer == timer)
    previous_delay, _ = signal.setitimer(timer, max(left, 1e-6))
    try:
        yield
    finally:
        _CURRENT.reset(token)  # from here a late signal finds the outer budgets only
        signal.setitimer(timer, 0)
        signal.signal(number, previous_handler)
        if previous_delay > 0:  # an earlier timer: re-arm it for the time it had left
            now = time.monotonic() if timer == signal.ITIMER_REAL else time.process_time()
            signal.setitimer(timer, max(previous_delay - (now - started), 1e-6))


def with_budget(fn: Callable[..., T], timeout: float | None, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` under ``time_budget(timeout)`` (wall seconds)."""
    with time_budget(timeout):
        return fn(*args, **kwargs)
