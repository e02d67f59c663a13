"""Linearity of expectation: E[aX + bY] = a E[X] + b E[Y] (no independence needed)."""

import sympy as sp

from symgen.notation.symbols import E, P, Sum
from symgen.proof.derivation import Derivation, Step

X, Y = sp.symbols("X Y")
x, y = sp.symbols("x y")
a, b = sp.symbols("a b", real=True)

DERIVATION = Derivation(
    name="linearity_of_expectation",
    topic="expectation",
    title_en="Linearity of expectation",
    title_ko="기댓값의 선형성",
    statement=r"\mathbb{E}[aX + bY] = a\,\mathbb{E}[X] + b\,\mathbb{E}[Y]",
    note_en="General: X and Y may be dependent; each link is checked by symgen.verify on the "
    "abstract notation (symbolic normal form and random finite models).",
    note_ko="일반적인 경우: X와 Y가 종속이어도 된다. 각 단계는 symgen.verify가 추상 표기 그대로 "
    "(기호 정규형과 임의의 유한 모델로) 확인한다.",
    start=E(a * X + b * Y),
    steps=(
        Step(Sum(P(x, y) * (a * x + b * y), x, y), "def_expectation"),
        Step(a * Sum(P(x, y) * x, x, y) + b * Sum(P(x, y) * y, x, y), "split_sum"),
        Step(a * Sum(P(x) * x, x) + b * Sum(P(y) * y, y), "marginalisation"),
        Step(a * E(X) + b * E(Y), "def_expectation"),
    ),
)
