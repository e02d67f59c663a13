"""Chain rule, the notes' second form: P(a,b,c) = P(a,b|c) P(c) = P(a|b,c) P(b|c) P(c)."""

import sympy as sp

from symgen.notation.symbols import P
from symgen.proof.derivation import Derivation, Step

a, b, c = sp.symbols("a b c")


DERIVATION = Derivation(
    name="chain_rule_conditional_form",
    topic="probability",
    title_en="Chain rule through a conditional joint",
    title_ko="조건부 결합확률을 거치는 연쇄 법칙",
    statement=r"P(a, b, c) = P(a, b \mid c)\, P(c) = P(a \mid b, c)\, P(b \mid c)\, P(c)",
    note_en="General: every link is checked by symgen.verify on the abstract notation (symbolic "
    "normal form, and numerically on random finite models with 2 to 5 outcomes per variable).",
    note_ko="일반적인 경우: 각 단계는 symgen.verify가 추상 표기 그대로 확인한다 (기호 정규형, "
    "그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 수치적으로).",
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
)
