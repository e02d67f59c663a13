"""Cov(X, Y) = 0 does not imply independence: X uniform on {-1, 0, 1}, Y = X²."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term

J = sg.uniform("x", [-1, 0, 1]).apply("y", lambda x: x**2)
cov = Term(r"\operatorname{Cov}(X, Y)")
exy, ex, ey = Term(r"\mathbb{E}[XY]"), Term(r"\mathbb{E}[X]"), Term(r"\mathbb{E}[Y]")
joint = Term(r"P(X=0, Y=0)")
px, py = Term(r"P(X=0)"), Term(r"P(Y=0)")
third = sp.Rational(1, 3)

DERIVATION = Derivation(
    name="zero_covariance_does_not_imply_independence",
    topic="expectation",
    title_en="Zero covariance does not imply independence (witness)",
    title_ko="공분산이 0이라도 독립은 아니다 (반례)",
    statement=r"\operatorname{Cov}(X, Y) = 0 \not\Rightarrow \mathrm{X} \perp \mathrm{Y}",
    note_en="Witness: X uniform on {-1, 0, 1} and Y = X^2. Every number is computed by symgen "
    "(uniform(...).apply('y', x**2), covariance, prob); the facts show that the joint does not "
    "factorise.",
    note_ko="반례: X는 {-1, 0, 1}에서 균등, Y = X^2. 모든 값은 symgen이 계산한다. 보조 사실은 "
    "결합확률이 곱으로 쪼개지지 않음을 보인다.",
    start=cov,
    steps=(
        Step(exy - ex * ey, "def_covariance"),
        Step(
            sp.Add(
                sp.UnevaluatedExpr(0),
                sp.Mul(-1, sp.UnevaluatedExpr(0), sp.Rational(2, 3), evaluate=False),
                evaluate=False,
            ),
            "evaluate",
            note="E[XY] = E[X^3] = 0, E[X] = 0, E[Y] = 2/3",
        ),
        Step(sp.Integer(0), "evaluate"),
    ),
    facts=(
        (joint, Step(third, "def_joint", note="only x = 0 gives y = 0")),
        (sp.Mul(px, py, evaluate=False), Step(sp.Mul(third, third), "marginalisation")),
        (
            joint,
            Step(
                sp.Mul(px, py, evaluate=False),
                "witness",
                relation="!=",
                note="1/3 ≠ 1/9: X and Y are dependent",
            ),
        ),
    ),
    models=(
        {
            cov: sg.covariance(J, "x", "y"),
            exy: sg.expectation(J, lambda x, y: x * y),
            ex: sg.expectation(J, lambda x, y: x),
            ey: sg.expectation(J, lambda x, y: y),
            joint: J.prob({"x": 0, "y": 0}),
            px: J.prob({"x": 0}),
            py: J.prob({"y": 0}),
        },
    ),
)
