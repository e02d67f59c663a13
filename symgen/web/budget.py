"""The web app's limits: the CLI's numbers, enforced by ``symgen.parsing.budget``.

The numbers are the CLI's (``symgen check``'s time limit an answer, ``symgen prove``'s
verify_claim budget) and its list of "could not check" verdicts; ``tests/test_web.py`` holds
them equal. The web layer sits beside the CLI in the layer order, so it keeps a copy of the
numbers instead of importing them. Under ``symgen serve`` the engine runs in uvicorn's
event-loop thread, the main thread, where the budget's alarm interrupts a long check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from symgen.parsing.budget import time_budget
from symgen.proof.claims import DEFAULT_BUDGET

CHECK_SECONDS = 2.0  # one answer, as symgen.cli.check.TIME_LIMIT_SECONDS
CLAIM_SECONDS = DEFAULT_BUDGET  # one claim or chain, as symgen prove
# verdict reasons that mean "the answer could not be checked" (symgen.cli.check's list)
INVALID_REASONS = frozenset(
    {"parse_error", "too_large", "empty_answer", "timeout", "unknown_function", "undefined_answer"}
)
T = TypeVar("T")


def bounded(seconds: float, work: Callable[[], T]) -> T:
    """``work()`` within ``seconds``; a limit of 0 or less raises at once (testable).

    >>> bounded(0, lambda: 1)
    Traceback (most recent call last):
    ...
    symgen.errors.BudgetExceeded: the work took more than 0 s
    """
    with time_budget(seconds):
        return work()
