"""argmin_Q H(P, Q) = argmin_Q D_KL(P ‖ Q): the two objectives differ by H(P), free of Q."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term
from symgen.proof.rules import cross_entropy_sum, entropy_sum, kl_sum, solve_for

p, theta = sg.symbols("p theta", probability=True)
P = {0: 1 - p, 1: p}
Q = {0: 1 - theta, 1: theta}
hx, kl, h = Term(r"H(P, Q_\theta)"), Term(r"D_{\mathrm{KL}}(P \,\|\, Q_\theta)"), Term("H(P)")
argmin_h = Term(r"\arg\min_\theta H(P, Q_\theta)")
argmin_d = Term(r"\arg\min_\theta D_{\mathrm{KL}}(P \,\|\, Q_\theta)")
MODEL = {
    hx: cross_entropy_sum(P, Q),
    kl: kl_sum(P, Q),
    h: entropy_sum(P),
    argmin_h: solve_for(sp.diff(cross_entropy_sum(P, Q), theta), theta),
    argmin_d: solve_for(sp.diff(kl_sum(P, Q), theta), theta),
}

DERIVATION = Derivation(
    name="argmin_cross_entropy_equals_argmin_kl",
    topic="information",
    title_en="Minimising cross-entropy over Q = minimising KL over Q",
    title_ko="Q에 대한 크로스 엔트로피 최소화 = KL 최소화",
    statement=r"\arg\min_Q H(P, Q) = \arg\min_Q D_{\mathrm{KL}}(P \,\|\, Q)",
    note_en="On Bernoulli P = (1-p, p) and model Q_theta = (1-theta, theta): the difference of "
    "the objectives is H(P), whose derivative in theta is 0, and both score equations give "
    "theta = p (solved by sympy.solve). This is the true content of the notes' "
    "'H(P, Q) = D_KL(P || Q)'.",
    note_ko="베르누이 P = (1-p, p)와 모델 Q_theta = (1-theta, theta)에서: 두 목적함수의 차이는 "
    "H(P)이고 theta에 대한 도함수가 0이며, 두 스코어 방정식 모두 theta = p를 준다. 노트의 "
    "'H(P, Q) = D_KL(P || Q)'의 올바른 의미이다.",
    start=hx - kl,
    steps=(
        Step(h, "substitute", note="cross_entropy_decomposition"),
        Step(-(1 - p) * sp.log(1 - p) - p * sp.log(p), "def_entropy", note="no theta here"),
    ),
    facts=(
        (sp.Derivative(cross_entropy_sum(P, Q) - kl_sum(P, Q), theta), Step(0, "differentiate")),
        (argmin_h, Step(p, "solve_score_equation")),
        (argmin_d, Step(argmin_h, "algebra", note="same minimiser")),
        (
            sp.diff(kl_sum(P, Q), theta, 2).subs(theta, p),
            Step(sp.Integer(0), "second_derivative_test", relation=">", note="a minimum"),
        ),
    ),
    models=(MODEL,),
)
