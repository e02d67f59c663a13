"""ELBO identity: log p(x) = ELBO + D_KL(q(z | x) ‖ p(z | x)) for a discrete latent z."""

import sympy as sp

from symgen.proof.derivation import Derivation, Step, Term, symbolic_pmf

K = 3
z = sp.Symbol("z", integer=True, positive=True)
u = symbolic_pmf("u", K)  # q(z | x) for the fixed x
joint = dict(enumerate(sp.symbols(f"a_1:{K + 1}", positive=True), start=1))  # p(x, z)
evidence = sp.Add(*joint.values())


class Q(sp.Function):
    """q(z | x) at a fixed x."""

    def _latex(self, printer, exp=None):
        return rf"q({printer._print(self.args[0])} \mid x)"


class Pxz(sp.Function):
    """p(x, z) at a fixed x."""

    def _latex(self, printer, exp=None):
        return rf"p(x, {printer._print(self.args[0])})"


class Post(sp.Function):
    """p(z | x) at a fixed x."""

    def _latex(self, printer, exp=None):
        return rf"p({printer._print(self.args[0])} \mid x)"


def over_z(body: sp.Expr) -> sp.Expr:
    """Sum over the K latent values."""
    return sp.Sum(body, (z, 1, K))


log_px = Term(r"\log p(x)")
elbo = Term(r"\mathrm{ELBO}(x)")
kl = Term(r"D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z \mid x)\big)")
MODEL = {
    log_px: sp.log(evidence),
    **{Q(k): u[k] for k in u},
    **{Pxz(k): joint[k] for k in joint},
    **{Post(k): joint[k] / evidence for k in joint},
    elbo: sp.Add(*(u[k] * (sp.log(joint[k]) - sp.log(u[k])) for k in u)),
    kl: sp.Add(*(u[k] * sp.log(u[k] * evidence / joint[k]) for k in u)),
}

DERIVATION = Derivation(
    name="elbo_identity",
    topic="generative",
    title_en="VAE: log p(x) = ELBO + KL(q(z|x) || p(z|x))",
    title_ko="VAE: log p(x) = ELBO + KL(q(z|x) || p(z|x))",
    statement=r"\log p(x) = \mathrm{ELBO}(x)"
    r" + D_{\mathrm{KL}}\big(q(z \mid x) \,\|\, p(z \mid x)\big)",
    note_en="Discrete latent z with 3 values, joint p(x, z) = a_z (symbols) at the fixed x, "
    "any encoder q(z | x) = u_z / (u_1 + u_2 + u_3). The fact: since the KL term is >= 0, the "
    "ELBO is a lower bound on log p(x).",
    note_ko="잠재변수 z가 3개 값을 갖고, 고정된 x에서 p(x, z) = a_z (기호), 임의의 인코더 "
    "q(z | x) = u_z / (u_1 + u_2 + u_3). 보조 사실: KL 항이 0 이상이므로 "
    "ELBO는 log p(x)의 하한이다.",
    start=log_px,
    steps=(
        Step(over_z(Q(z) * sp.log(evidence_term := Term("p(x)"))), "normalisation"),
        Step(over_z(Q(z) * sp.log(Pxz(z) / Post(z))), "def_conditional"),
        Step(
            over_z(Q(z) * sp.log(Pxz(z) / Q(z) * (Q(z) / Post(z)))),
            "algebra",
            note="multiply and divide by q(z | x)",
            note_ko="q(z | x)를 곱하고 나눈다",
        ),
        Step(
            over_z(Q(z) * sp.log(Pxz(z) / Q(z))) + over_z(Q(z) * sp.log(Q(z) / Post(z))),
            "log_of_product",
        ),
        Step(elbo + over_z(Q(z) * sp.log(Q(z) / Post(z))), "def_elbo"),
        Step(elbo + kl, "def_kl"),
    ),
    facts=(
        (
            log_px,
            Step(
                elbo,
                "gibbs_inequality",
                relation=">=",
                numeric_reason="log p(x) - ELBO is a KL divergence, >= 0 by Gibbs' inequality "
                "(gibbs_inequality); a sign is not decided by simplify",
            ),
        ),
    ),
    models=({**MODEL, evidence_term: evidence},),
)
