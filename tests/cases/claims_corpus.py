"""Claims as a student types them, true and false: ``(claim, holds, note)`` rows by topic.

The rows cover the probability rules, expectation and variance, the entropy chain rules,
mutual-information identities, KL, cross-entropy, JSD, the ELBO, the GAN optimum and MLE/MAP.
Spelling is deliberately loose (``E[XY]``, ``Var(2X)``, ``log |X|``, ``where 0 < p < 1``,
``C(G)``, ``D^*(x)``, ``argmax_θ``): the notation a textbook or a lecture slide uses.

``holds`` is the mathematical truth for every finite model that satisfies the claim's own
assumptions. A true claim must never be refuted; a false one must be refuted, with a
counterexample of at most 2 outcomes a variable and denominators <= 12 where one exists.
"""

from __future__ import annotations

Row = tuple[str, bool, str]

PROBABILITY: list[Row] = [
    ("P(A|B) = P(B|A) P(A) / P(B)", True, "Bayes' rule"),
    ("P(A|B) = P(B|A)", False, "the conditional swapped (prosecutor's fallacy)"),
    ("P(A,B) = P(A|B) P(B)", True, "product rule"),
    ("P(A,B) = P(A) P(B)", False, "independence assumed"),
    ("P(A,B,C) = P(A|B,C) P(B|C) P(C)", True, "chain rule of probability"),
    (r"P(a) = \sum_b P(a|b) P(b)", True, "total probability"),
    (r"P(a) = \sum_b P(a|b)", False, "total probability without the weights"),
    (r"\sum_a P(a|b) = 1", True, "a conditional law sums to one"),
    ("P(A|B,C) = P(A|C)", False, "conditional independence assumed"),
    ("P(A|B) = P(A,B) / P(B)", True, "definition of conditional probability"),
    ("P(A,B) <= P(A)", True, "a joint is no more likely than its marginal"),
    ("P(A|B) <= P(A)", False, "conditioning can raise a probability"),
    ("P(A|B) = P(A)", False, "conditioning never changes a probability"),
]

EXPECTATION: list[Row] = [
    ("E[X+Y] = E[X] + E[Y]", True, "linearity of expectation"),
    ("E[XY] = E[X] E[Y]", False, "expectation of a product without independence"),
    ("E[aX + b] = a E[X] + b", True, "linearity with constants"),
    ("Var(X) = E[X^2] - E[X]^2", True, "variance shortcut"),
    ("Var(X) = E[X^2] - E[X]", False, "the mean not squared"),
    ("E[X^2] = E[X]^2", False, "square inside and outside"),
    ("Var(X+Y) = Var(X) + Var(Y)", False, "variance of a sum without independence"),
    ("Var(X+Y) = Var(X) + Var(Y) + 2 Cov(X,Y)", True, "variance of a sum"),
    ("Var(2X) = 2 Var(X)", False, "the factor is squared"),
    ("Var(aX + b) = a^2 Var(X)", True, "variance of an affine map"),
    ("Var(X) >= 0", True, "variance is non-negative"),
    ("E[X^2] >= E[X]^2", True, "Jensen for the square"),
    ("Cov(X,Y) = E[XY] - E[X] E[Y]", True, "covariance shortcut"),
    ("Cov(X,X) = Var(X)", True, "covariance with itself"),
    ("Var(X - Y) = Var(X) - Var(Y)", False, "variance of a difference"),
    ("E[E[X|Y]] = E[X]", True, "law of total expectation"),
    ("E[X|Y] = E[X]", False, "conditioning ignored"),
]

ENTROPY: list[Row] = [
    ("H(X,Y) = H(X) + H(Y|X)", True, "chain rule of entropy"),
    ("H(X,Y) = H(X) + H(Y)", False, "joint entropy is not additive in general"),
    ("H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y)", True, "chain rule for three variables"),
    ("H(X|Y) = H(X,Y) - H(Y)", True, "conditional entropy from the joint"),
    ("H(X|Y) = H(Y|X)", False, "conditional entropy is not symmetric"),
    ("H(X|Y) <= H(X)", True, "conditioning reduces entropy"),
    ("H(X|Y) >= H(X)", False, "conditioning increases entropy"),
    ("H(X|Y) = H(X)", False, "conditioning never changes entropy"),
    ("H(X) >= 0", True, "entropy is non-negative"),
    ("H(X) <= log |X|", True, "entropy is at most the log of the support size"),
    ("H(X,Y) <= H(X) + H(Y)", True, "subadditivity"),
    ("H(X,Y) >= H(X)", True, "a joint has at least the entropy of a marginal"),
    (r"H(X) = -\sum_x P(x) \log P(x)", True, "definition of entropy"),
    (
        "H(X) = -p log p - (1-p) log(1-p) where X ~ Bern(p), 0 < p < 1",
        True,
        "binary entropy",
    ),
    (
        "H(X) = -p log p - (1-p) log(1-p) where 0 < p < 1",
        False,
        "binary entropy of a variable whose law is not Bern(p)",
    ),
    ("-p log p - (1-p) log(1-p) <= log 2 where 0 < p < 1", True, "binary entropy is at most log 2"),
]

MUTUAL_INFORMATION: list[Row] = [
    ("I(X;Y) = H(X) - H(X|Y)", True, "MI as a reduction in entropy"),
    ("I(X;Y) = H(X) + H(Y) - H(X,Y)", True, "MI from the joint entropy"),
    ("I(X;Y) = I(Y;X)", True, "MI is symmetric"),
    ("I(X;Y) >= 0", True, "MI is non-negative"),
    ("I(X;Y) = H(X) - H(Y|X)", False, "the wrong conditional entropy"),
    ("I(X;Y) = H(X) + H(Y)", False, "MI as a sum of entropies"),
    ("I(X;Y) = D_KL(P(X,Y) || P(X) P(Y))", True, "MI as a KL divergence"),
    ("I(X;Y) <= H(X)", True, "MI is at most an entropy"),
    ("I(X;Y,Z) = I(X;Y) + I(X;Z|Y)", True, "chain rule of MI"),
    ("I(X;Y|Z) <= I(X;Y)", False, "conditioning can increase MI"),
    ("I(X;Y) = H(X,Y) - H(X|Y) - H(Y|X)", True, "MI from the joint and both conditionals"),
    ("I(X;Z) <= I(X;Y) where X -> Y -> Z", True, "data processing inequality"),
    ("I(X;Z) <= I(X;Y)", False, "data processing without the Markov chain"),
]

KL: list[Row] = [
    ("D_KL(P||Q) >= 0", True, "Gibbs' inequality"),
    ("D_KL(P||Q) = D_KL(Q||P)", False, "KL is not symmetric"),
    (r"D_KL(P||Q) = \sum_x P(x) \log(P(x)/Q(x))", True, "definition of KL"),
    (r"D_KL(P||Q) = \sum_x Q(x) \log(Q(x)/P(x))", False, "KL with the laws swapped"),
    ("D_KL(P||Q) = H(P,Q) - H(P)", True, "KL from cross-entropy"),
    ("D_KL(P||Q) = H(P) - H(P,Q)", False, "KL with the sign flipped"),
    ("D_KL(P||P) = 0", True, "KL of a law with itself"),
    ("D_KL(P||Q) <= log 2", False, "KL is unbounded"),
]

CROSS_ENTROPY: list[Row] = [
    ("H(P,Q) = H(P) + D_KL(P||Q)", True, "cross-entropy decomposition"),
    ("H(P,Q) = D_KL(P||Q)", False, "cross-entropy is not KL"),
    ("H(P,Q) >= H(P)", True, "cross-entropy is at least the entropy"),
    ("H(P,Q) = H(Q,P)", False, "cross-entropy is not symmetric"),
    (r"H(P,Q) = -\sum_x P(x) \log Q(x)", True, "definition of cross-entropy"),
    ("H(P,Q) = H(Q) + D_KL(P||Q)", False, "the wrong entropy in the decomposition"),
]

JSD: list[Row] = [
    ("JSD(P||Q) = JSD(Q||P)", True, "JSD is symmetric"),
    ("JSD(P||Q) <= log 2", True, "JSD is at most log 2"),
    ("JSD(P||Q) >= 0", True, "JSD is non-negative"),
    (
        "JSD(P||Q) = 1/2 D_KL(P || (P+Q)/2) + 1/2 D_KL(Q || (P+Q)/2)",
        True,
        "definition of JSD",
    ),
    ("JSD(P||Q) = D_KL(P || (P+Q)/2)", False, "only one half of the JSD"),
    ("D_JS(P||Q) = H((P+Q)/2) - (H(P) + H(Q))/2", True, "JSD as an entropy gap"),
    ("JSD(P||Q) = 1/2 D_KL(P||Q) + 1/2 D_KL(Q||P)", False, "JSD is not the symmetrised KL"),
    ("JSD(P||Q) <= log(2)/2", False, "the bound halved"),
]

ELBO: list[Row] = [
    ("log p(x) = ELBO(q) + D_KL(q(z|x) || p(z|x))", True, "evidence decomposition"),
    ("log p(x) >= ELBO(q)", True, "the ELBO is a lower bound"),
    ("log p(x) = ELBO(q)", False, "the ELBO is not the evidence"),
    ("log p(x) <= ELBO(q)", False, "the bound reversed"),
    ("ELBO(q) = E_{q(z|x)}[log p(x|z)] - D_KL(q(z|x) || p(z))", True, "reconstruction minus KL"),
    ("ELBO(q) = E_{q(z|x)}[log p(x|z)] + D_KL(q(z|x) || p(z))", False, "the KL sign flipped"),
    (
        "log p(x) = E_{q(z|x)}[log p(x,z) - log q(z|x)] + D_KL(q(z|x) || p(z|x))",
        True,
        "evidence decomposition, ELBO written out",
    ),
    (
        "log p(x) >= E_{q(z|x)}[log p(x,z) - log q(z|x)]",
        True,
        "the ELBO bound, written out",
    ),
]

GAN: list[Row] = [
    ("C(G) = -log 4 + 2 JSD(p_data||p_g)", True, "GAN value at the optimal discriminator"),
    ("C(G) = -log 4 + JSD(p_data||p_g)", False, "the factor 2 dropped"),
    ("C(G) >= -log 4", True, "the GAN optimum bound"),
    ("D^*(x) = p_data(x) / (p_data(x) + p_g(x))", True, "optimal discriminator"),
    ("D^*(x) = p_g(x) / (p_data(x) + p_g(x))", False, "optimal discriminator upside down"),
    (
        "E_{p_data}[log(p_data(x)/(p_data(x)+p_g(x)))] + E_{p_g}[log(p_g(x)/(p_data(x)+p_g(x)))]"
        " = -log 4 + 2 JSD(p_data||p_g)",
        True,
        "GAN value at the optimal discriminator, written out",
    ),
    (
        "E_{p_data}[log(p_data(x)/(p_data(x)+p_g(x)))] + E_{p_g}[log(p_g(x)/(p_data(x)+p_g(x)))]"
        " = 2 JSD(p_data||p_g)",
        False,
        "the constant -log 4 dropped",
    ),
]

MLE_MAP: list[Row] = [
    ("argmin_Q H(P,Q) = argmin_Q D_KL(P||Q)", True, "cross-entropy and KL share the minimiser"),
    (
        r"argmax_θ \prod_{i=1}^n θ^{x_i} (1-θ)^{1-x_i} = (1/n) \sum_{i=1}^n x_i",
        True,
        "Bernoulli MLE from the likelihood",
    ),
    (
        r"argmax_θ \sum_{i=1}^n (x_i \log θ + (1-x_i) \log(1-θ)) = (1/n) \sum_{i=1}^n x_i",
        True,
        "Bernoulli MLE from the log-likelihood",
    ),
    (
        r"argmax_θ \prod_{i=1}^n θ^{x_i} (1-θ)^{1-x_i} = 1/n",
        False,
        "Bernoulli MLE without the data",
    ),
    (
        r"argmax_θ θ^{a-1} (1-θ)^{b-1} \prod_{i=1}^n θ^{x_i} (1-θ)^{1-x_i}"
        r" = (\sum_{i=1}^n x_i + a - 1)/(n + a + b - 2)",
        True,
        "MAP with a Beta(a, b) prior: the posterior mode",
    ),
    (
        r"argmax_θ θ^{a-1} (1-θ)^{b-1} \prod_{i=1}^n θ^{x_i} (1-θ)^{1-x_i}"
        r" = (\sum_{i=1}^n x_i + a)/(n + a + b)",
        False,
        "MAP taken for the posterior mean",
    ),
]

CORPUS: dict[str, list[Row]] = {
    "probability": PROBABILITY,
    "expectation": EXPECTATION,
    "entropy": ENTROPY,
    "mutual_information": MUTUAL_INFORMATION,
    "kl": KL,
    "cross_entropy": CROSS_ENTROPY,
    "jsd": JSD,
    "elbo": ELBO,
    "gan": GAN,
    "mle_map": MLE_MAP,
}
CLAIMS: list[Row] = [row for rows in CORPUS.values() for row in rows]
TRUE_CLAIMS = [claim for claim, holds, _ in CLAIMS if holds]
FALSE_CLAIMS = [claim for claim, holds, _ in CLAIMS if not holds]
