"""Independence and conditional independence verdicts, with witnesses."""

from __future__ import annotations

import sympy as sp

import symgen as sg

R = sp.Rational


def test_product_is_independent():
    """Independent factors give a truthy verdict."""
    verdict = sg.independent(sg.die("x"), sg.coin("y")).is_independent("x", "y")
    assert verdict
    assert verdict.holds is True


def test_same_table_product_is_independent():
    """A single table that happens to factorise is recognised cell by cell."""
    table = {(a, b): R(1, 4) for a in (0, 1) for b in (0, 1)}
    assert sg.Distribution.from_table(["a", "b"], table).is_independent("a", "b")


def test_dependent_has_witness_with_both_sides():
    """Perfectly correlated bits fail at a named cell with P(joint) and the product."""
    d = sg.Distribution.from_table(["a", "b"], {(0, 0): "1/2", (1, 1): "1/2"})
    verdict = d.is_independent("a", "b")
    assert not verdict
    assert verdict.witness == {"a": 0, "b": 0}
    assert (verdict.lhs, verdict.rhs) == (R(1, 2), R(1, 4))
    assert "fails at a=0, b=0" in repr(verdict)


def test_zero_covariance_without_independence():
    """x uniform on {-1,0,1}, y = x^2: Cov = 0 yet not independent (witness given)."""
    d = sg.uniform("x", [-1, 0, 1]).apply("y", lambda x: x * x)
    assert sg.covariance(d, "x", "y") == 0
    verdict = d.is_independent("x", "y")
    assert not verdict
    assert verdict.lhs != verdict.rhs


def _common_cause():
    """z a fair bit; x and y are noisy copies of z, independent given z."""
    cells = {}
    for z in (0, 1):
        for x in (0, 1):
            for y in (0, 1):
                px = R(3, 4) if x == z else R(1, 4)
                py = R(3, 4) if y == z else R(1, 4)
                cells[(x, y, z)] = R(1, 2) * px * py
    return sg.Distribution.from_table(["x", "y", "z"], cells)


def test_conditionally_independent_but_not_independent():
    """A common cause: x ⊥ y | z holds while x ⊥ y fails."""
    d = _common_cause()
    assert d.is_independent("x", "y", given="z")
    assert not d.is_independent("x", "y")


def test_independent_but_not_conditionally():
    """Two fair coins and their XOR: x ⊥ y holds, x ⊥ y | z fails."""
    d = sg.independent(sg.bernoulli("x", "1/2"), sg.bernoulli("y", "1/2")).apply(
        "z", lambda x, y: x ^ y
    )
    assert d.is_independent("x", "y")
    verdict = d.is_independent("x", "y", given="z")
    assert not verdict
    assert set(verdict.witness) == {"x", "y", "z"}


def test_symbolic_independence_decided():
    """Parametric product is independent; a parametric dependent table is not."""
    p, q = sg.symbols("p q", probability=True)
    assert sg.independent(sg.bernoulli("a", p), sg.bernoulli("b", q)).is_independent("a", "b")
    d = sg.Distribution.from_table(
        ["a", "b"], {(0, 0): p / 2, (0, 1): (1 - p) / 2, (1, 0): (1 - p) / 2, (1, 1): p / 2}
    )
    assert d.is_independent("a", "b").holds is False


def test_verdict_to_dict_is_json_ready():
    """to_dict gives strings and booleans only."""
    d = sg.Distribution.from_table(["a", "b"], {(0, 0): "1/2", (1, 1): "1/2"})
    data = d.is_independent("a", "b").to_dict()
    assert data["holds"] is False and data["witness"] == {"a": "0", "b": "0"}


def test_parametric_table_names_where_it_factorises():
    """A family independent only at p = 1/2 is 'not independent' and says where it would be."""
    p = sg.symbols("p", probability=True)
    half = R(1, 2)
    cells = {(0, 0): p / 2, (0, 1): (1 - p) / 2, (1, 0): half / 2, (1, 1): half / 2}
    verdict = sg.Distribution.from_table(["a", "b"], cells).is_independent("a", "b")
    assert verdict.holds is False
    assert "only when p = 1/2" in verdict.reason
    fixed = sg.Distribution.from_table(["a", "b"], {k: v.subs(p, half) for k, v in cells.items()})
    assert fixed.is_independent("a", "b")


def test_verdict_repr_latex_names_witness():
    """Jupyter display: ⊥ when it holds, the witness cell and both sides when it fails."""
    assert sg.independent(sg.die("x"), sg.coin("y")).is_independent("x", "y")._repr_latex_() == (
        r"$x \perp y$"
    )
    d = sg.Distribution.from_table(["a", "b"], {(0, 0): "1/2", (1, 1): "1/2"})
    shown = d.is_independent("a", "b")._repr_latex_()
    assert r"\not\perp" in shown and r"\frac{1}{2} \ne \frac{1}{4}" in shown
