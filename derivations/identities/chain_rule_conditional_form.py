"""Chain rule, the notes' second form: P(a,b,c) = P(a,b|c) P(c) = P(a|b,c) P(b|c) P(c)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint
from symgen.notation import P

a, b, c = sp.symbols("a b c")
J = SymbolicJoint(["a", "b", "c"])


def meaning(va: int, vb: int, vc: int) -> dict:
    """Concrete values of the terms at the outcome (va, vb, vc)."""
    return {
        P(a, b, c): J.prob({"a": va, "b": vb, "c": vc}),
        P(a, b, given=(c,)): J.cond({"a": va, "b": vb}, {"c": vc}),
        P(a, given=(b, c)): J.cond({"a": va}, {"b": vb, "c": vc}),
        P(b, given=(c,)): J.cond({"b": vb}, {"c": vc}),
        P(c): J.prob({"c": vc}),
    }


DERIVATION = Derivation(
    name="chain_rule_conditional_form",
    topic="probability",
    title_en="Chain rule through a conditional joint",
    title_ko="조건부 결합확률을 거치는 연쇄 법칙",
    statement=r"P(a, b, c) = P(a, b \mid c)\, P(c) = P(a \mid b, c)\, P(b \mid c)\, P(c)",
    note_en="On a joint table of three binary variables with free symbolic cells, "
    "at every outcome.",
    note_ko="세 이진 변수의 결합표(칸은 자유 기호)에서, 모든 결과에 대해 확인한다.",
    start=P(a, b, c),
    steps=(
        Step(
            sp.Mul(P(a, b, given=(c,)), P(c), evaluate=False),
            "product_rule",
            note="condition the pair (a, b) on c",
            note_ko="(a, b)를 c로 조건화",
            assumes=("P(c) > 0",),
        ),
        Step(
            sp.Mul(P(a, given=(b, c)), P(b, given=(c,)), P(c), evaluate=False),
            "product_rule",
            note="P(a, b | c) = P(a | b, c) P(b | c)",
            assumes=("P(b, c) > 0",),
        ),
    ),
    models=tuple(meaning(*o) for o in J.outcomes),
)
