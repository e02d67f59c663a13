"""GAN: C(G) = max_D V(G, D) = −log 4 + 2 · JSD(p_data ‖ p_g)."""

import sympy as sp

from symgen.notation.symbols import JSD, Pmf, Sum
from symgen.proof.derivation import Derivation, Step

x = sp.Symbol("x")
p_data, p_g = sp.symbols("p_data p_g")
a, b = Pmf(p_data, x), Pmf(p_g, x)
m = (a + b) / 2
S, LOG2 = a + b, sp.log(2)
L1 = Sum(a * sp.log(a / S), x) + Sum(b * sp.log(b / S), x)
L3 = Sum(a * sp.log(a), x) - Sum(a * sp.log(S), x) + Sum(b * sp.log(b), x) - Sum(b * sp.log(S), x)

DERIVATION = Derivation(
    name="gan_virtual_training_criterion",
    topic="generative",
    title_en="GAN: C(G) = 2 JSD(p_data || p_g) - log 4",
    title_ko="GAN: C(G) = 2 JSD(p_data || p_g) - log 4",
    statement=r"C(G) = \max_D V(G, D) = 2\,\mathrm{JSD}(p_{\mathrm{data}} \,\|\, p_g)"
    r" - \log 4",
    note_en="General (sums over x, checked by symgen.verify on the abstract notation). The "
    "start is V(G, D*) with the optimal discriminator D* = p_data / (p_data + p_g) "
    "(gan_optimal_discriminator). Since JSD >= 0 with equality iff p_g = p_data, the global "
    "minimum of C(G) is -log 4.",
    note_ko="일반적인 경우 (x에 대한 합, 추상 표기로 확인). 시작식은 최적 판별자 "
    "D* = p_data / (p_data + p_g)를 넣은 V(G, D*)이다. JSD >= 0이고 p_g = p_data일 때만 0이므로 "
    "C(G)의 전역 최솟값은 -log 4이다.",
    start=Sum(a * sp.log(a / (a + b)), x) + Sum(b * sp.log(1 - a / (a + b)), x),
    steps=(
        Step(L1, "algebra", note="1 - D* = p_g / (p_data + p_g)"),
        Step(
            Sum(a * (sp.log(a) - sp.log(S)), x) + Sum(b * (sp.log(b) - sp.log(S)), x),
            "log_of_quotient",
        ),
        Step(L3, "split_sum"),
        Step(
            L3 + LOG2 * Sum(a, x) + LOG2 * Sum(b, x) - 2 * LOG2,
            "normalisation",
            reverse=True,
            note="add log 2 times each pmf's total (= 1) and take 2 log 2 away",
            note_ko="각 분포의 합(= 1)에 log 2를 곱해 더하고 2 log 2를 뺀다",
        ),
        Step(
            Sum(a * (sp.log(a) - sp.log(S) + LOG2), x)
            + Sum(b * (sp.log(b) - sp.log(S) + LOG2), x)
            - 2 * LOG2,
            "split_sum",
            reverse=True,
        ),
        Step(
            Sum(a * sp.log(a / m), x) + Sum(b * sp.log(b / m), x) - 2 * LOG2,
            "log_of_quotient",
            reverse=True,
        ),
        Step(2 * JSD(p_data, p_g) - sp.log(4), "def_jsd", reverse=True),
    ),
)
