"""Independence ⇔ factorisation: P(x | y) = P(x) exactly when P(x, y) = P(x) P(y)."""

import sympy as sp

from symgen.notation.symbols import P
from symgen.proof.derivation import Derivation, Step, ratio

x, y = sp.symbols("x y")


joint_as_product = sp.Mul(P(x), P(y), evaluate=False)
DERIVATION = Derivation(
    name="independence_factorisation",
    topic="probability",
    title_en="Independence ⇔ the joint factorises",
    title_ko="독립 ⇔ 결합확률이 곱으로 쪼개짐",
    statement=r"\mathrm{x} \perp \mathrm{y} \iff P(x, y) = P(x)\, P(y) \iff P(x \mid y) = P(x)",
    note_en="The chain shows ⇐ (a factorised joint gives P(x | y) = P(x)); the facts show ⇒ (P(x "
    "| y) = P(x) gives the product). Independence is built into verify's random models. General: "
    "every link is checked by symgen.verify on the abstract notation (symbolic normal form, and "
    "numerically on random finite models with 2 to 5 outcomes per variable).",
    note_ko="본 사슬은 ⇐ 방향(곱으로 쪼개지면 P(x | y) = P(x)), 보조 사실은 ⇒ 방향을 보인다. "
    "독립 가정은 verify의 임의 모델에 반영된다. 일반적인 경우: 각 단계는 symgen.verify가 추상 "
    "표기 그대로 확인한다 (기호 정규형, 그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 "
    "수치적으로).",
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
)
