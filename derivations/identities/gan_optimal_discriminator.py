"""GAN optimal discriminator: D*(x) = p_data(x) / (p_data(x) + p_g(x))."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term, chain
from symgen.proof.rules import apply_rule

a, b = Term(r"p_{\mathrm{data}}(x)"), Term(r"p_g(x)")
D = sg.symbols("D", probability=True)  # the discriminator's output at x, in (0, 1)
integrand = a * sp.log(D) + b * sp.log(1 - D)
score = apply_rule("differentiate", integrand, D)
best = Term(r"D^*(x)")
estimate = apply_rule("solve_score_equation", score, D)
start = sp.Derivative(integrand, D)

DERIVATION = Derivation(
    name="gan_optimal_discriminator",
    topic="generative",
    title_en="GAN: the optimal discriminator",
    title_ko="GAN: 최적 판별자",
    statement=r"D^*_G(x) = \frac{p_{\mathrm{data}}(x)}{p_{\mathrm{data}}(x) + p_g(x)}",
    note_en="V(G, D) = integral of p_data log D + p_g log(1 - D); for fixed G it is maximised "
    "point by point in x. The chain differentiates the integrand; the facts solve the score "
    "equation with sympy.solve and check that the second derivative is negative.",
    note_ko="V(G, D) = p_data log D + p_g log(1 - D)의 적분. G가 고정되면 x마다 따로 최대화한다. "
    "본 사슬은 적분 대상을 미분하고, 보조 사실은 sympy.solve로 스코어 방정식을 풀고 이계도함수가 "
    "음수임을 확인한다.",
    start=start,
    steps=chain(
        start,
        Step(score, "differentiate", note="d/dD of the integrand at a fixed x"),
        Step((a - (a + b) * D) / (D * (1 - D)), "algebra", note="common denominator"),
    ),
    facts=(
        (best, Step(estimate, "solve_score_equation")),
        (best, Step(a / (a + b), "algebra")),
        (
            sp.diff(integrand, D, 2).subs(D, best),
            Step(sp.Integer(0), "second_derivative_test", relation="<"),
        ),
    ),
    models=({best: estimate},),
)
