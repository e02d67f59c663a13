"""Self-information I(x) = −log P(x); for independent events it adds up."""

import sympy as sp

import symgen as sg
from symgen.proof.derivation import Derivation, Step, Term

J = sg.independent(sg.die("x"), sg.coin("y"))
i_joint = Term(r"I(\mathrm{x}=3, \mathrm{y}=\mathrm{H})")
p_joint = Term(r"P(\mathrm{x}=3, \mathrm{y}=\mathrm{H})")
p_x, p_y = Term(r"P(\mathrm{x}=3)"), Term(r"P(\mathrm{y}=\mathrm{H})")
i_x, i_y = Term(r"I(\mathrm{x}=3)"), Term(r"I(\mathrm{y}=\mathrm{H})")

DERIVATION = Derivation(
    name="self_information",
    topic="information",
    title_en="Self-information I(x) = -log P(x), additive for independent events",
    title_ko="정보량 I(x) = -log P(x), 독립 사건이면 더해진다",
    statement=r"I(x) = -\log P(x), \quad I(x, y) = I(x) + I(y) \text{ if } x \perp y",
    note_en="On the die-and-coin table: the rarer joint outcome (1/12) carries log 12 nats, the "
    "sum of log 6 for the die and log 2 for the coin.",
    note_ko="주사위와 동전 표에서: 더 드문 결합 결과(1/12)의 정보량 log 12는 "
    "주사위의 log 6과 동전의 log 2의 합이다.",
    start=i_joint,
    steps=(
        Step(-sp.log(p_joint), "def_self_information"),
        Step(-sp.log(sp.Mul(p_x, p_y, evaluate=False)), "independence_factorises"),
        Step(-sp.log(p_x) - sp.log(p_y), "log_of_product"),
        Step(i_x + i_y, "def_self_information"),
        Step(sp.log(6) + sp.log(2), "evaluate", note="P(x=3) = 1/6, P(y=H) = 1/2"),
        Step(sp.log(12), "combine_logs"),
    ),
    models=(
        {
            i_joint: -sp.log(J.prob({"x": 3, "y": "H"})),
            p_joint: J.prob({"x": 3, "y": "H"}),
            p_x: J.prob({"x": 3}),
            p_y: J.prob({"y": "H"}),
            i_x: -sp.log(J.prob({"x": 3})),
            i_y: -sp.log(J.prob({"y": "H"})),
        },
    ),
)
