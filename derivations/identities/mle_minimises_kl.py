"""Maximum likelihood ⇔ minimising D_KL(p̂_data ‖ p_model)."""

import sympy as sp

from symgen.proof.derivation import Derivation, Step, Term, symbolic_pmf
from symgen.proof.rules import cross_entropy_sum, entropy_sum, kl_sum

SAMPLE = (1, 1, 2, 3, 3, 3)
m = len(SAMPLE)
counts = {k: SAMPLE.count(k) for k in (1, 2, 3)}
phat = {k: sp.Rational(c, m) for k, c in counts.items()}
model = symbolic_pmf("w", 3)  # p_model(k) = w_k / (w_1 + w_2 + w_3)
th = {k: Term(rf"\theta_{k}") for k in model}
nll = Term(r"-\tfrac{1}{m} \log L(\theta)")
hx = Term(r"H(\hat p_{\mathrm{data}}, p_\theta)")
h = Term(r"H(\hat p_{\mathrm{data}})")
kl = Term(r"D_{\mathrm{KL}}(\hat p_{\mathrm{data}} \,\|\, p_\theta)")
MODEL = {
    nll: -sp.log(sp.Mul(*(model[x] for x in SAMPLE))) / m,
    **{th[k]: model[k] for k in model},
    hx: cross_entropy_sum(phat, model),
    h: entropy_sum(phat),
    kl: kl_sum(phat, model),
}
mean_log = sp.Mul(
    sp.Rational(-1, m),
    sp.Add(*(sp.log(th[x]) for x in SAMPLE), evaluate=False),
    evaluate=False,
)

DERIVATION = Derivation(
    name="mle_minimises_kl",
    topic="estimation",
    title_en="Maximum likelihood = minimum KL from the data distribution",
    title_ko="최대우도 = 데이터 분포로부터의 KL 최소화",
    statement=r"\arg\max_\theta \log L(\theta) = \arg\min_\theta"
    r" D_{\mathrm{KL}}(\hat p_{\mathrm{data}} \,\|\, p_\theta)",
    note_en="Categorical model theta_k = w_k / (w_1 + w_2 + w_3) and sample (1, 1, 2, 3, 3, 3). "
    "The negative mean log-likelihood equals H(p_data) + D_KL(p_data || p_theta); H(p_data) is "
    "fixed by the data, so maximising the likelihood minimises the KL divergence, which is 0 "
    "exactly at p_theta = p_data (fact).",
    note_ko="범주형 모델 theta_k = w_k / (w_1 + w_2 + w_3), 표본 (1, 1, 2, 3, 3, 3). "
    "음의 평균 로그 우도는 H(p_data) + D_KL(p_data || p_theta)이다. "
    "H(p_data)는 데이터로 정해지므로 우도 최대화는 KL 최소화와 같고, "
    "KL은 p_theta = p_data일 때 0이다.",
    start=nll,
    steps=(
        Step(mean_log, "log_of_product", assumes=("i.i.d.",)),
        Step(-sp.Add(*(phat[k] * sp.log(th[k]) for k in th)), "empirical_distribution"),
        Step(hx, "def_cross_entropy"),
        Step(h + kl, "substitute", note="cross_entropy_decomposition"),
    ),
    facts=((kl_sum(phat, phat), Step(sp.Integer(0), "def_kl", note="at p_theta = p_data")),),
    models=(MODEL,),
)
