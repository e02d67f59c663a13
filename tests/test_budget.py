"""parsing.budget: time budgets, tested without wall-clock assertions."""

from __future__ import annotations

import signal
import threading

import pytest

from symgen.errors import BudgetExceeded, CheckTimeout
from symgen.parsing.budget import checkpoint, remaining, time_budget, with_budget


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_zero_or_negative_budget_raises_at_once() -> None:
    for seconds in (0, -1.0):
        with pytest.raises(BudgetExceeded, match="more than"), time_budget(seconds):
            pass


def test_budget_exceeded_is_a_check_timeout() -> None:
    assert issubclass(BudgetExceeded, CheckTimeout)
    assert issubclass(BudgetExceeded, TimeoutError)


def test_checkpoint_follows_an_injected_clock() -> None:
    clock = FakeClock()
    with time_budget(2.0, clock=clock):
        checkpoint()
        assert remaining() == 2.0
        clock.now += 1.5
        checkpoint()
        assert remaining() == 0.5
        clock.now += 0.5
        with pytest.raises(BudgetExceeded, match="2 s"):
            checkpoint()
        assert remaining() == 0.0


def test_no_budget_means_no_limit() -> None:
    assert remaining() is None
    with time_budget(None):
        checkpoint()
        assert remaining() is None


def test_a_nested_budget_never_extends_the_outer_one() -> None:
    clock = FakeClock()
    with time_budget(1.0, clock=clock):
        with time_budget(50.0, clock=clock):
            assert remaining() == 1.0
            clock.now += 1.0
            with pytest.raises(BudgetExceeded, match="1 s"):
                checkpoint()
        clock.now -= 1.0
        with time_budget(0.25, clock=clock):
            assert remaining() == 0.25
        assert remaining() == 1.0


def test_the_alarm_interrupts_plain_python_code_and_is_restored() -> None:
    before = signal.getsignal(signal.SIGALRM)
    total = 0
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        while True:  # no checkpoint: only the alarm can stop this loop
            total += sum(range(100))
    assert signal.getsignal(signal.SIGALRM) is before
    delay, _ = signal.getitimer(signal.ITIMER_REAL)
    assert delay == 0 or delay > 1.0  # ours is gone; a runner's own alarm may be re-armed


def test_an_earlier_alarm_is_rearmed_after_a_budget() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    runner_delay, _ = signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        with time_budget(10.0):
            pass
        delay, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < delay <= 30.0
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, runner_delay)
    assert fired == []


def test_other_threads_get_the_cooperative_deadline() -> None:
    clock = FakeClock()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with time_budget(1.0, clock=clock):
                clock.now += 2.0
                checkpoint()
        except BudgetExceeded as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(errors) == 1


def test_with_budget_calls_through_and_enforces() -> None:
    assert with_budget(sorted, 1.0, [3, 1, 2]) == [1, 2, 3]
    assert with_budget(max, None, 1, 5) == 5
    with pytest.raises(BudgetExceeded):
        with_budget(sorted, 0, [1])


def test_a_cpu_budget_counts_cpu_seconds_and_stops_busy_code() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.05, cpu=True):
        total = 0
        while True:  # burns CPU: only the ITIMER_PROF alarm can stop it
            total += sum(range(100))
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0


def test_an_outer_budget_stays_in_force_inside_an_inner_one_on_another_clock() -> None:
    outer, inner = FakeClock(), FakeClock()
    with time_budget(1.0, clock=outer), time_budget(10.0, clock=inner):
        checkpoint()
        outer.now += 2.0
        with pytest.raises(BudgetExceeded, match="1 s"):
            checkpoint()
        assert remaining() == 0.0


def test_a_wall_alarm_fires_inside_a_cpu_budget() -> None:
    wall, cpu = time_budget(0.05), time_budget(60.0, cpu=True)
    with pytest.raises(BudgetExceeded, match=r"0\.05 s"), wall, cpu:
        total = 0
        while True:
            total += sum(range(100))
