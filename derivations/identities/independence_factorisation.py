"""Independence ⇔ factorisation: P(x | y) = P(x) exactly when P(x, y) = P(x) P(y)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint, ratio, symbolic_pmf
from symgen.notation import P

x, y = sp.symbols("x y")
U, V = symbolic_pmf("u", 2), symbolic_pmf("v", 3)
J = SymbolicJoint.from_cells(["x", "y"], {(i, j): U[i] * V[j] for i in U for j in V})


def meaning(vx: int, vy: int) -> dict:
    """Concrete values at (vx, vy) of a table built as a product of two pmfs."""
    return {
        P(x, given=(y,)): J.cond({"x": vx}, {"y": vy}),
        P(x, y): J.prob({"x": vx, "y": vy}),
        P(x): J.prob({"x": vx}),
        P(y): J.prob({"y": vy}),
    }


joint_as_product = sp.Mul(P(x), P(y), evaluate=False)
DERIVATION = Derivation(
    name="independence_factorisation",
    topic="probability",
    title_en="Independence ⇔ the joint factorises",
    title_ko="독립 ⇔ 결합확률이 곱으로 쪼개짐",
    statement=r"\mathrm{x} \perp \mathrm{y} \iff P(x, y) = P(x)\, P(y) \iff P(x \mid y) = P(x)",
    note_en="The chain shows ⇐ (a factorised joint gives P(x | y) = P(x)); the facts show ⇒ "
    "(P(x | y) = P(x) gives the product). Checked on a 2 × 3 table built as the product of two "
    "symbolic pmfs, at every outcome.",
    note_ko="본 사슬은 ⇐ 방향(곱으로 쪼개지면 P(x | y) = P(x)), 보조 사실은 ⇒ 방향을 보인다. "
    "두 기호 확률분포의 곱으로 만든 2 × 3 표의 모든 결과에서 확인한다.",
    start=P(x, given=(y,)),
    steps=(
        Step(ratio(P(x, y), P(y)), "def_conditional", assumes=("P(y) > 0",)),
        Step(ratio(joint_as_product, P(y)), "independence_factorises", assumes=("x ⊥ y",)),
        Step(P(x), "algebra", note="cancel P(y)", note_ko="P(y) 약분"),
    ),
    facts=(
        (P(x, y), Step(sp.Mul(P(x, given=(y,)), P(y), evaluate=False), "product_rule")),
        (
            sp.Mul(P(x, given=(y,)), P(y), evaluate=False),
            Step(joint_as_product, "substitute", note="P(x | y) = P(x)", assumes=("x ⊥ y",)),
        ),
    ),
    models=tuple(meaning(*o) for o in J.outcomes),
)
