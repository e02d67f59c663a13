"""VAE: KL(N(μ, σ²) ‖ N(0, 1)) = ½ (σ² + μ² − 1 − log σ²)."""

import sympy as sp

from symgen.proof.derivation import Derivation, Step, Term

z, mu = sp.symbols("z mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
q = sp.exp(-((z - mu) ** 2) / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)
p = sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)
kl = Term(r"D_{\mathrm{KL}}\big(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(0, 1)\big)")
e_sq_dev = Term(r"\mathbb{E}_q[(z - \mu)^2]")
e_sq = Term(r"\mathbb{E}_q[z^2]")
MODEL = {
    # the definition E_q[log(q / p)], with the log of the quotient split (q, p > 0)
    kl: sp.Integral(q * sp.expand_log(sp.log(q / p), force=True), (z, -sp.oo, sp.oo)),
    e_sq_dev: sp.Integral(q * (z - mu) ** 2, (z, -sp.oo, sp.oo)),
    e_sq: sp.Integral(q * z**2, (z, -sp.oo, sp.oo)),
}

DERIVATION = Derivation(
    name="vae_gaussian_kl",
    topic="generative",
    title_en="VAE: KL(N(mu, sigma^2) || N(0, 1)) in closed form",
    title_ko="VAE: KL(N(mu, sigma^2) || N(0, 1))의 닫힌 형태",
    statement=r"D_{\mathrm{KL}}\big(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(0, 1)\big)"
    r" = \tfrac12\big(\sigma^2 + \mu^2 - 1 - \log \sigma^2\big)",
    note_en="The KL is E_q[log q(z) - log p(z)]; its value and the two Gaussian moments are "
    "integrals over the real line, evaluated by SymPy when the links are checked.",
    note_ko="KL은 E_q[log q(z) - log p(z)]이다. 그 값과 두 가우시안 모멘트는 SymPy가 실수 전체에서 "
    "적분하여 계산한다.",
    start=kl,
    steps=(
        Step(
            -sp.log(sigma) - e_sq_dev / (2 * sigma**2) + e_sq / 2,
            "def_gaussian",
            note="log q(z) - log p(z) = z^2 / 2 - (z - mu)^2 / (2 sigma^2) - log sigma",
        ),
        Step(
            -sp.log(sigma) - sigma**2 / (2 * sigma**2) + (sigma**2 + mu**2) / 2, "gaussian_moments"
        ),
        Step(sp.Rational(1, 2) * (sigma**2 + mu**2 - 1 - sp.log(sigma**2)), "log_of_power"),
    ),
    models=(MODEL,),
)
