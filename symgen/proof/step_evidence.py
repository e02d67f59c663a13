"""An independent numeric look at every step the search derived, before it is shown.

A derived step follows from its rule by construction, and the claim itself is verified
symbolically and numerically; this is the cross-check that a rule implementation did not
produce a false line. Each link ``before R after`` is evaluated on a few seeded random
models (``symgen.verify``'s evaluator, exact numbers to 50+ digits). A link that fails on
one model rejects the whole derivation. The look is bounded (``CHECK_SECONDS`` of CPU time);
links it does not reach rest on their rule and on the claim's own verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from symgen.errors import BudgetExceeded, SymgenError
from symgen.parsing.budget import checkpoint, time_budget
from symgen.proof.derivation import Derivation
from symgen.verify import lower, numeric_check
from symgen.verify.assumptions import read_assumptions

TRIALS = 6  # models per link: enough to catch a wrong line, cheap next to the search
CHECK_SECONDS = 3.0  # CPU seconds for all links of one derivation

_CHECKED = {"=", "<=", ">=", "<", ">"}


def refuted_link(derivation: Derivation, assumes: Sequence[object] = ()) -> int | None:
    """Index (1-based) of the first step that fails on a random model, else None.

    A link the models cannot evaluate (an operator with no meaning on a finite model) is
    left to the claim's own verdict.
    """
    try:
        with time_budget(CHECK_SECONDS, cpu=True):
            return _first_refuted(derivation, assumes)
    except BudgetExceeded:
        checkpoint()  # a caller's budget that is spent too raises again here
        return None


def _first_refuted(derivation: Derivation, assumes: Sequence[object]) -> int | None:
    lines = [derivation.start, *(step.expr for step in derivation.steps)]
    try:
        assumed = read_assumptions(tuple(assumes), tuple(lines))
    except SymgenError:
        return None
    for index, step in enumerate(derivation.steps, start=1):
        if step.relation not in _CHECKED:
            continue
        try:
            before, after = (lower(assumed.apply(e)) for e in lines[index - 1 : index + 1])
            _, failing = numeric_check(
                before,
                after,
                relation=step.relation,
                assumes=assumed.independences,
                trials=TRIALS,
            )
        except (SymgenError, ValueError, TypeError, ArithmeticError, AttributeError):
            continue  # no meaning on a finite model: the claim's own verdict decides
        if failing is not None:
            return index
    return None
