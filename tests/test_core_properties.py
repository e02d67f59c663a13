"""Hypothesis properties of the exact core on random rational joint tables."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import symgen as sg

R = sp.Rational
SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def rational_joints(draw, max_side=3):
    """A joint table over a, b with random positive rational cells summing to 1."""
    na, nb = draw(st.integers(2, max_side)), draw(st.integers(2, max_side))
    weights = draw(st.lists(st.integers(1, 20), min_size=na * nb, max_size=na * nb))
    total = sum(weights)
    cells = {(i, j): R(weights[i * nb + j], total) for i in range(na) for j in range(nb)}
    return sg.Distribution.from_table(["a", "b"], cells)


@SETTINGS
@given(rational_joints())
def test_marginals_sum_to_one(d):
    """Each marginal is a distribution: its cells sum to exactly 1."""
    assert sp.Add(*d.marginal("a").to_pmf().values()) == 1
    assert sp.Add(*d.marginal("b").to_pmf().values()) == 1


@SETTINGS
@given(rational_joints())
def test_bayes_rule(d):
    """P(a|b) = P(b|a) P(a) / P(b) in every cell."""
    for i, j in d.cells():
        lhs = d.prob({"a": i}, given={"b": j})
        rhs = d.prob({"b": j}, given={"a": i}) * d.prob({"a": i}) / d.prob({"b": j})
        assert lhs == rhs


@SETTINGS
@given(rational_joints())
def test_total_probability(d):
    """P(a) = Σ_b P(a|b) P(b)."""
    for i in d.outcomes("a"):
        total = sum(d.prob({"a": i}, given={"b": j}) * d.prob({"b": j}) for j in d.outcomes("b"))
        assert d.prob({"a": i}) == total


@SETTINGS
@given(rational_joints())
def test_chain_rule_two_variables(d):
    """P(a, b) = P(a | b) P(b) = P(b | a) P(a)."""
    for (i, j), p in d.cells().items():
        assert p == d.prob({"a": i}, given={"b": j}) * d.prob({"b": j})
        assert p == d.prob({"b": j}, given={"a": i}) * d.prob({"a": i})


@SETTINGS
@given(rational_joints())
def test_linearity_of_expectation(d):
    """E[2a + 3b] = 2E[a] + 3E[b] even when a and b are dependent."""
    a, b = sp.symbols("a b")
    assert sg.expectation(d, 2 * a + 3 * b) == 2 * sg.expectation(d, a) + 3 * sg.expectation(d, b)


@SETTINGS
@given(rational_joints())
def test_variance_identity(d):
    """Var X = E[X²] − (E X)² computed independently from the definition E[(X − EX)²]."""
    a = sp.Symbol("a")
    mean = sg.expectation(d, a)
    assert sg.variance(d, "a") == sg.expectation(d, (a - mean) ** 2)
    assert sg.covariance(d, "a", "a") == sg.variance(d, "a")


@SETTINGS
@given(rational_joints(), rational_joints())
def test_product_of_marginals_is_independent(d1, d2):
    """The product of two marginals is independent and has zero covariance."""
    product = sg.independent(d1.marginal("a"), d2.marginal("b"))
    assert product.is_independent("a", "b")
    assert sg.covariance(product, "a", "b") == 0
    for (i, j), p in product.cells().items():
        assert p == d1.prob({"a": i}) * d2.prob({"b": j})
