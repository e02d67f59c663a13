"""Differential tests: the core agrees with sympy.stats where sympy.stats can compute."""

from __future__ import annotations

import pytest
import sympy as sp
import sympy.stats as ss

import symgen as sg

R = sp.Rational
PMFS = [
    {1: R(1, 6), 2: R(1, 6), 3: R(1, 6), 4: R(1, 6), 5: R(1, 6), 6: R(1, 6)},
    {0: R(1, 5), 2: R(3, 10), 7: R(1, 2)},
    {-1: R(1, 3), 0: R(1, 3), 1: R(1, 3)},
    {1: R(1, 7), 2: R(2, 7), 4: R(4, 7)},
]


@pytest.mark.parametrize("pmf", PMFS)
def test_mean_variance_and_probability_match(pmf):
    """E, Var and P(X >= 2) agree exactly with sympy.stats.FiniteRV."""
    X = ss.FiniteRV("X", pmf)
    d = sg.categorical("x", pmf)
    assert sg.expectation(d) == ss.E(X)
    assert sg.variance(d) == ss.variance(X)
    assert d.prob("x>=2") == ss.P(X >= 2)


@pytest.mark.parametrize(("p1", "p2"), [(PMFS[0], PMFS[1]), (PMFS[2], PMFS[3])])
def test_sum_and_covariance_match(p1, p2):
    """Distribution of X + Y and Cov(X, X + Y) agree with sympy.stats."""
    X, Y = ss.FiniteRV("X", p1), ss.FiniteRV("Y", p2)
    d = sg.independent(sg.categorical("x", p1), sg.categorical("y", p2)).apply(
        "s", lambda x, y: x + y
    )
    theirs = ss.density(X + Y).dict
    ours = d.marginal("s").to_pmf()
    assert {int(k): v for k, v in theirs.items() if v != 0} == {
        k: v for k, v in ours.items() if v != 0
    }
    assert sg.covariance(d, "x", "s") == ss.covariance(X, X + Y)
    assert d.prob("s=3", given="x>=1") == ss.P(sp.Eq(X + Y, 3), X >= 1)
