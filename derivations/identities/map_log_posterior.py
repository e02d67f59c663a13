"""MAP: log posterior = log-likelihood + log-prior − log evidence, so the MAP adds the prior."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term, ratio
from symgen.proof.rules import apply_rule

theta = sg.symbols("theta", probability=True)
h, t = sp.symbols("h t", positive=True)  # ones and zeros in the sample
a, b = sp.symbols("a b", positive=True)  # Beta(a + 1, b + 1) prior
B, Z = sp.symbols("B Z", positive=True)  # prior normaliser, evidence p(x)
post, lik, prior, evid = (
    Term(r"p(\theta \mid x)"),
    Term(r"p(x \mid \theta)"),
    Term(r"p(\theta)"),
    Term("p(x)"),
)
lik_v = theta**h * (1 - theta) ** t
prior_v = theta**a * (1 - theta) ** b / B
objective = sp.expand_log(sp.log(lik_v) + sp.log(prior_v), force=True)
theta_map = Term(r"\hat\theta_{\mathrm{MAP}}")
estimate = apply_rule("solve_score_equation", sp.diff(objective, theta), theta)

DERIVATION = Derivation(
    name="map_log_posterior",
    topic="estimation",
    title_en="MAP estimation = log-likelihood + log-prior",
    title_ko="MAP 추정 = 로그 우도 + 로그 사전확률",
    statement=r"\arg\max_\theta \log p(\theta \mid x) = \arg\max_\theta"
    r" \big[\log p(x \mid \theta) + \log p(\theta)\big]",
    note_en="Bayes' rule on theta; log p(x) does not depend on theta (argmin_drop_constant). "
    "Facts: Bernoulli likelihood theta^h (1-theta)^t with a Beta(a+1, b+1) prior gives "
    "theta_MAP = (h + a) / (h + t + a + b), by sympy.solve on the score; a = b = 0 is the MLE.",
    note_ko="theta에 대한 베이즈 정리. log p(x)는 theta와 무관하다. 보조 사실: 베르누이 우도 "
    "theta^h (1-theta)^t와 Beta(a+1, b+1) 사전분포에서 theta_MAP = (h + a) / (h + t + a + b) "
    "(스코어를 sympy.solve로 풂); a = b = 0이면 MLE와 같다.",
    start=sp.log(post),
    steps=(
        Step(sp.log(ratio(sp.Mul(lik, prior, evaluate=False), evid)), "def_posterior"),
        Step(sp.log(lik) + sp.log(prior) - sp.log(evid), "log_of_quotient"),
    ),
    facts=(
        (theta_map, Step(estimate, "solve_score_equation")),
        (theta_map, Step((h + a) / (h + t + a + b), "algebra")),
        (
            sp.diff(objective, theta, 2).subs(theta, theta_map),
            Step(sp.Integer(0), "second_derivative_test", relation="<"),
        ),
    ),
    models=({post: lik_v * prior_v / Z, lik: lik_v, prior: prior_v, evid: Z, theta_map: estimate},),
)
