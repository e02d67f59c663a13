"""Expectation, variance, covariance and correlation, exact."""

from __future__ import annotations

import pytest
import sympy as sp

import symgen as sg
from symgen.core.moments import UndefinedMoment

R = sp.Rational
x, y, z = sp.symbols("x y z")


def test_die_mean_and_variance():
    """A fair die: E = 7/2, Var = 35/12."""
    assert sg.expectation(sg.die("x")) == R(7, 2)
    assert sg.variance(sg.die("x")) == R(35, 12)


def test_expectation_of_function_of_variable():
    """E[f(X)] = Σ P(x) f(x) for f given as an expression, a function and a mapping pmf."""
    assert sg.expectation(sg.die("x"), x**2) == R(91, 6)
    assert sg.expectation(sg.die("x"), lambda x: x**2) == R(91, 6)
    assert sg.expectation({1: "1/2", 3: "1/2"}, lambda x: 10 * x) == 20


def test_board_game_payoff():
    """A board-game payoff on a die (move x squares, a bonus of 5 on a six)."""
    payoff = sg.expectation(sg.die("x"), lambda x: x + (5 if x == 6 else 0))
    assert payoff == R(7, 2) + R(5, 6)


def test_expectation_with_text_outcomes():
    """Functions may read text outcomes such as coin faces."""
    j = sg.independent(sg.die("x"), sg.coin("y"))
    assert sg.expectation(j, lambda x, y: x if y == "H" else 0) == R(7, 4)


def test_linearity_on_hundred_dice():
    """E and Var of the sum of 100 dice: 350 and 100 · 35/12, by linearity."""
    dice = sg.independent(*[sg.die(f"d{i}") for i in range(100)])
    total = sp.Add(*sp.symbols("d0:100"))
    assert sg.expectation(dice, total) == 350
    assert sg.variance(dice, total) == 100 * R(35, 12)


def test_covariance_of_sum_and_part():
    """Cov(a, a + b) = Var(a) for independent dice; correlation 1/sqrt(2)."""
    d = sg.independent(sg.die("a"), sg.die("b")).apply("s", lambda a, b: a + b)
    assert sg.covariance(d, "a", "s") == R(35, 12)
    assert sg.correlation(d, "a", "s") == 1 / sp.sqrt(2)


def test_covariance_with_itself_is_variance():
    """Cov(X, X) = Var X."""
    d = sg.categorical("x", {0: "1/5", 2: "3/10", 7: "1/2"})
    assert sg.covariance(d, "x", "x") == sg.variance(d, "x")


def test_bernoulli_moments_symbolic():
    """Bernoulli(p): E = p, Var = p(1 - p)."""
    p = sg.symbols("p", probability=True)
    b = sg.bernoulli("x", p)
    assert sg.expectation(b) == p
    assert sp.expand(sg.variance(b) - p * (1 - p)) == 0


def test_correlation_with_constant_is_undefined():
    """A constant variable has no correlation."""
    d = sg.independent(sg.die("a"), sg.uniform("c", [4]))
    with pytest.raises(UndefinedMoment):
        sg.correlation(d, "a", "c")
