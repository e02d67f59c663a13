"""Bayes' rule: P(x | y) = P(y | x) P(x) / P(y)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint, ratio
from symgen.notation import P

x, y = sp.symbols("x y")
J = SymbolicJoint(["x", "y"], sizes=(2, 3))


def meaning(vx: int, vy: int) -> dict:
    """Concrete values of the terms at (vx, vy)."""
    return {
        P(x, given=(y,)): J.cond({"x": vx}, {"y": vy}),
        P(y, given=(x,)): J.cond({"y": vy}, {"x": vx}),
        P(x, y): J.prob({"x": vx, "y": vy}),
        P(x): J.prob({"x": vx}),
        P(y): J.prob({"y": vy}),
    }


DERIVATION = Derivation(
    name="bayes_rule",
    topic="probability",
    title_en="Bayes' rule",
    title_ko="베이즈 정리",
    statement=r"P(x \mid y) = \frac{P(y \mid x)\, P(x)}{P(y)}",
    note_en="On a 2 × 3 joint table with free symbolic cells, at every outcome.",
    note_ko="칸이 자유 기호인 2 × 3 결합표에서, 모든 결과에 대해 확인한다.",
    start=P(x, given=(y,)),
    steps=(
        Step(ratio(P(x, y), P(y)), "def_conditional", assumes=("P(y) > 0",)),
        Step(
            ratio(sp.Mul(P(y, given=(x,)), P(x), evaluate=False), P(y)),
            "product_rule",
            note="write the joint the other way round",
            note_ko="결합확률을 반대 방향으로 쓴다",
            assumes=("P(x) > 0",),
        ),
    ),
    models=tuple(meaning(*o) for o in J.outcomes),
)
