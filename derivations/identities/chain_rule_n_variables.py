"""Chain rule for n = 4 variables: P(x1..x4) = P(x4 | x1..x3) P(x3 | x1, x2) P(x2 | x1) P(x1)."""

import sympy as sp

from symgen.notation.symbols import P
from symgen.proof.derivation import Derivation, Step

N = 4
names = [f"x_{i}" for i in range(1, N + 1)]
xs = sp.symbols(" ".join(names))


def prefix(k: int) -> sp.Expr:
    """P(x_1, ..., x_k)."""
    return P(*xs[:k])


def factor(k: int) -> sp.Expr:
    """P(x_k | x_1, ..., x_{k-1}) (P(x_1) for k = 1)."""
    return P(xs[k - 1], given=xs[: k - 1]) if k > 1 else P(xs[0])


def peeled(k: int) -> sp.Expr:
    """P(x_1..x_k) times the factors for k+1..N."""
    return sp.Mul(prefix(k), *(factor(i) for i in range(N, k, -1)), evaluate=False)


DERIVATION = Derivation(
    name="chain_rule_n_variables",
    topic="probability",
    title_en="Chain rule of conditional probability (n variables, product form)",
    title_ko="조건부 확률의 연쇄 법칙 (n개 변수, 곱 형태)",
    statement=r"P(x_1, \dots, x_n) = P(x_1) \prod_{i=2}^{n} P(x_i \mid x_1, \dots, x_{i-1})",
    note_en="Shown for n = 4. General: every link is checked by symgen.verify on the abstract "
    "notation (symbolic normal form, and numerically on random finite models with 2 to 5 "
    "outcomes per variable).",
    note_ko="n = 4로 보인다. 일반적인 경우: 각 단계는 symgen.verify가 추상 표기 그대로 확인한다 "
    "(기호 정규형, 그리고 변수마다 2~5개 결과를 갖는 임의의 유한 모델에서 수치적으로).",
    start=prefix(N),
    steps=tuple(
        Step(peeled(k), "product_rule", assumes=(f"P(x_1..x_{k}) > 0",))
        for k in range(N - 1, 0, -1)
    ),
)
