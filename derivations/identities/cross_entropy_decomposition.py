"""H(P, Q) = H(P) + D_KL(P ‖ Q): cross-entropy is entropy plus KL (not KL alone)."""

import sympy as sp

from symgen.notation.symbols import D, H, Hx, Pmf, Sum
from symgen.proof.derivation import Derivation, Step

x = sp.Symbol("x")
P_, Q_ = sp.symbols("P Q")
p, q = Pmf(P_, x), Pmf(Q_, x)
# the chain the step search finds (tests/test_derivations.py derives it again):
# H(P) enters as -sum P log P added and taken away
STEPS = (
    Step(-Sum(p * sp.log(q), x), "def_cross_entropy"),
    Step(H(dist=P_) + Sum(p * sp.log(p), x) - Sum(p * sp.log(q), x), "def_entropy", reverse=True),
    Step(H(dist=P_) + Sum(p * (sp.log(p) - sp.log(q)), x), "split_sum", reverse=True),
    Step(H(dist=P_) + Sum(p * sp.log(p / q), x), "combine_logs"),
    Step(H(dist=P_) + D(P_, Q_), "def_kl", reverse=True),
)

DERIVATION = Derivation(
    name="cross_entropy_decomposition",
    topic="information",
    title_en="Cross-entropy = entropy + KL divergence",
    title_ko="크로스 엔트로피 = 엔트로피 + KL 발산",
    statement=r"H(P, Q) = H(P) + D_{\mathrm{KL}}(P \,\|\, Q)",
    note_en="General. The notes conclude H(P, Q) = D_KL(P || Q); that is false as an equality "
    "(they differ by H(P) >= 0). What is true: H(P) does not depend on Q, so both have the same "
    "minimiser over Q (see argmin_cross_entropy_equals_argmin_kl).",
    note_ko="일반적인 경우. 노트의 결론 H(P, Q) = D_KL(P || Q)는 등식으로는 틀리다 (H(P) >= 0만큼 "
    "차이). 옳은 것은: H(P)가 Q에 의존하지 않으므로 Q에 대한 최소화 지점이 같다는 것이다 "
    "(argmin_cross_entropy_equals_argmin_kl 참고).",
    start=Hx(P_, Q_),
    steps=STEPS,
)
