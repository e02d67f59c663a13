"""``symgen check PROBLEM_ID "ANSWER"``: check one answer against a catalogue ask.

Exit codes: 0 correct, 1 incorrect, 2 invalid input (unknown problem, unreadable answer,
or a check that ran past its time limit). Exactly one verdict line is printed on stdout:
``correct [...]``, ``incorrect [...]`` or ``invalid [...]`` (a hint may follow a wrong
answer). With ``--json`` one object is printed on stdout instead (``correct``, ``reason``,
``feedback`` and more, plus the ask's first ``hint`` after a wrong answer) even for invalid
input, and an invalid answer also gets one line on stderr. Every word after PROBLEM_ID is
the answer, ``-h`` included (see ``cli.main.protect_leading_minus``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from symgen.errors import CheckTimeout, SymgenError

EXIT_CORRECT, EXIT_INCORRECT, EXIT_INVALID = 0, 1, 2
TIME_LIMIT_SECONDS = 2.0  # CPU seconds for one answer
WALL_FACTOR = 10.0  # ... and at most ten times that of wall time
INVALID_REASONS = frozenset(
    {"parse_error", "too_large", "empty_answer", "timeout", "unknown_function", "undefined_answer"}
)


def run(args: argparse.Namespace) -> int:
    """Check ``args.answer`` for ``args.problem``; print the verdict; return the exit code."""
    from symgen.answers.check import check_answer, verdict
    from symgen.catalogue.problems import find_ask
    from symgen.cli.show import note_chosen_ask
    from symgen.errors import UnknownIdentity

    try:
        ask = find_ask(args.problem)
    except UnknownIdentity as exc:
        return _invalid(args, "unknown_problem", f"unknown problem: {exc}")
    except SymgenError as exc:
        return _invalid(args, "catalogue_error", f"cannot load the catalogue: {exc}")
    note_chosen_ask(args.problem, ask)  # several asks and none named: say which one
    try:
        with time_limit(TIME_LIMIT_SECONDS):  # CPU time; check_answer's own is wall time
            result = check_answer(ask, args.answer, timeout=None)
    except CheckTimeout:
        result = verdict(False, "timeout")
    invalid = result.reason in INVALID_REASONS
    if invalid and args.json:
        print(f"symgen: invalid answer: {result.feedback_en}", file=sys.stderr)
    data = result.to_dict()
    hints = getattr(ask, "hints_ko" if args.lang == "ko" else "hints_en", ()) or ()
    if not result.correct and not invalid and hints:  # a hint follows a wrong answer only
        data["hint"] = str(hints[0])
    _print(args, data, result.feedback_in(args.lang), invalid)
    if invalid:
        return EXIT_INVALID
    return EXIT_CORRECT if result.correct else EXIT_INCORRECT


def _invalid(args: argparse.Namespace, reason: str, message: str) -> int:
    print(f"symgen: {message}", file=sys.stderr)  # the one line; no verdict was reached
    if args.json:
        print(
            json.dumps(
                {"correct": False, "reason": reason, "feedback": message}, ensure_ascii=False
            )
        )
    return EXIT_INVALID


def _print(args: argparse.Namespace, data: dict[str, Any], text: str, invalid: bool) -> None:
    if args.json:
        print(json.dumps({**data, "feedback": text}, ensure_ascii=False))
        return
    mark = "invalid" if invalid else "correct" if data["correct"] else "incorrect"
    print(f"{mark} [{data['reason']}] {text}")
    if "hint" in data:
        print(f"hint: {data['hint']}")


@contextlib.contextmanager
def time_limit(seconds: float, *, wall_factor: float = WALL_FACTOR) -> Iterator[None]:
    """Raise CheckTimeout in the main thread after ``seconds`` of this process's CPU time,
    or ``wall_factor`` times that of wall time (no-op where impossible); a budget of 0 or
    less raises at once.

    CPU time (``ITIMER_PROF``) is what the check spends, so a busy machine cannot turn a
    fine answer into a timeout; the wall-time cap still stops a check that waits.
    """
    if seconds <= 0:
        raise CheckTimeout(f"the check took more than {seconds:g} s")
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise CheckTimeout(f"the check took more than {seconds:g} s")

    timers = ((signal.SIGPROF, signal.ITIMER_PROF, seconds),
              (signal.SIGALRM, signal.ITIMER_REAL, seconds * wall_factor))  # fmt: skip
    previous = {}
    for signum, timer, limit in timers:
        previous[signum] = (signal.signal(signum, expire), signal.setitimer(timer, limit))
    try:
        yield
    finally:
        for signum, timer, _ in timers:
            handler, (delay, interval) = previous[signum]
            signal.setitimer(timer, 0)
            signal.signal(signum, handler)
            if delay:  # re-arm a timer that was set before (a caller's own budget)
                signal.setitimer(timer, delay, interval)
