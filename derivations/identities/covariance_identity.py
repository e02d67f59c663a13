"""Cov(X, Y) = E[XY] − E[X] E[Y], derived by the engine from the definition of covariance."""

import sympy as sp

from symgen.notation.symbols import Cov, E
from symgen.proof.derivation import Derivation, Step

X, Y = sp.symbols("X Y")
START, END = Cov(X, Y), E(X * Y) - E(X) * E(Y)
# the chain the step search finds (tests/test_derivations.py derives it again)
STEPS = (
    Step(E((X - E(X)) * (Y - E(Y))), "def_covariance"),
    Step(E(X * Y - X * E(Y) - Y * E(X) + E(X) * E(Y)), "algebra", note="expand the product"),
    Step(END, "linearity_of_expectation"),
)

DERIVATION = Derivation(
    name="covariance_identity",
    topic="expectation",
    title_en="Cov(X, Y) = E[XY] - E[X] E[Y]",
    title_ko="공분산 = 곱의 기댓값 - 기댓값의 곱",
    statement=r"\operatorname{Cov}(X, Y) = \mathbb{E}[XY] - \mathbb{E}[X]\,\mathbb{E}[Y]",
    note_en="General (any dependence between X and Y). E[X] and E[Y] are numbers, so linearity "
    "takes them out of the expectation.",
    note_ko="일반적인 경우 (X와 Y가 종속이어도 됨). E[X], E[Y]는 상수이므로 선형성에 의해 "
    "기댓값 밖으로 나온다.",
    start=START,
    steps=STEPS,
)
