"""Cov(X, Y) = E[XY] − E[X] E[Y]."""

import sympy as sp

from symgen.notation.symbols import Cov, E
from symgen.proof.derivation import Derivation, Step, SymbolicJoint, Term

X, Y = sp.symbols("X Y")
xv = sp.symbols("x_0:2", real=True)
yv = sp.symbols("y_0:2", real=True)
J = SymbolicJoint(["X", "Y"])


def mean(g) -> sp.Expr:
    """E[g(X, Y)] on the symbolic 2 x 2 joint."""
    return sp.Add(*(c * g(xv[i], yv[j]) for (i, j), c in J.cells.items()))


mx, my = mean(lambda s, t: s), mean(lambda s, t: t)
centred = Term(r"\mathbb{E}[(X - \mathbb{E}X)(Y - \mathbb{E}Y)]")
expanded = Term(r"\mathbb{E}[XY - X\,\mathbb{E}Y - Y\,\mathbb{E}X + \mathbb{E}X\,\mathbb{E}Y]")
MODEL = {
    Cov(X, Y): mean(lambda s, t: (s - mx) * (t - my)),
    centred: mean(lambda s, t: (s - mx) * (t - my)),
    expanded: mean(lambda s, t: s * t - s * my - t * mx + mx * my),
    E(X * Y): mean(lambda s, t: s * t),
    E(X): mx,
    E(Y): my,
}

DERIVATION = Derivation(
    name="covariance_identity",
    topic="expectation",
    title_en="Cov(X, Y) = E[XY] - E[X] E[Y]",
    title_ko="공분산 = 곱의 기댓값 - 기댓값의 곱",
    statement=r"\operatorname{Cov}(X, Y) = \mathbb{E}[XY] - \mathbb{E}[X]\,\mathbb{E}[Y]",
    note_en="Checked on a symbolic 2 x 2 joint table (any dependence) with symbolic values.",
    note_ko="기호 값을 갖는 기호 2 x 2 결합표(종속이어도 됨)에서 확인한다.",
    start=Cov(X, Y),
    steps=(
        Step(centred, "def_covariance"),
        Step(expanded, "algebra", note="expand the product", note_ko="곱을 전개"),
        Step(E(X * Y) - E(X) * E(Y) - E(Y) * E(X) + E(X) * E(Y), "linearity_of_expectation"),
        Step(E(X * Y) - E(X) * E(Y), "algebra"),
    ),
    models=(MODEL,),
)
