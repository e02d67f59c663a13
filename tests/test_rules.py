"""Tests for symgen.proof.rules: the rule table and the mechanical rule functions."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symgen.errors import SymgenError, UnknownRule
from symgen.proof.rules import (
    RULES,
    RuleNotApplicable,
    algebra,
    apply_rule,
    cross_entropy_sum,
    entropy_sum,
    expectation_sum,
    get_rule,
    kl_sum,
    self_information,
    solve_for,
    variance_sum,
)

REQUIRED = [
    "def_conditional",
    "product_rule",
    "marginalisation",
    "bayes",
    "total_probability",
    "chain_rule",
    "linearity_of_expectation",
    "def_expectation",
    "def_variance",
    "def_covariance",
    "log_of_product",
    "log_of_quotient",
    "def_entropy",
    "def_cross_entropy",
    "def_kl",
    "def_mutual_information",
    "split_sum",
    "gibbs_inequality",
    "jensen",
    "differentiate",
    "solve_score_equation",
    "second_derivative_test",
    "algebra",
    "substitute",
    "independence_factorises",
]

p, q, a = sp.symbols("p q a", positive=True)


@pytest.mark.parametrize("rule_id", REQUIRED)
def test_rules_required_ids_present(rule_id: str) -> None:
    """Every rule id named in the brief exists."""
    assert rule_id in RULES


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_rules_each_rule_is_complete(rule) -> None:
    """Each rule has a snake_case id, a LaTeX statement and both justifications."""
    assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.id)
    assert rule.statement and rule.en and rule.ko
    assert rule.justification("ko") == rule.ko
    assert rule.justification("en") == rule.en
    assert re.search(r"[가-힣]", rule.ko)


def test_get_rule_unknown_raises_with_suggestion() -> None:
    """An unknown id raises UnknownRule (a KeyError) naming a close match."""
    with pytest.raises(UnknownRule, match="def_kl") as info:
        get_rule("def_kll")
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, SymgenError)


def test_apply_rule_not_mechanical_raises() -> None:
    """A rule without a function cannot produce a step."""
    with pytest.raises(RuleNotApplicable):
        apply_rule("bayes", p)


def test_apply_rule_log_of_quotient_splits_log() -> None:
    """log_of_quotient produces log a - log b."""
    assert apply_rule("log_of_quotient", sp.log(a / q)) == sp.log(a) - sp.log(q)


def test_apply_rule_log_of_product_splits_power() -> None:
    """log_of_product also brings exponents down (positive arguments)."""
    assert apply_rule("log_of_product", sp.log(a**3 * q)) == 3 * sp.log(a) + sp.log(q)


def test_apply_rule_differentiate() -> None:
    """differentiate is d/dvar."""
    assert apply_rule("differentiate", a * sp.log(p), p) == a / p


def test_solve_for_bernoulli_score() -> None:
    """The Bernoulli score equation h/t - m/(1-t) = 0 has the root h/(h+m)."""
    t = sp.Symbol("t")
    h, m = sp.symbols("h m", positive=True)
    assert sp.simplify(solve_for(h / t - m / (1 - t), t) - h / (h + m)) == 0


def test_solve_for_two_roots_raises() -> None:
    """A score equation with two roots is not silently resolved."""
    t = sp.Symbol("t")
    with pytest.raises(RuleNotApplicable):
        solve_for(t**2 - 1, t)


def test_algebra_unknown_move_raises() -> None:
    """Only the named algebra moves are allowed."""
    with pytest.raises(RuleNotApplicable):
        algebra(p, how="magic")


def test_entropy_sum_skips_zero_cells() -> None:
    """0 log 0 = 0: a zero cell adds nothing (SymPy alone would give nan)."""
    half = sp.Rational(1, 2)
    assert entropy_sum({0: half, 1: half, 2: sp.Integer(0)}) == sp.log(2)


def test_cross_entropy_is_entropy_plus_kl() -> None:
    """H(P, Q) = H(P) + D(P || Q) on a symbolic Bernoulli pair."""
    P, Q = {0: 1 - p, 1: p}, {0: 1 - q, 1: q}
    diff = cross_entropy_sum(P, Q) - entropy_sum(P) - kl_sum(P, Q)
    assert sp.simplify(sp.expand_log(diff, force=True)) == 0


def test_kl_sum_of_pmf_with_itself_is_zero() -> None:
    """D(P || P) = 0."""
    P = {0: sp.Rational(1, 3), 1: sp.Rational(2, 3)}
    assert sp.simplify(kl_sum(P, P)) == 0


def test_expectation_and_variance_of_a_die() -> None:
    """E of a fair die is 7/2 and its variance 35/12."""
    die = {k: sp.Rational(1, 6) for k in range(1, 7)}
    assert expectation_sum(die) == sp.Rational(7, 2)
    assert variance_sum(die) == sp.Rational(35, 12)


def test_self_information_of_a_quarter() -> None:
    """I = -log(1/4) = log 4."""
    assert sp.simplify(self_information(sp.Rational(1, 4)) - sp.log(4)) == 0


# ---------------------------------------------------------------- rules as functions


def test_rewrites_product_rule_gives_every_split() -> None:
    """P(a, b) = P(a | b) P(b) and P(b | a) P(a): both splits, and no other."""
    from symgen.notation.symbols import P
    from symgen.proof.rewrite import rewrites

    a, b = sp.symbols("a b")
    found = set(rewrites("product_rule", P(a, b)))
    assert found == {P(a, given=(b,)) * P(b), P(b, given=(a,)) * P(a)}


def test_rewrites_marginalisation_sums_out_a_variable() -> None:
    """sum_y P(x, y) log P(x) = P(x) log P(x) summed over x only."""
    from symgen.notation.symbols import P, Sum
    from symgen.proof.rewrite import rewrites

    x, y = sp.symbols("x y")
    assert rewrites("marginalisation", Sum(P(x, y) * sp.log(P(x)), x, y)) == [
        Sum(P(x) * sp.log(P(x)), x)
    ]


def test_rewrites_log_rules_make_one_move() -> None:
    """log(a b / c) first becomes log(a b) - log c; the product splits on the next move."""
    from symgen.proof.rewrite import rewrites

    a, b, c = sp.symbols("a b c", positive=True)
    assert rewrites("log_of_quotient", sp.log(a * b / c)) == [sp.log(a * b) - sp.log(c)]
    assert rewrites("log_of_product", sp.log(a * b)) == [sp.log(a) + sp.log(b)]
    assert rewrites("log_of_power", sp.log(a**3)) == [3 * sp.log(a)]


def test_linearity_keeps_the_averaged_outcomes_inside() -> None:
    """E_P[-log Q(x)] is not a constant: x is what the expectation averages over."""
    from symgen.notation.symbols import E, Pmf
    from symgen.proof.rewrite import rewrites

    x = sp.Symbol("x")
    inner = E(-sp.log(Pmf("Q", x)), over=sp.Symbol("P"))
    assert rewrites("linearity_of_expectation", inner) == [-E(sp.log(Pmf("Q", x)), over="P")]


def test_independence_factorises_only_under_the_assumption() -> None:
    """P(x, y) = P(x) P(y) needs X ⊥ Y in the context."""
    from symgen.notation.symbols import P
    from symgen.proof.rewrite import Context, rewrites

    x, y = sp.symbols("x y")
    assert rewrites("independence_factorises", P(x, y)) == []
    ctx = Context.from_assumptions(["X ⊥ Y"])
    assert rewrites("independence_factorises", P(x, y), ctx) == [P(x) * P(y)]


def test_rule_applies_needs_the_named_rule() -> None:
    """H(X) -> -sum P log P is by the definition of entropy, not by Bayes' rule."""
    from symgen.notation.symbols import H, P, Sum
    from symgen.proof.rewrite_check import rule_applies

    X, x = sp.symbols("X x")
    after = -Sum(P(x) * sp.log(P(x)), x)
    assert rule_applies("def_entropy", H(X), after)
    assert not rule_applies("bayes", H(X), after)
    assert not rule_applies("def_entropy", H(X), H(X))  # a step that changes nothing


def test_algebra_does_not_split_logs() -> None:
    """log(p / q) = log p - log q is a log rule, not plain algebra."""
    from symgen.notation.symbols import P, Pmf
    from symgen.proof.rewrite_check import rule_applies

    x = sp.Symbol("x")
    before = sp.log(P(x) / Pmf("Q", x))
    after = sp.log(P(x)) - sp.log(Pmf("Q", x))
    assert rule_applies("log_of_quotient", before, after)
    assert not rule_applies("algebra", before, after)


def test_named_inequality_needs_a_nonnegative_line() -> None:
    """I(X; Y) >= 0 by the named inequality; H(X) - H(Y) >= 0 by nothing."""
    from symgen.notation.symbols import H, I
    from symgen.proof.rewrite_check import rule_applies

    X, Y = sp.symbols("X Y")
    zero = sp.Integer(0)
    assert rule_applies("mutual_information_nonnegative", I(X, Y), zero)
    assert not rule_applies("mutual_information_nonnegative", H(X) - H(Y), zero)
