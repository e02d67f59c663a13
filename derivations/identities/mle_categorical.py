"""MLE of a categorical distribution: θ̂_k = n_k / N (Lagrange multiplier for Σθ = 1)."""

import sympy as sp

from symgen.proof.derivation import Derivation, Step, Term, chain

K = 3
th = sp.symbols(f"theta_1:{K + 1}", positive=True)
n = sp.symbols(f"n_1:{K + 1}", positive=True)
lam = sp.Symbol("lambda", positive=True)
N = sp.Add(*n)
lik = Term(r"L(\theta)")
loglik = sp.Add(*(nk * sp.log(tk) for nk, tk in zip(n, th, strict=True)))
lagrangian = loglik - lam * (sp.Add(*th) - 1)
equations = [sp.diff(lagrangian, v) for v in (*th, lam)]
solution = sp.solve(equations, [*th, lam], dict=True)[0]
hats = [Term(rf"\hat\theta_{k}") for k in range(1, K + 1)]
constraint = lam * (sp.Add(*th) - 1)
start = sp.Derivative(sp.log(lik) - constraint, th[0])

DERIVATION = Derivation(
    name="mle_categorical",
    topic="estimation",
    title_en="Maximum likelihood estimate of a categorical distribution",
    title_ko="범주형 분포의 최대우도추정",
    statement=r"\hat\theta_k = \frac{n_k}{N}, \quad N = \sum_k n_k",
    note_en="K = 3 categories seen n_1, n_2, n_3 times. The chain differentiates the "
    "Lagrangian l(theta) - lambda (sum theta - 1) in theta_1 (theta_2, theta_3 alike); the "
    "facts solve all the score equations with sympy.solve. l is concave (every second "
    "derivative -n_k / theta_k^2 < 0, no cross terms), so the stationary point is the maximum.",
    note_ko="K = 3개 범주가 n_1, n_2, n_3번 관측. 본 사슬은 라그랑지안 "
    "l(theta) - lambda (sum theta - 1)을 theta_1로 미분한다 (theta_2, theta_3도 같다). 보조 "
    "사실은 모든 스코어 방정식을 sympy.solve로 푼다. 이계도함수가 모두 -n_k / theta_k^2 < 0이고 "
    "교차항이 없으므로 l은 오목하며 정류점이 최댓값이다.",
    start=start,
    steps=chain(
        start,
        Step(
            sp.Derivative(
                sp.log(sp.Mul(*(tk**nk for nk, tk in zip(n, th, strict=True)))) - constraint,
                th[0],
            ),
            "iid_factorisation",
            assumes=("i.i.d.",),
        ),
        Step(sp.Derivative(loglik - constraint, th[0]), "log_of_product"),
        Step(n[0] / th[0] - lam, "differentiate", note="the score in theta_1"),
    ),
    facts=(
        *((hats[k], Step(n[k] / N, "solve_score_equation")) for k in range(K)),
        (sp.Add(*hats), Step(sp.Integer(1), "normalisation")),
        *(
            (
                sp.diff(loglik, th[k], 2).subs(th[k], hats[k]),
                Step(0, "second_derivative_test", relation="<"),
            )
            for k in range(K)
        ),
    ),
    models=(
        {
            lik: sp.Mul(*(tk**nk for nk, tk in zip(n, th, strict=True))),
            **{hats[k]: solution[th[k]] for k in range(K)},
        },
    ),
)
