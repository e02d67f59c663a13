"""Joint, marginal and conditional on the notes' die-and-coin table: P(y = H | x = 3) = 1/2."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term, ratio

J = sg.independent(sg.die("x"), sg.coin("y"))
cond = Term(r"P(\mathrm{y}=\mathrm{H} \mid \mathrm{x}=3)")
joint_h = Term(r"P(\mathrm{x}=3, \mathrm{y}=\mathrm{H})")
joint_t = Term(r"P(\mathrm{x}=3, \mathrm{y}=\mathrm{T})")
marg_x = Term(r"P(\mathrm{x}=3)")
marg_y = Term(r"P(\mathrm{y}=\mathrm{H})")
twelfth, sixth = sp.Rational(1, 12), sp.Rational(1, 6)


DERIVATION = Derivation(
    name="die_coin_joint_marginal_conditional",
    topic="probability",
    title_en="Joint, marginal and conditional probability on the die-and-coin table",
    title_ko="주사위와 동전 표에서의 결합·주변·조건부 확률",
    statement=r"P(\mathrm{y}=\mathrm{H} \mid \mathrm{x}=3) = \frac{1/12}{1/6} = \frac12",
    note_en="Every named probability is computed by symgen from the 12-cell table "
    "(independent(die('x'), coin('y'))), then the steps rebuild it by the rules.",
    note_ko="모든 확률은 symgen이 12칸 표(independent(die('x'), coin('y')))에서 계산하고, "
    "각 단계는 규칙으로 다시 구성한다.",
    start=cond,
    steps=(
        Step(ratio(joint_h, marg_x), "def_conditional", assumes=("P(x=3) > 0",)),
        Step(ratio(joint_h, sp.Add(joint_h, joint_t, evaluate=False)), "marginalisation"),
        Step(ratio(twelfth, sp.Add(twelfth, twelfth, evaluate=False)), "def_joint"),
        Step(ratio(twelfth, sixth), "evaluate"),
        Step(sp.Rational(1, 2), "evaluate"),
    ),
    facts=(
        (joint_h, Step(twelfth, "def_joint", note="one of 12 equally likely cells")),
        (marg_x, Step(sp.Add(twelfth, twelfth, evaluate=False), "marginalisation")),
        (joint_h, Step(sp.Mul(marg_x, marg_y, evaluate=False), "independence_factorises")),
    ),
    models=(
        {
            cond: J.prob({"y": "H"}, given={"x": 3}),
            joint_h: J.prob({"x": 3, "y": "H"}),
            joint_t: J.prob({"x": 3, "y": "T"}),
            marg_x: J.marginal("x").prob({"x": 3}),
            marg_y: J.marginal("y").prob({"y": "H"}),
        },
    ),
)
