"""Conditional independence: P(a, b | c) = P(a | c) P(b | c), and then P(a | b, c) = P(a | c)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint, ratio, symbolic_pmf
from symgen.notation import P

a, b, c = sp.symbols("a b c")
R = symbolic_pmf("r", 2)
S = {vc: symbolic_pmf(f"s{vc}", 2) for vc in R}  # P(a | c)
T = {vc: symbolic_pmf(f"t{vc}", 2) for vc in R}  # P(b | c)
J = SymbolicJoint.from_cells(
    ["a", "b", "c"],
    {(i, j, k): R[k] * S[k][i] * T[k][j] for k in R for i in S[k] for j in T[k]},
)


def meaning(va: int, vb: int, vc: int) -> dict:
    """Concrete values at (va, vb, vc) in a model where a ⊥ b | c by construction."""
    return {
        P(a, b, given=(c,)): J.cond({"a": va, "b": vb}, {"c": vc}),
        P(a, b, c): J.prob({"a": va, "b": vb, "c": vc}),
        P(c): J.prob({"c": vc}),
        P(a, given=(c,)): J.cond({"a": va}, {"c": vc}),
        P(b, given=(c,)): J.cond({"b": vb}, {"c": vc}),
        P(a, given=(b, c)): J.cond({"a": va}, {"b": vb, "c": vc}),
        P(b, c): J.prob({"b": vb, "c": vc}),
    }


factorised = sp.Mul(P(a, given=(c,)), P(b, given=(c,)), evaluate=False)
DERIVATION = Derivation(
    name="conditional_independence",
    topic="probability",
    title_en="Conditional independence",
    title_ko="조건부 독립",
    statement=r"\mathrm{a} \perp \mathrm{b} \mid \mathrm{c} \iff"
    r" P(a, b \mid c) = P(a \mid c)\, P(b \mid c)",
    note_en="On a model P(c) P(a | c) P(b | c) with every table symbolic (so a ⊥ b | c by "
    "construction), at two outcomes (the tables are symmetric symbols, so one generic cell "
    "stands for all). The facts show the equivalent form P(a | b, c) = P(a | c).",
    note_ko="P(c) P(a | c) P(b | c) 꼴의 기호 모델(구성상 a ⊥ b | c)의 모든 결과에서 확인한다. "
    "보조 사실은 동치인 P(a | b, c) = P(a | c)를 보인다.",
    start=P(a, b, given=(c,)),
    steps=(
        Step(ratio(P(a, b, c), P(c)), "def_conditional", assumes=("P(c) > 0",)),
        Step(
            ratio(sp.Mul(P(c), factorised, evaluate=False), P(c)),
            "conditional_independence",
            assumes=("a ⊥ b | c",),
        ),
        Step(factorised, "algebra", note="cancel P(c)", note_ko="P(c) 약분"),
    ),
    facts=(
        (P(a, given=(b, c)), Step(ratio(P(a, b, c), P(b, c)), "def_conditional")),
        (
            ratio(P(a, b, c), P(b, c)),
            Step(P(a, given=(c,)), "conditional_independence", assumes=("a ⊥ b | c",)),
        ),
    ),
    models=(meaning(*J.outcomes[0]), meaning(*J.outcomes[-1])),
)
