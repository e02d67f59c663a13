"""i.i.d. likelihood is a product with ONE shared θ; the log-likelihood is a sum."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term

(theta,) = (sg.symbols("theta", probability=True),)
SAMPLE = (1, 0, 1, 1)
m = len(SAMPLE)
JOINT = sg.independent(*(sg.bernoulli(f"x{i}", theta) for i in range(1, m + 1)))
ONE = sg.bernoulli("x", theta)
lik = Term(r"p(x^{(1)}, \dots, x^{(4)}; \theta)")
terms = [Term(rf"p(x^{{({i})}}; \theta)") for i in range(1, m + 1)]
MODEL = {
    lik: JOINT.prob({f"x{i}": v for i, v in enumerate(SAMPLE, start=1)}),
    **{t: ONE.prob({"x": v}) for t, v in zip(terms, SAMPLE, strict=True)},
}

DERIVATION = Derivation(
    name="iid_likelihood_product_log_sum",
    topic="estimation",
    title_en="i.i.d. likelihood is a product; log-likelihood is a sum",
    title_ko="i.i.d. 우도는 곱, 로그 우도는 합",
    statement=r"\log p(x^{(1)}, \dots, x^{(m)}; \theta) = \sum_{i=1}^{m} \log p(x^{(i)}; \theta)",
    note_en="Bernoulli(theta) model, sample (1, 0, 1, 1); the joint is computed by symgen as a "
    "product of four independent Bernoulli variables. Erratum: the notes write "
    "p(x1, theta1) p(x2, theta2) ...; every factor must use the SAME theta, otherwise the "
    "product is not the likelihood of one model.",
    note_ko="베르누이(theta) 모델, 표본 (1, 0, 1, 1). 결합확률은 symgen이 네 개의 독립 베르누이 "
    "변수의 곱으로 계산한다. 정오표: 노트는 p(x1, theta1) p(x2, theta2) ...로 쓰지만, 모든 인수는 "
    "같은 하나의 theta를 써야 한다.",
    start=sp.log(lik),
    steps=(
        Step(sp.log(sp.Mul(*terms, evaluate=False)), "iid_factorisation", assumes=("i.i.d.",)),
        Step(sp.Add(*(sp.log(t) for t in terms), evaluate=False), "log_of_product"),
        Step(
            sp.Add(sp.log(theta), sp.log(1 - theta), sp.log(theta), sp.log(theta), evaluate=False),
            "substitute",
            note="p(1; theta) = theta, p(0; theta) = 1 - theta",
        ),
        Step(3 * sp.log(theta) + sp.log(1 - theta), "algebra"),
    ),
    facts=((lik, Step(sp.Mul(*terms, evaluate=False), "iid_factorisation", note="the product")),),
    models=(MODEL,),
)
