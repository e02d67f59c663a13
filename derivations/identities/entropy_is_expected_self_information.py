"""H(X) = E[I(X)] = −Σ P(x) log P(x)."""

import sympy as sp

from symgen.notation.symbols import E, H, P, SelfInfo, Sum
from symgen.proof.derivation import Derivation, Step

X, x = sp.symbols("X x")
# the chain the step search finds (tests/test_derivations.py derives it again)
STEPS = (
    Step(-Sum(P(x) * sp.log(P(x)), x), "def_entropy"),
    Step(E(-sp.log(P(x))), "def_expectation", reverse=True),
    Step(E(SelfInfo(X)), "def_self_information", reverse=True),
)

DERIVATION = Derivation(
    name="entropy_is_expected_self_information",
    topic="information",
    title_en="Entropy is the expected self-information",
    title_ko="엔트로피는 정보량의 기댓값",
    statement=r"H(X) = \mathbb{E}_{x \sim P}[I(x)] = -\sum_x P(x) \log P(x)",
    note_en="General; each link is checked by symgen.verify on the abstract notation.",
    note_ko="일반적인 경우. 각 단계는 symgen.verify가 추상 표기 그대로 확인한다.",
    start=H(X),
    steps=STEPS,
)
