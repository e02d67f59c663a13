"""Rules, derivations, claims and step chains: proofs shown step by step."""

from __future__ import annotations

from symgen.proof.claims import check_steps, verify_claim
from symgen.proof.derivation import (
    Apply,
    Derivation,
    Step,
    SymbolicJoint,
    Term,
    chain,
    ratio,
    symbolic_pmf,
)
from symgen.proof.rules import (
    apply_rule,
    cross_entropy_sum,
    entropy_sum,
    kl_sum,
    solve_for,
)

__all__ = [
    "Apply",
    "Derivation",
    "Step",
    "SymbolicJoint",
    "Term",
    "apply_rule",
    "chain",
    "check_steps",
    "cross_entropy_sum",
    "entropy_sum",
    "kl_sum",
    "ratio",
    "solve_for",
    "symbolic_pmf",
    "verify_claim",
]
