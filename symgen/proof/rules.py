"""Named rewrite rules: the moves a derivation step may make, each with its justification.

A rule has a stable snake_case id, a LaTeX statement, a one-line justification in English and
Korean, and the side conditions it relies on. Mechanical rules also carry ``apply``: a function
that *produces* the next expression (expand a definition, split a log, differentiate, ...), so
a derivation step is computed by the rule rather than typed in by hand.

>>> a = sp.Symbol("a", positive=True)
>>> get_rule("log_of_quotient").apply(sp.log(a / 2)) == sp.log(a) - sp.log(2)
True
>>> sorted(RULES)[:3]
['algebra', 'argmin_drop_constant', 'argmin_of_monotone']
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symgen.core.outcomes import to_number
from symgen.errors import SymgenError, UnknownRule

Pmf = Mapping[Any, sp.Expr]


class RuleNotApplicable(SymgenError, ValueError):
    """A mechanical rule that cannot produce a next expression from the one it was given."""


@dataclass(frozen=True)
class Rule:
    """A named move: statement, bilingual one-line justification, side conditions."""

    id: str
    statement: str  # LaTeX
    en: str
    ko: str
    side_conditions: tuple[str, ...] = ()
    apply: Callable[..., sp.Expr] | None = field(default=None, compare=False, repr=False)

    def justification(self, lang: str = "en") -> str:
        """The one-line justification in ``lang`` ("en" or "ko")."""
        return self.ko if lang == "ko" else self.en


# ---------------------------------------------------------------- mechanical rule functions


def expectation_sum(p: Pmf, f: Callable[[Any], sp.Expr] | None = None) -> sp.Expr:
    """E[f(X)] = sum_x P(x) f(x) on a finite pmf (f defaults to the identity).

    >>> half = sp.Rational(1, 2)
    >>> expectation_sum({0: half, 1: half}, lambda x: x**2)
    1/2
    """
    fn = f if f is not None else (lambda x: to_number(x, "x"))  # never sympify an outcome
    return sp.Add(*(px * fn(x) for x, px in p.items()))


def self_information(px: sp.Expr) -> sp.Expr:
    """I(x) = -log P(x).

    >>> self_information(sp.Rational(1, 4)) == sp.log(4)
    True
    """
    return -sp.log(px)


def entropy_sum(p: Pmf) -> sp.Expr:
    """H(P) = -sum_x P(x) log P(x); zero cells add nothing (0 log 0 = 0)."""
    return -sp.Add(*(px * sp.log(px) for px in p.values() if px != 0))


def cross_entropy_sum(p: Pmf, q: Pmf) -> sp.Expr:
    """H(P, Q) = -sum_x P(x) log Q(x)."""
    return -sp.Add(*(px * sp.log(q[x]) for x, px in p.items() if px != 0))


def kl_sum(p: Pmf, q: Pmf) -> sp.Expr:
    """D_KL(P || Q) = sum_x P(x) log(P(x) / Q(x))."""
    return sp.Add(*(px * sp.log(px / q[x]) for x, px in p.items() if px != 0))


def variance_sum(p: Pmf) -> sp.Expr:
    """Var X = E[(X - E X)^2] on a finite pmf."""
    mean = expectation_sum(p)
    return sp.Add(*(px * (to_number(x, "x") - mean) ** 2 for x, px in p.items()))


def expand_logs(expr: sp.Expr) -> sp.Expr:
    """log(ab) = log a + log b, log(a/b) = log a - log b, log a^n = n log a (arguments > 0)."""
    return sp.expand_log(expr, force=True)


def combine_logs(expr: sp.Expr) -> sp.Expr:
    """log a + log b = log(ab) (arguments > 0)."""
    return sp.logcombine(expr, force=True)


def split_sum(expr: sp.Expr) -> sp.Expr:
    """Distribute products over sums: sum (a + b) = sum a + sum b, sum c a = c sum a."""
    return sp.expand_mul(expr)


def substitute(expr: sp.Expr, mapping: Mapping[sp.Basic, sp.Expr]) -> sp.Expr:
    """Replace each key of ``mapping`` by its value."""
    return expr.xreplace(dict(mapping))


def differentiate(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """d expr / d var."""
    return sp.diff(expr, var)


def solve_for(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """The unique solution of ``expr = 0`` for ``var`` (sympy.solve).

    >>> t = sp.Symbol("t")
    >>> solve_for(3 / t - 2 / (1 - t), t)
    3/5
    """
    roots = sp.solve(expr, var, dict=False)
    if len(roots) != 1:
        raise RuleNotApplicable(f"expected one root of {expr} = 0 in {var}, got {roots}")
    return sp.simplify(roots[0])


def algebra(expr: sp.Expr, *, how: str = "simplify") -> sp.Expr:
    """Rewrite by elementary algebra: ``how`` is simplify, factor, cancel, expand or together."""
    moves = {
        "simplify": sp.simplify,
        "factor": sp.factor,
        "cancel": sp.cancel,
        "expand": sp.expand,
        "together": sp.together,
    }
    if how not in moves:
        raise RuleNotApplicable(f"unknown algebra move {how!r}; use one of {sorted(moves)}")
    return moves[how](expr)


# ---------------------------------------------------------------- the rule table


def _r(
    rid: str,
    statement: str,
    en: str,
    ko: str,
    side: tuple[str, ...] = (),
    apply: Callable[..., sp.Expr] | None = None,
) -> Rule:
    return Rule(rid, statement, en, ko, side, apply)


_TABLE: tuple[Rule, ...] = (
    _r(
        "def_pmf",
        r"0 \le P(x) \le 1,\ \sum_x P(x) = 1",
        "Definition of a probability mass function.",
        "확률질량함수의 정의.",
    ),
    _r(
        "normalisation",
        r"\sum_x P(x) = 1",
        "Probabilities of all outcomes sum to one.",
        "모든 결과의 확률을 더하면 1이다.",
    ),
    _r(
        "def_joint",
        r"P(x, y) = P(\mathrm{x} = x \wedge \mathrm{y} = y)",
        "A joint probability is the probability that both events happen.",
        "결합확률은 두 사건이 동시에 일어날 확률이다.",
    ),
    _r(
        "marginalisation",
        r"P(x) = \sum_y P(x, y)",
        "Sum the joint over the variable we do not care about.",
        "관심 없는 변수에 대해 결합확률을 더하면 주변확률이 된다.",
    ),
    _r(
        "def_conditional",
        r"P(a \mid b) = \frac{P(a, b)}{P(b)}",
        "Definition of conditional probability.",
        "조건부확률의 정의: 결합확률 / 주변확률.",
        ("P(b) > 0",),
    ),
    _r(
        "product_rule",
        r"P(a, b) = P(a \mid b)\, P(b)",
        "Joint = conditional × marginal.",
        "결합확률 = 조건부확률 × 주변확률.",
        ("P(b) > 0",),
    ),
    _r(
        "chain_rule",
        r"P(x_1, \dots, x_n) = \prod_{i=1}^{n} P(x_i \mid x_1, \dots, x_{i-1})",
        "Apply the product rule repeatedly.",
        "곱셈 법칙을 반복해서 적용한다 (연쇄 법칙).",
        ("every conditioning event has P > 0",),
    ),
    _r(
        "bayes",
        r"P(a \mid b) = \frac{P(b \mid a)\, P(a)}{P(b)}",
        "Bayes' rule: write the joint both ways and divide.",
        "베이즈 정리: 결합확률을 두 방식으로 쓰고 나눈다.",
        ("P(a) > 0", "P(b) > 0"),
    ),
    _r(
        "total_probability",
        r"P(a) = \sum_b P(a \mid b)\, P(b)",
        "Law of total probability: marginalise, then use the product rule.",
        "전체 확률의 법칙: 주변화 후 곱셈 법칙을 적용한다.",
        ("P(b) > 0 for every b",),
    ),
    _r(
        "independence_factorises",
        r"\mathrm{x} \perp \mathrm{y} \iff P(x, y) = P(x)\, P(y)",
        "Independent variables: the joint is the product of the marginals.",
        "독립인 두 변수의 결합확률은 주변확률의 곱이다.",
        ("x and y independent",),
    ),
    _r(
        "conditional_independence",
        r"\mathrm{a} \perp \mathrm{b} \mid \mathrm{c} \iff"
        r" P(a, b \mid c) = P(a \mid c)\, P(b \mid c)",
        "Conditionally independent given c: the conditional joint factorises.",
        "c가 주어졌을 때 조건부 독립이면 조건부 결합확률이 곱으로 쪼개진다.",
        ("a and b independent given c", "P(c) > 0"),
    ),
    _r(
        "iid_factorisation",
        r"p(x^{(1)}, \dots, x^{(m)}; \theta) = \prod_{i=1}^{m} p(x^{(i)}; \theta)",
        "i.i.d. samples: the likelihood is a product with one shared θ.",
        "i.i.d. 표본: 우도는 하나의 공통 θ를 쓰는 곱이다.",
        ("samples independent and identically distributed",),
    ),
    _r(
        "def_expectation",
        r"\mathbb{E}_{x \sim P}[f(x)] = \sum_x P(x)\, f(x)",
        "Definition of expectation: probability-weighted sum.",
        "기댓값의 정의: 확률로 가중한 합.",
        apply=expectation_sum,
    ),
    _r(
        "linearity_of_expectation",
        r"\mathbb{E}[a f + b g] = a\,\mathbb{E}[f] + b\,\mathbb{E}[g]",
        "Expectation is a sum, so it is linear.",
        "기댓값은 합이므로 선형이다.",
        apply=split_sum,
    ),
    _r(
        "def_variance",
        r"\operatorname{Var}(X) = \mathbb{E}\big[(X - \mathbb{E}X)^2\big]",
        "Definition of variance.",
        "분산의 정의.",
        apply=variance_sum,
    ),
    _r(
        "def_covariance",
        r"\operatorname{Cov}(X, Y) = \mathbb{E}\big[(X - \mathbb{E}X)(Y - \mathbb{E}Y)\big]",
        "Definition of covariance.",
        "공분산의 정의.",
    ),
    _r(
        "log_of_product",
        r"\log(ab) = \log a + \log b",
        "The log of a product is the sum of the logs.",
        "곱의 로그는 로그의 합이다.",
        ("a > 0", "b > 0"),
        expand_logs,
    ),
    _r(
        "log_of_quotient",
        r"\log\frac{a}{b} = \log a - \log b",
        "The log of a quotient is the difference of the logs.",
        "몫의 로그는 로그의 차이다.",
        ("a > 0", "b > 0"),
        expand_logs,
    ),
    _r(
        "log_of_power",
        r"\log a^n = n \log a",
        "The log of a power brings the exponent down.",
        "거듭제곱의 로그는 지수를 앞으로 내린다.",
        ("a > 0",),
        expand_logs,
    ),
    _r(
        "combine_logs",
        r"\log a + \log b = \log(ab)",
        "A sum of logs is the log of the product.",
        "로그의 합은 곱의 로그이다.",
        ("a > 0", "b > 0"),
        combine_logs,
    ),
    _r(
        "def_self_information",
        r"I(x) = -\log P(x)",
        "Self-information: rarer outcomes carry more information.",
        "정보량: 확률이 작을수록 정보량이 크다.",
        ("P(x) > 0",),
        self_information,
    ),
    _r(
        "def_entropy",
        r"H(P) = -\sum_x P(x) \log P(x)",
        "Definition of entropy (0 log 0 = 0).",
        "엔트로피의 정의 (0 log 0 = 0).",
        apply=entropy_sum,
    ),
    _r(
        "def_cross_entropy",
        r"H(P, Q) = -\sum_x P(x) \log Q(x)",
        "Definition of cross-entropy.",
        "크로스 엔트로피의 정의.",
        ("Q(x) > 0 where P(x) > 0",),
        cross_entropy_sum,
    ),
    _r(
        "def_kl",
        r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_x P(x) \log\frac{P(x)}{Q(x)}",
        "Definition of the Kullback–Leibler divergence.",
        "KL 발산의 정의.",
        ("Q(x) > 0 where P(x) > 0",),
        kl_sum,
    ),
    _r(
        "entropy_as_expectation",
        r"H(X) = \mathbb{E}\big[-\log P(X)\big]",
        "Entropy is the expected surprise: the average of -log P(X).",
        "엔트로피는 정보량(-log P(X))의 기댓값이다.",
    ),
    _r(
        "kl_as_expectation",
        r"D_{\mathrm{KL}}(P \,\|\, Q) = \mathbb{E}_{x \sim P}\Big[\log\frac{P(x)}{Q(x)}\Big]",
        "The KL divergence is the expected log-ratio of the two laws under P.",
        "KL 발산은 P에 대한 두 분포의 로그 비의 기댓값이다.",
        ("Q(x) > 0 where P(x) > 0",),
    ),
    _r(
        "cross_entropy_as_expectation",
        r"H(P, Q) = \mathbb{E}_{x \sim P}\big[-\log Q(x)\big]",
        "Cross-entropy is the expected surprise of Q when outcomes come from P.",
        "크로스 엔트로피는 P에서 나온 결과에 대한 Q의 정보량의 기댓값이다.",
        ("Q(x) > 0 where P(x) > 0",),
    ),
    _r(
        "def_mutual_information",
        r"I(X; Y) = \sum_{x, y} P(x, y) \log\frac{P(x, y)}{P(x) P(y)}",
        "Definition of mutual information.",
        "상호정보량의 정의.",
    ),
    _r(
        "def_jsd",
        r"\mathrm{JSD}(P \| Q) = \tfrac12 D_{\mathrm{KL}}(P \| M)"
        r" + \tfrac12 D_{\mathrm{KL}}(Q \| M),\ M = \tfrac12 (P + Q)",
        "Definition of the Jensen–Shannon divergence.",
        "젠슨-섀넌 발산의 정의.",
    ),
    _r(
        "split_sum",
        r"\sum_x (a_x + b_x) = \sum_x a_x + \sum_x b_x,\ \sum_x c\,a_x = c \sum_x a_x",
        "A sum of sums splits; constants come out of the sum.",
        "합은 나눌 수 있고, 상수는 합 밖으로 뺄 수 있다.",
        apply=split_sum,
    ),
    _r(
        "gibbs_inequality",
        r"\log t \le t - 1 \ \Rightarrow\ D_{\mathrm{KL}}(P \| Q) \ge 0",
        "log t ≤ t − 1 with equality only at t = 1 (Gibbs' inequality).",
        "log t ≤ t − 1이고 등호는 t = 1일 때만 성립한다 (깁스 부등식).",
        ("P(x) > 0", "Q(x) > 0"),
    ),
    _r(
        "mi_as_kl",
        r"I(X; Y) = D_{\mathrm{KL}}\big(P(X, Y) \,\|\, P(X) P(Y)\big)",
        "Mutual information is the KL divergence of the joint from the product of the marginals.",
        "상호정보량은 주변분포의 곱에 대한 결합분포의 KL 발산이다.",
    ),
    _r(
        "jsd_as_kl",
        r"\mathrm{JSD}(P \| Q) = \tfrac12 D_{\mathrm{KL}}(P \| M)"
        r" + \tfrac12 D_{\mathrm{KL}}(Q \| M),\ M = \tfrac12 (P + Q)",
        "The Jensen–Shannon divergence averages the KL divergences of P and Q from their mixture.",
        "젠슨-섀넌 발산은 P와 Q 각각의 혼합분포에 대한 KL 발산의 평균이다.",
    ),
    _r(
        "mutual_information_nonnegative",
        r"I(X; Y) = D_{\mathrm{KL}}\big(P(X, Y) \,\|\, P(X) P(Y)\big) \ge 0",
        "Mutual information is a KL divergence (joint against product of marginals), so it is"
        " never negative.",
        "상호정보량은 결합분포와 주변분포의 곱 사이의 KL 발산이므로 음수가 될 수 없다.",
    ),
    _r(
        "entropy_nonnegative",
        r"H(X) = \mathbb{E}[-\log P(X)] \ge 0",
        "Every -log P(x) is at least 0 because P(x) <= 1, so an entropy is never negative.",
        "P(x) <= 1이므로 -log P(x) >= 0이고, 따라서 엔트로피는 음수가 될 수 없다.",
    ),
    _r(
        "jsd_nonnegative",
        r"\mathrm{JSD}(P \| Q) = \tfrac12 D_{\mathrm{KL}}(P \| M)"
        r" + \tfrac12 D_{\mathrm{KL}}(Q \| M) \ge 0",
        "The Jensen–Shannon divergence is an average of two KL divergences, so it is never"
        " negative.",
        "젠슨-섀넌 발산은 두 KL 발산의 평균이므로 음수가 될 수 없다.",
    ),
    _r(
        "variance_nonnegative",
        r"\operatorname{Var}(X) = \mathbb{E}\big[(X - \mathbb{E}X)^2\big] \ge 0",
        "A variance is an average of squares, so it is never negative.",
        "분산은 제곱의 평균이므로 음수가 될 수 없다.",
    ),
    _r(
        "jensen",
        r"\mathbb{E}[\log Y] \le \log \mathbb{E}[Y]",
        "Jensen's inequality for the concave log.",
        "오목함수 log에 대한 젠슨 부등식.",
        ("Y > 0",),
    ),
    _r(
        "differentiate",
        r"\frac{d}{d\theta}",
        "Differentiate with respect to the parameter.",
        "파라미터에 대해 미분한다.",
        apply=differentiate,
    ),
    _r(
        "solve_score_equation",
        r"\frac{\partial \ell}{\partial \theta} = 0 \Rightarrow \hat\theta",
        "Set the score to zero and solve for the parameter.",
        "스코어(도함수)를 0으로 두고 파라미터에 대해 푼다.",
        apply=solve_for,
    ),
    _r(
        "second_derivative_test",
        r"\ell''(\hat\theta) < 0 \Rightarrow \hat\theta \text{ is a maximum}",
        "A negative second derivative at the critical point makes it a maximum.",
        "임계점에서 이계도함수가 음수이면 최댓값이다.",
    ),
    _r(
        "argmin_drop_constant",
        r"\arg\min_Q \big(c + f(Q)\big) = \arg\min_Q f(Q)",
        "A term that does not depend on Q does not move the minimiser.",
        "Q에 의존하지 않는 항은 최소화 지점을 바꾸지 않는다.",
    ),
    _r(
        "argmin_of_monotone",
        r"\arg\max_\theta f(\theta) = \arg\max_\theta \log f(\theta)",
        "log is strictly increasing, so it keeps the maximiser.",
        "log는 순증가 함수이므로 최대화 지점을 바꾸지 않는다.",
        ("f > 0",),
    ),
    _r(
        "empirical_distribution",
        r"\frac1m \sum_{i=1}^m f(x^{(i)}) = \sum_x \hat p_{\mathrm{data}}(x) f(x)",
        "Averaging over the sample is the expectation under the empirical distribution.",
        "표본 평균은 경험적 분포에 대한 기댓값이다.",
    ),
    _r(
        "def_posterior",
        r"p(\theta \mid x) = \frac{p(x \mid \theta)\, p(\theta)}{p(x)}",
        "Posterior ∝ likelihood × prior (Bayes' rule on θ).",
        "사후확률 ∝ 우도 × 사전확률 (θ에 대한 베이즈 정리).",
        ("p(x) > 0",),
    ),
    _r(
        "composition",
        r"(D_\phi \circ E_\theta)(x) = D_\phi(E_\theta(x))",
        "Definition of function composition.",
        "합성함수의 정의.",
    ),
    _r(
        "def_elbo",
        r"\mathrm{ELBO} = \mathbb{E}_{q(z \mid x)}\big[\log p(x, z) - \log q(z \mid x)\big]",
        "Definition of the evidence lower bound.",
        "증거 하한(ELBO)의 정의.",
        ("q(z|x) > 0 where p(z|x) > 0",),
    ),
    _r(
        "gan_value",
        r"V(D, G) = \mathbb{E}_{p_{\mathrm{data}}}[\log D(x)] + \mathbb{E}_{p_g}[\log(1 - D(x))]",
        "The GAN value: expected log D on real data plus expected log(1 - D) on generated data;"
        " C(G) is this value at the best discriminator D*.",
        "GAN 가치 함수: 실제 데이터에서 log D의 기댓값과 생성 데이터에서 log(1 - D)의"
        " 기댓값의 합이며, C(G)는 최적 판별자 D*에서의 값이다.",
        ("0 < D(x) < 1",),
    ),
    _r(
        "pointwise_maximum",
        r"\max_y\, a \log y + b \log(1 - y) \text{ at } y = \frac{a}{a + b}",
        "Maximise the integrand point by point: set its derivative to zero.",
        "적분 대상 함수를 점마다 최대화한다: 도함수를 0으로 둔다.",
        ("a > 0", "b > 0"),
    ),
    _r(
        "def_gaussian",
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}}"
        r" e^{-\frac{(x - \mu)^2}{2\sigma^2}}",
        "Gaussian density.",
        "가우시안 확률밀도함수.",
        ("σ > 0",),
    ),
    _r(
        "gaussian_moments",
        r"\mathbb{E}[x] = \mu,\ \mathbb{E}[(x - \mu)^2] = \sigma^2",
        "Mean and variance of a Gaussian.",
        "가우시안의 평균과 분산.",
        ("σ > 0",),
    ),
    _r(
        "integrate",
        r"\int_{-\infty}^{\infty} f(x)\, dx",
        "Evaluate the integral (SymPy).",
        "적분을 계산한다 (SymPy).",
    ),
    _r(
        "witness",
        r"\exists\ \text{a model where the statement fails}",
        "A concrete counterexample, evaluated exactly.",
        "정확한 값으로 계산한 구체적 반례.",
    ),
    _r(
        "evaluate",
        r"\text{exact arithmetic}",
        "Evaluate with exact arithmetic.",
        "정확한 산술로 계산한다.",
    ),
    _r(
        "substitute",
        r"a = b \Rightarrow f(a) = f(b)",
        "Substitute an equal expression.",
        "같은 식을 대입한다.",
        apply=substitute,
    ),
    _r(
        "algebra",
        r"\text{algebra}",
        "Elementary algebra (collect, cancel, factor).",
        "기본 대수 (정리, 약분, 인수분해).",
        apply=algebra,
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _TABLE}


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; raises UnknownRule naming close matches.

    >>> get_rule("bayes").ko
    '베이즈 정리: 결합확률을 두 방식으로 쓰고 나눈다.'
    """
    rule = RULES.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(str(rule_id), RULES, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownRule(f"unknown rule {rule_id!r}{hint}")
    return rule


def apply_rule(rule_id: str, *args: Any, **kwargs: Any) -> sp.Expr:
    """Run a mechanical rule: ``apply_rule("log_of_quotient", expr)`` -> the next expression."""
    rule = get_rule(rule_id)
    if rule.apply is None:
        raise RuleNotApplicable(f"rule {rule_id!r} is not mechanical; write its step by hand")
    return rule.apply(*args, **kwargs)
