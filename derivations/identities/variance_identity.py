"""Var X = E[X²] − (E X)², derived by the engine from the definition of variance."""

import sympy as sp

from symgen.notation.symbols import E, Var
from symgen.proof.derivation import Derivation, Step

X = sp.Symbol("X")
START, END = Var(X), E(X**2) - E(X) ** 2
# the chain the step search finds (tests/test_derivations.py derives it again)
STEPS = (
    Step(E((X - E(X)) ** 2), "def_variance"),
    Step(E(X**2 - 2 * X * E(X) + E(X) ** 2), "algebra", note="expand the square"),
    Step(END, "linearity_of_expectation"),
)

DERIVATION = Derivation(
    name="variance_identity",
    topic="expectation",
    title_en="Var X = E[X^2] - (E X)^2",
    title_ko="분산 = 제곱의 기댓값 - 기댓값의 제곱",
    statement=r"\operatorname{Var}(X) = \mathbb{E}[X^2] - (\mathbb{E}X)^2",
    note_en="General. E[X] is a number, so linearity takes it out of the expectation.",
    note_ko="일반적인 경우. E[X]는 상수이므로 선형성에 의해 기댓값 밖으로 나온다.",
    start=START,
    steps=STEPS,
)
