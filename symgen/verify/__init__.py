"""Does one link hold? Symbolic normal form, numeric evidence on random models, verdicts."""

from __future__ import annotations

from symgen.verify._evaluate import evaluate, evaluate_tracked, exact_value
from symgen.verify._evidence import numeric_check
from symgen.verify._lower import lower
from symgen.verify.link import check_chain, check_link
from symgen.verify.verdict import Counterexample, LinkVerdict, Status

__all__ = [
    "Counterexample",
    "LinkVerdict",
    "Status",
    "check_chain",
    "check_link",
    "evaluate",
    "evaluate_tracked",
    "exact_value",
    "lower",
    "numeric_check",
]
