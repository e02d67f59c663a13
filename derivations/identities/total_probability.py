"""Law of total probability: P(x) = sum_y P(x | y) P(y)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint
from symgen.notation import P, Sum

x, y = sp.symbols("x y")
J = SymbolicJoint(["x", "y"], sizes=(2, 3))


def meaning(vx: int) -> dict:
    """Concrete values at x = vx; the sums over y are written out."""
    values = {
        P(x): J.prob({"x": vx}),
        Sum(P(x, y), y): sp.Add(*(J.prob({"x": vx, "y": vy}) for vy in range(3))),
        Sum(P(x, given=(y,)) * P(y), y): sp.Add(
            *(J.cond({"x": vx}, {"y": vy}) * J.prob({"y": vy}) for vy in range(3))
        ),
    }
    return values


DERIVATION = Derivation(
    name="total_probability",
    topic="probability",
    title_en="Law of total probability",
    title_ko="전체 확률의 법칙",
    statement=r"P(x) = \sum_y P(x \mid y)\, P(y)",
    note_en="On a 2 × 3 joint table with free symbolic cells, for every value of x.",
    note_ko="칸이 자유 기호인 2 × 3 결합표에서, x의 모든 값에 대해 확인한다.",
    start=P(x),
    steps=(
        Step(Sum(P(x, y), y), "marginalisation"),
        Step(Sum(P(x, given=(y,)) * P(y), y), "product_rule", assumes=("P(y) > 0",)),
    ),
    models=(meaning(0), meaning(1)),
)
