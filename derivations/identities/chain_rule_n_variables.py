"""Chain rule for n = 4 variables: P(x1..x4) = P(x4 | x1..x3) P(x3 | x1, x2) P(x2 | x1) P(x1)."""

import sympy as sp

from symgen.derivation import Derivation, Step, SymbolicJoint
from symgen.notation import P

N = 4
names = [f"x_{i}" for i in range(1, N + 1)]
xs = sp.symbols(" ".join(names))
J = SymbolicJoint(names)


def prefix(k: int) -> sp.Expr:
    """P(x_1, ..., x_k)."""
    return P(*xs[:k])


def factor(k: int) -> sp.Expr:
    """P(x_k | x_1, ..., x_{k-1}) (P(x_1) for k = 1)."""
    return P(xs[k - 1], given=xs[: k - 1]) if k > 1 else P(xs[0])


def meaning(outcome: tuple[int, ...]) -> dict:
    """Concrete values of every notation term at one outcome of the symbolic joint."""
    event = dict(zip(names, outcome, strict=True))
    values = {}
    for k in range(1, N + 1):
        head = {n: event[n] for n in names[:k]}
        values[prefix(k)] = J.prob(head)
        values[factor(k)] = J.cond(
            {names[k - 1]: event[names[k - 1]]}, dict(list(head.items())[:-1])
        )
    return values


def peeled(k: int) -> sp.Expr:
    """P(x_1..x_k) times the factors for k+1..N."""
    return sp.Mul(prefix(k), *(factor(i) for i in range(N, k, -1)), evaluate=False)


DERIVATION = Derivation(
    name="chain_rule_n_variables",
    topic="probability",
    title_en="Chain rule of conditional probability (n variables, product form)",
    title_ko="조건부 확률의 연쇄 법칙 (n개 변수, 곱 형태)",
    statement=r"P(x_1, \dots, x_n) = P(x_1) \prod_{i=2}^{n} P(x_i \mid x_1, \dots, x_{i-1})",
    note_en="Shown for n = 4 on a joint table of four binary variables whose 16 cells are free "
    "symbols; every link is checked at two outcomes (the cells are interchangeable symbols).",
    note_ko="네 개의 이진 변수, 16개 칸이 모두 자유 기호인 결합표에서 n = 4로 보인다. 각 단계는 "
    "두 결과에서 확인한다 (칸들은 서로 바꿔도 되는 기호이다).",
    start=prefix(N),
    steps=tuple(
        Step(peeled(k), "product_rule", assumes=(f"P(x_1..x_{k}) > 0",))
        for k in range(N - 1, 0, -1)
    ),
    models=(meaning((0, 0, 0, 0)), meaning((1, 0, 1, 1))),
)
