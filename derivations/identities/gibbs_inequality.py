"""Gibbs' inequality: D_KL(P ‖ Q) >= 0, with equality iff P = Q."""

import sympy as sp

from symgen.derivation import Derivation, Step
from symgen.notation import D, Pmf, Sum

x = sp.Symbol("x")
P_, Q_ = sp.symbols("P Q")
p, q = Pmf(P_, x), Pmf(Q_, x)

DERIVATION = Derivation(
    name="gibbs_inequality",
    topic="information",
    title_en="Gibbs' inequality: KL divergence is non-negative",
    title_ko="깁스 부등식: KL 발산은 음이 아니다",
    statement=r"D_{\mathrm{KL}}(P \,\|\, Q) \ge 0,"
    r" \text{ with equality iff } P = Q",
    note_en="General. The inequality is Jensen's for the concave log; equality in Jensen needs "
    "Q(x)/P(x) constant, and both sum to 1, so P = Q. The fact checks D_KL(P || P) = 0.",
    note_ko="일반적인 경우. 부등식은 오목함수 log에 대한 젠슨 부등식이다. 등호는 Q(x)/P(x)가 "
    "상수일 때만 성립하고, 둘 다 합이 1이므로 P = Q이다. 보조 사실은 D_KL(P || P) = 0을 확인한다.",
    start=D(P_, Q_),
    steps=(
        Step(Sum(p * sp.log(p / q), x), "def_kl"),
        Step(Sum(-p * sp.log(q / p), x), "log_of_quotient"),
        Step(
            -sp.log(Sum(p * (q / p), x)),
            "jensen",
            relation=">=",
            assumes=("P(x) > 0", "Q(x) > 0"),
            numeric_reason="Jensen's inequality for the concave log; a sign is not something "
            "simplify can decide, so the link is accepted when only checked numerically",
        ),
        Step(-sp.log(Sum(q, x)), "algebra", note="P(x) cancels"),
        Step(-sp.log(1), "normalisation"),
        Step(sp.Integer(0), "evaluate"),
    ),
    facts=((D(P_, P_), Step(sp.Integer(0), "def_kl", note="log 1 = 0 in every term")),),
)
