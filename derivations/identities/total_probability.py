"""Law of total probability: P(x) = sum_y P(x | y) P(y)."""

import sympy as sp

from symgen.notation.symbols import P, Sum
from symgen.proof.derivation import Derivation, Step

x, y = sp.symbols("x y")


DERIVATION = Derivation(
    name="total_probability",
    topic="probability",
    title_en="Law of total probability",
    title_ko="전체 확률의 법칙",
    statement=r"P(x) = \sum_y P(x \mid y)\, P(y)",
    note_en="General: every link is checked by symgen.verify on the abstract notation (symbolic "
    "normal form, and numerically on random finite models with 2 to 5 outcomes per variable).",
    note_ko="일반적인 경우: 각 단계는 symgen.verify가 추상 표기 그대로 확인한다 (기호 정규형, "
    "그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 수치적으로).",
    start=P(x),
    steps=(
        Step(Sum(P(x, y), y), "marginalisation"),
        Step(Sum(P(x, given=(y,)) * P(y), y), "product_rule", assumes=("P(y) > 0",)),
    ),
)
