"""Conditional independence: P(a, b | c) = P(a | c) P(b | c), and then P(a | b, c) = P(a | c)."""

import sympy as sp

from symgen.notation.symbols import P
from symgen.proof.derivation import Derivation, Step, ratio

a, b, c = sp.symbols("a b c")


factorised = sp.Mul(P(a, given=(c,)), P(b, given=(c,)), evaluate=False)
DERIVATION = Derivation(
    name="conditional_independence",
    topic="probability",
    title_en="Conditional independence",
    title_ko="조건부 독립",
    statement=r"\mathrm{a} \perp \mathrm{b} \mid \mathrm{c} \iff"
    r" P(a, b \mid c) = P(a \mid c)\, P(b \mid c)",
    note_en="a ⊥ b | c is built into verify's random models. The facts show the equivalent form "
    "P(a | b, c) = P(a | c). General: every link is checked by symgen.verify on the abstract "
    "notation (symbolic normal form, and numerically on random finite models with 2 to 5 "
    "outcomes per variable).",
    note_ko="a ⊥ b | c 가정은 verify의 임의 모델에 반영된다. 보조 사실은 동치인 P(a | b, c) = "
    "P(a | c)를 보인다. 일반적인 경우: 각 단계는 symgen.verify가 추상 표기 그대로 확인한다 (기호 "
    "정규형, 그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 수치적으로).",
    start=P(a, b, given=(c,)),
    steps=(
        Step(ratio(P(a, b, c), P(c)), "def_conditional", assumes=("P(c) > 0",)),
        Step(
            ratio(sp.Mul(P(c), factorised, evaluate=False), P(c)),
            "conditional_independence",
            assumes=("a ⊥ b | c",),
        ),
        Step(factorised, "algebra", note="cancel P(c)", note_ko="P(c) 약분"),
    ),
    facts=(
        (P(a, given=(b, c)), Step(ratio(P(a, b, c), P(b, c)), "def_conditional")),
        (
            ratio(P(a, b, c), P(b, c)),
            Step(P(a, given=(c,)), "conditional_independence", assumes=("a ⊥ b | c",)),
        ),
    ),
)
