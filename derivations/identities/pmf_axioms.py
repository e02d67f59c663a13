"""PMF axioms: 0 <= P(x) <= 1 and sum_x P(x) = 1 (the fair die, and a symbolic pmf)."""

import sympy as sp

import symgen as sg
from symgen.notation.symbols import P, Sum
from symgen.proof.derivation import Derivation, Step, Term, symbolic_pmf

x = sp.Symbol("x")
DIE = sg.die("x").to_pmf()
faces = sorted(DIE)
W = symbolic_pmf("w", 3)
total_w = Term(r"\sum_{i=1}^{3} \frac{w_i}{w_1 + w_2 + w_3}")

DERIVATION = Derivation(
    name="pmf_axioms",
    topic="probability",
    title_en="Axioms of a probability mass function",
    title_ko="확률질량함수의 공리",
    statement=r"0 \le P(x) \le 1, \quad \sum_x P(x) = 1",
    note_en="The chain sums the fair die's pmf (computed by symgen.die); the facts check "
    "0 <= P(x) <= 1 for every face and that normalised positive weights always sum to one.",
    note_ko="본 사슬은 공정한 주사위의 확률을 더한다(symgen.die로 계산). 보조 사실은 모든 면에서 "
    "0 <= P(x) <= 1임과, 양수 가중치를 정규화하면 언제나 합이 1임을 확인한다.",
    start=Sum(P(x), x),
    steps=(
        Step(sp.Add(*(DIE[f] for f in faces), evaluate=False), "def_pmf", note="each face 1/6"),
        Step(sp.Integer(1), "evaluate"),
    ),
    facts=(
        *((DIE[f], Step(sp.Integer(0), "def_pmf", relation=">=")) for f in faces),
        *((DIE[f], Step(sp.Integer(1), "def_pmf", relation="<=")) for f in faces),
        (total_w, Step(sp.Integer(1), "normalisation")),
    ),
    models=({Sum(P(x), x): sp.Add(*DIE.values()), total_w: sp.Add(*W.values())},),
)
