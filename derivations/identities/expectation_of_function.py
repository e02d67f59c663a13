"""E[f(X)] = sum_x P(x) f(x): the board-game example on the fair die with f(x) = x²."""

import sympy as sp

import symgen as sg
from symgen.notation.symbols import E
from symgen.proof.derivation import Derivation, Step, Term, symbolic_pmf

X = sp.Symbol("X")
k = sp.Symbol("x", integer=True, positive=True)
DIE = sg.die("x")
f_values = dict(enumerate(sp.symbols("f_1:4", real=True), start=1))
pmf = symbolic_pmf("p", 3)
e_general = Term(r"\mathbb{E}_{x \sim P}[f(x)]")

DERIVATION = Derivation(
    name="expectation_of_function",
    topic="expectation",
    title_en="Expectation of a function: E[f(X)] = Σ P(x) f(x)",
    title_ko="함수의 기댓값: E[f(X)] = Σ P(x) f(x)",
    statement=r"\mathbb{E}_{x \sim P}[f(x)] = \sum_x P(x)\, f(x)",
    note_en="On the fair die with f(x) = x²: the left side is computed by symgen.expectation; "
    "the fact repeats the definition on a symbolic 3-outcome pmf with symbolic f values.",
    note_ko="공정한 주사위와 f(x) = x²에서: 좌변은 symgen.expectation으로 계산한다. 보조 사실은 "
    "기호 3점 분포와 기호 f 값에서 정의를 다시 확인한다.",
    start=E(X**2),
    steps=(
        Step(sp.Sum(sp.Rational(1, 6) * k**2, (k, 1, 6)), "def_expectation", note="P(x) = 1/6"),
        Step(sp.Rational(1, 6) * sp.Sum(k**2, (k, 1, 6)), "split_sum"),
        Step(
            sp.Mul(sp.Rational(1, 6), sp.UnevaluatedExpr(91), evaluate=False),
            "evaluate",
            note="1 + 4 + 9 + 16 + 25 + 36 = 91",
        ),
        Step(sp.Rational(91, 6), "evaluate"),
    ),
    facts=(
        (
            e_general,
            Step(
                sp.Add(*(pmf[i] * f_values[i] for i in pmf)),
                "def_expectation",
                note="symbolic pmf p_i / (p_1 + p_2 + p_3), symbolic values f_i",
            ),
        ),
    ),
    models=(
        {
            E(X**2): sg.expectation(DIE, lambda x: x**2),
            e_general: sg.expectation(
                sg.Distribution.from_table(["i"], {(i,): pmf[i] for i in pmf}),
                lambda i: f_values[i],
            ),
        },
    ),
)
