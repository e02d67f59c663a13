"""MLE of a Bernoulli: θ̂ = h / (h + t), from the score equation, with the second-order check."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term, chain
from symgen.proof.rules import apply_rule

theta = sg.symbols("theta", probability=True)
h, t = sp.symbols("h t", positive=True)  # numbers of ones and zeros in the sample
lik = Term(r"L(\theta)")
loglik = h * sp.log(theta) + t * sp.log(1 - theta)
score = apply_rule("differentiate", loglik, theta)
estimate = apply_rule("solve_score_equation", score, theta)
theta_hat = Term(r"\hat\theta")
curvature = sp.diff(loglik, theta, 2).subs(theta, theta_hat)
start = sp.Derivative(sp.log(lik), theta)

DERIVATION = Derivation(
    name="mle_bernoulli",
    topic="estimation",
    title_en="Maximum likelihood estimate of a Bernoulli parameter",
    title_ko="베르누이 파라미터의 최대우도추정",
    statement=r"\hat\theta_{\mathrm{MLE}} = \frac{h}{h + t}",
    note_en="h ones and t zeros in an i.i.d. sample. The chain goes likelihood -> "
    "log-likelihood -> score; the facts solve the score equation with sympy.solve and check "
    "that the second derivative is negative at the root.",
    note_ko="i.i.d. 표본에 1이 h개, 0이 t개. 본 사슬은 우도 -> 로그 우도 -> 스코어; 보조 "
    "사실은 sympy.solve로 스코어 방정식을 풀고 근에서 이계도함수가 음수임을 확인한다.",
    start=start,
    steps=chain(
        start,
        Step(
            sp.Derivative(sp.log(theta**h * (1 - theta) ** t), theta),
            "iid_factorisation",
            note="L(theta) = prod_i p(x_i; theta), one shared theta",
            assumes=("i.i.d.",),
        ),
        Step(sp.Derivative(loglik, theta), "log_of_product", note="the log-likelihood"),
        Step(score, "differentiate", note="the score"),
        Step(
            (h - (h + t) * theta) / (theta * (1 - theta)),
            "algebra",
            note="zero iff theta = h/(h+t)",
        ),
    ),
    facts=(
        (theta_hat, Step(estimate, "solve_score_equation")),
        (score.subs(theta, theta_hat), Step(sp.Integer(0), "solve_score_equation")),
        (theta_hat, Step(h / (h + t), "algebra")),
        (curvature, Step(sp.Integer(0), "second_derivative_test", relation="<")),
    ),
    models=({lik: theta**h * (1 - theta) ** t, theta_hat: estimate},),
)
