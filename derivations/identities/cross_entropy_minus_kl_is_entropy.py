"""Erratum: H(P, Q) ≠ D_KL(P ‖ Q) in general; their difference is H(P)."""

import sympy as sp

import symgen as sg
from symgen.notation.symbols import D, H, Hx, Pmf, Sum
from symgen.proof.derivation import Derivation, Step, Term
from symgen.proof.rules import cross_entropy_sum, kl_sum

P_, Q_ = sp.symbols("P Q")
quarter = sp.Rational(1, 4)
COIN = sg.coin("y").to_pmf()  # the notes' fair coin
MODEL_Q = {"H": quarter, "T": 1 - quarter}
x = sp.Symbol("x")
p, q = Pmf(P_, x), Pmf(Q_, x)
# the chain the step search finds (tests/test_derivations.py derives it again)
STEPS = (
    Step(Hx(P_, Q_) - Sum(p * sp.log(p / q), x), "def_kl"),
    Step(Hx(P_, Q_) - Sum(p * (sp.log(p) - sp.log(q)), x), "log_of_quotient"),
    Step(Hx(P_, Q_) - Sum(p * sp.log(p), x) + Sum(p * sp.log(q), x), "split_sum"),
    Step(-Sum(p * sp.log(p), x), "def_cross_entropy"),
    Step(H(dist=P_), "def_entropy", reverse=True),
)
hx_coin = Term(r"H(P_{\mathrm{coin}}, Q)")
kl_coin = Term(r"D_{\mathrm{KL}}(P_{\mathrm{coin}} \,\|\, Q)")

DERIVATION = Derivation(
    name="cross_entropy_minus_kl_is_entropy",
    topic="information",
    title_en="Erratum: cross-entropy is not the KL divergence (they differ by H(P))",
    title_ko="정오표: 크로스 엔트로피는 KL 발산이 아니다 (H(P)만큼 차이)",
    statement=r"H(P, Q) - D_{\mathrm{KL}}(P \,\|\, Q) = H(P),"
    r" \text{ so } H(P, Q) \ne D_{\mathrm{KL}}(P \,\|\, Q) \text{ unless } H(P) = 0",
    note_en="The notes write H(P, Q) = D_KL(P || Q). The chain shows the true relation; the facts "
    "give a witness: the fair coin P against Q = (1/4, 3/4), where the two sides differ by "
    "H(P) = log 2. Both still have the same minimiser over Q.",
    note_ko="노트는 H(P, Q) = D_KL(P || Q)라고 쓴다. 본 사슬은 올바른 관계를 보이고, 보조 사실은 "
    "반례를 준다: 공정한 동전 P와 Q = (1/4, 3/4)에서 두 값은 H(P) = log 2만큼 다르다. 그래도 Q에 "
    "대한 최소화 지점은 같다.",
    start=Hx(P_, Q_) - D(P_, Q_),
    steps=STEPS,
    facts=(
        (hx_coin - kl_coin, Step(sp.log(2), "def_entropy", note="H of a fair coin")),
        (hx_coin, Step(kl_coin, "witness", relation="!=", note="the notes' equality fails")),
    ),
    # concrete values of the witness terms only; the chain itself stays abstract
    models=({hx_coin: cross_entropy_sum(COIN, MODEL_Q), kl_coin: kl_sum(COIN, MODEL_Q)},),
)
