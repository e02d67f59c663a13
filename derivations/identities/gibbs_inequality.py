"""Gibbs' inequality: D_KL(P ‖ Q) >= 0, with equality iff P = Q."""

import sympy as sp

from symgen.notation.symbols import D, Pmf, Sum
from symgen.proof.derivation import Derivation, Step
from symgen.proof.rules import apply_rule

x = sp.Symbol("x")
P_, Q_ = sp.symbols("P Q")
p, q = Pmf(P_, x), Pmf(Q_, x)
t = sp.Symbol("t", positive=True)
gap = t - 1 - sp.log(t)  # the lemma: log t <= t - 1, i.e. gap >= 0 for t > 0
gap_slope = apply_rule("differentiate", gap, t)

DERIVATION = Derivation(
    name="gibbs_inequality",
    topic="information",
    title_en="Gibbs' inequality: KL divergence is non-negative",
    title_ko="깁스 부등식: KL 발산은 음이 아니다",
    statement=r"D_{\mathrm{KL}}(P \,\|\, Q) \ge 0, \text{ with equality iff } P = Q",
    note_en="General. The inequality step uses log t <= t - 1 with t = Q(x)/P(x); the facts prove "
    "that lemma by calculus (t - 1 - log t is 0 at t = 1, its only critical point, and convex). "
    "Equality needs Q(x)/P(x) = 1 wherever P(x) > 0, i.e. P = Q; the last fact checks "
    "D_KL(P || P) = 0.",
    note_ko="일반적인 경우. 부등식 단계는 t = Q(x)/P(x)에 대해 log t <= t - 1을 쓴다. 보조 사실은 "
    "이 보조정리를 미적분으로 증명한다 (t - 1 - log t는 유일한 임계점 t = 1에서 0이고 볼록). "
    "등호는 P(x) > 0인 모든 곳에서 Q(x)/P(x) = 1, 즉 P = Q일 때만 성립한다.",
    start=D(P_, Q_),
    steps=(
        Step(Sum(p * sp.log(p / q), x), "def_kl"),
        Step(Sum(-p * sp.log(q / p), x), "log_of_quotient"),
        Step(
            Sum(-p * (q / p - 1), x),
            "gibbs_inequality",
            relation=">=",
            note="log t <= t - 1 with t = Q(x)/P(x), times -P(x) < 0",
            note_ko="t = Q(x)/P(x)에 대해 log t <= t - 1, 양변에 -P(x) < 0을 곱함",
            assumes=("P(x) > 0", "Q(x) > 0"),
            numeric_reason="log t <= t - 1 is proved in the facts; the link's sign is checked "
            "numerically when the symbolic side finds no proof",
        ),
        Step(Sum(p - q, x), "algebra"),
        Step(Sum(p, x) - Sum(q, x), "split_sum"),
        Step(sp.Add(1, -1, evaluate=False), "normalisation"),
        Step(sp.Integer(0), "evaluate"),
    ),
    facts=(
        (gap.subs(t, 1), Step(sp.Integer(0), "evaluate", note="log 1 = 0")),
        (gap_slope, Step(1 - 1 / t, "differentiate")),
        (
            apply_rule("solve_score_equation", gap_slope, t),
            Step(sp.Integer(1), "solve_score_equation", note="the only critical point"),
        ),
        (sp.diff(gap, t, 2), Step(sp.Integer(0), "second_derivative_test", relation=">")),
        (D(P_, P_), Step(sp.Integer(0), "def_kl", note="log 1 = 0 in every term")),
    ),
)
