"""Var X = E[X²] − (E X)²."""

import sympy as sp

from symgen.notation.symbols import E, Var
from symgen.proof.derivation import Derivation, Step, Term, symbolic_pmf

X = sp.Symbol("X")
v = dict(enumerate(sp.symbols("v_1:4", real=True), start=1))
p = symbolic_pmf("p", 3)
m = Term(r"\mu")  # E[X], named to keep the lines short


def mean(g) -> sp.Expr:
    """E[g(X)] on the symbolic 3-point model."""
    return sp.Add(*(p[i] * g(v[i]) for i in p))


centred = Term(r"\mathbb{E}[(X - \mu)^2]")
expanded = Term(r"\mathbb{E}[X^2 - 2\mu X + \mu^2]")
MODEL = {
    Var(X): mean(lambda t: (t - mean(lambda s: s)) ** 2),
    m: mean(lambda t: t),
    E(X): mean(lambda t: t),
    E(X**2): mean(lambda t: t**2),
    centred: mean(lambda t: (t - mean(lambda s: s)) ** 2),
    expanded: mean(lambda t: t**2 - 2 * mean(lambda s: s) * t + mean(lambda s: s) ** 2),
}

DERIVATION = Derivation(
    name="variance_identity",
    topic="expectation",
    title_en="Var X = E[X^2] - (E X)^2",
    title_ko="분산 = 제곱의 기댓값 - 기댓값의 제곱",
    statement=r"\operatorname{Var}(X) = \mathbb{E}[X^2] - (\mathbb{E}X)^2",
    note_en="With mu = E[X]. Checked on a random variable with three symbolic values v_i and "
    "symbolic probabilities p_i / (p_1 + p_2 + p_3).",
    note_ko="mu = E[X]. 세 개의 기호 값 v_i와 기호 확률 p_i / (p_1 + p_2 + p_3)를 "
    "갖는 확률변수에서 확인한다.",
    start=Var(X),
    steps=(
        Step(centred, "def_variance"),
        Step(expanded, "algebra", note="expand the square", note_ko="제곱을 전개"),
        Step(E(X**2) - 2 * m * E(X) + m**2, "linearity_of_expectation"),
        Step(E(X**2) - 2 * m**2 + m**2, "substitute", note="E[X] = mu"),
        Step(E(X**2) - E(X) ** 2, "algebra"),
    ),
    models=(MODEL,),
)
