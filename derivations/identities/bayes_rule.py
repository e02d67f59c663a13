"""Bayes' rule: P(x | y) = P(y | x) P(x) / P(y)."""

import sympy as sp

from symgen.notation.symbols import P
from symgen.proof.derivation import Derivation, Step, ratio

x, y = sp.symbols("x y")


DERIVATION = Derivation(
    name="bayes_rule",
    topic="probability",
    title_en="Bayes' rule",
    title_ko="베이즈 정리",
    statement=r"P(x \mid y) = \frac{P(y \mid x)\, P(x)}{P(y)}",
    note_en="General: every link is checked by symgen.verify on the abstract notation (symbolic "
    "normal form, and numerically on random finite models with 2 to 5 outcomes per variable).",
    note_ko="일반적인 경우: 각 단계는 symgen.verify가 추상 표기 그대로 확인한다 (기호 정규형, "
    "그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 수치적으로).",
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
)
