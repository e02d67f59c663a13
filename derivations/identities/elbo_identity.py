"""ELBO identity: log p(x) = ELBO + D_KL(q(z | x) ‖ p(z | x)) for a discrete latent z."""

import sympy as sp

from symgen.notation.symbols import D, E, Pmf, Sum
from symgen.proof.derivation import Derivation, Step

x, z = sp.symbols("x z")
p_, q_ = sp.symbols("p q")
px, pxz, post, qz = Pmf(p_, x), Pmf(p_, x, z), Pmf(p_, z, given=x), Pmf(q_, z, given=x)
ELBO = E(sp.log(pxz / qz), over=qz)  # E_{q(z|x)}[log p(x, z) - log q(z | x)]
KL = D(qz, post)
ADD_SUBTRACT = sp.Mul(pxz / qz, qz / post, evaluate=False)  # multiply and divide by q(z | x)

DERIVATION = Derivation(
    name="elbo_identity",
    topic="generative",
    title_en="VAE: log p(x) = ELBO + KL(q(z|x) || p(z|x))",
    title_ko="VAE: log p(x) = ELBO + KL(q(z|x) || p(z|x))",
    statement=r"\log p(x) = \mathrm{ELBO}(x)"
    r" + D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z \mid x)\big),\quad"
    r" \mathrm{ELBO}(x) = \mathbb{E}_{q(z \mid x)}\Big[\log \frac{p(x, z)}{q(z \mid x)}\Big]",
    note_en="General, for a discrete latent z and any encoder q(z | x) (every link is checked "
    "by symgen.verify on the abstract notation). The fact: since the KL term is >= 0, the "
    "ELBO is a lower bound on log p(x).",
    note_ko="일반적인 경우: 이산 잠재변수 z와 임의의 인코더 q(z | x) (각 단계는 symgen.verify가 "
    "추상 표기 그대로 확인한다). 보조 사실: KL 항이 0 이상이므로 ELBO는 log p(x)의 하한이다.",
    start=sp.log(px),
    steps=(
        Step(sp.log(px) * Sum(qz, z), "normalisation", reverse=True),
        Step(Sum(qz * sp.log(px), z), "split_sum", reverse=True),
        Step(Sum(qz * sp.log(pxz / post), z), "def_conditional", reverse=True),
        Step(
            Sum(qz * sp.log(ADD_SUBTRACT), z),
            "algebra",
            note="multiply and divide by q(z | x)",
            note_ko="q(z | x)를 곱하고 나눈다",
        ),
        Step(Sum(qz * (sp.log(pxz / qz) + sp.log(qz / post)), z), "log_of_product"),
        Step(Sum(qz * sp.log(pxz / qz), z) + Sum(qz * sp.log(qz / post), z), "split_sum"),
        Step(ELBO + Sum(qz * sp.log(qz / post), z), "def_expectation", reverse=True),
        Step(ELBO + KL, "def_kl", reverse=True),
    ),
    facts=(
        (
            sp.log(px),
            Step(
                ELBO,
                "gibbs_inequality",
                relation=">=",
                numeric_reason="log p(x) - ELBO is a KL divergence, >= 0 by Gibbs' inequality "
                "(gibbs_inequality); a sign is not decided by simplify",
            ),
        ),
    ),
)
