"""X ⊥ Y ⇒ Cov(X, Y) = 0."""

import sympy as sp

from symgen.notation.symbols import Cov, E, P, Sum
from symgen.proof.derivation import Derivation, Step

X, Y = sp.symbols("X Y")
x, y = sp.symbols("x y")
INDEP = ("X ⊥ Y",)
# the chain the step search finds (tests/test_derivations.py derives it again)
MEANS = Sum(x * P(x), x) * Sum(y * P(y), y)
STEPS = (
    Step(E((X - E(X)) * (Y - E(Y))), "def_covariance"),
    Step(E(X * Y - X * E(Y) - Y * E(X) + E(X) * E(Y)), "algebra"),
    Step(E(X * Y) - E(X) * E(Y), "linearity_of_expectation"),
    Step(Sum(x * y * P(x, y), x, y) - MEANS, "def_expectation"),
    Step(Sum(x * y * P(x) * P(y), x, y) - MEANS, "independence_factorises", assumes=INDEP),
    Step(sp.Integer(0), "split_sum", assumes=INDEP),
)

DERIVATION = Derivation(
    name="covariance_zero_under_independence",
    topic="expectation",
    title_en="Independent variables have zero covariance",
    title_ko="독립인 변수의 공분산은 0",
    statement=r"\mathrm{X} \perp \mathrm{Y} \Rightarrow \operatorname{Cov}(X, Y) = 0",
    note_en="General, under the assumption X ⊥ Y (built into verify's random models). The "
    "converse fails: see zero_covariance_does_not_imply_independence.",
    note_ko="X ⊥ Y 가정 아래 일반적으로 성립한다 (verify의 임의 모델에 반영). 역은 성립하지 "
    "않는다: zero_covariance_does_not_imply_independence 참고.",
    start=Cov(X, Y),
    steps=STEPS,
)
