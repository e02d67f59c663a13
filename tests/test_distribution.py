"""The exact probability core on the notes' die-and-coin example and beyond."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

import symgen as sg
from symgen.errors import ZeroProbabilityCondition

R = sp.Rational


@pytest.fixture
def J():
    """The notes' joint: a fair die x and a fair coin y, independent."""
    return sg.independent(sg.die("x"), sg.coin("y"))


def test_joint_table_has_twelve_cells_of_one_twelfth(J):
    """Every cell of the notes' joint table is exactly 1/12."""
    cells = J.cells()
    assert len(cells) == 12
    assert all(p == R(1, 12) for p in cells.values())
    assert list(cells)[:2] == [(1, "H"), (1, "T")]


def test_marginal_of_die_is_two_twelfths_each(J):
    """Summing the coin out gives 2/12 = 1/6 per face, as in the notes' marginal table."""
    marginal = J.marginal("x")
    assert marginal.variables == ("x",)
    assert marginal.to_pmf() == {face: R(2, 12) for face in range(1, 7)}


@pytest.mark.parametrize("face", range(1, 7))
@pytest.mark.parametrize("side", ["H", "T"])
def test_conditional_coin_given_face_is_one_half(J, face, side):
    """P(y | x) = (1/12)/(1/6) = 1/2 for every cell, as the notes compute for x = 3."""
    assert J.prob({"y": side}, given={"x": face}) == R(1, 2)
    assert J.prob(f"y={side} | x={face}") == R(1, 2)


def test_prob_text_forms(J):
    """Comparison, membership and conjunction events read from text."""
    assert J.prob("x>=5") == R(1, 3)
    assert J.prob("x in {1,3,5}") == R(1, 2)
    assert J.prob("x=1, y=H") == R(1, 12)
    assert J.prob("x != 6 and y = T") == R(5, 12)
    assert J.prob("x not in {1, 2}") == R(2, 3)
    assert J.prob() == 1


def test_prob_given_keyword_with_text(J):
    """The condition may be a separate text argument."""
    assert J.prob("x=3", given="x in {3, 4}") == R(1, 2)


def test_condition_renormalises(J):
    """Conditioning on x >= 5 leaves faces 5 and 6 with 1/2 each."""
    cond = J.condition("x>=5")
    assert cond.marginal("x").to_pmf() == {5: R(1, 2), 6: R(1, 2)}
    assert cond.marginal("y").to_pmf() == {"H": R(1, 2), "T": R(1, 2)}


def test_condition_on_impossible_event_raises(J):
    """Conditioning on a probability-0 event is an error, not a division by zero."""
    with pytest.raises(ZeroProbabilityCondition, match="x=7"):
        J.condition("x=7")


def test_from_table_accepts_exact_forms():
    """Ints, Fractions, strings, floats (by shortest repr) and SymPy values are exact."""
    d = sg.Distribution.from_table(
        ["a", "b"], {(0, 0): "1/8", (0, 1): Fraction(1, 8), (1, 0): 0.25, (1, 1): R(1, 2)}
    )
    assert d.prob("a=1") == R(3, 4)
    assert all(isinstance(p, sp.Rational) for p in d.cells().values())


def test_marginal_order_follows_request():
    """Asking for (y, x) gives a table over (y, x)."""
    d = sg.Distribution.from_table(["x", "y"], {(0, "a"): "1/4", (1, "a"): "1/4", (1, "b"): "1/2"})
    swapped = d.marginal("y", "x")
    assert swapped.variables == ("y", "x")
    assert swapped.cells()[("b", 1)] == R(1, 2)


def test_apply_sum_of_two_dice():
    """The sum of two dice: P(s = 7) = 1/6, P(s = 2) = 1/36."""
    d = sg.independent(sg.die("a"), sg.die("b")).apply("s", lambda a, b: a + b)
    s = d.marginal("s")
    assert s.prob("s=7") == R(1, 6)
    assert s.prob("s=2") == R(1, 36)
    assert len(s.cells()) == 11


def test_sum_of_matches_apply():
    """Convolution and brute-force apply agree on three dice."""
    by_convolution = sg.sum_of([sg.die(f"d{i}") for i in range(3)], name="s")
    brute = (
        sg.independent(*[sg.die(f"d{i}") for i in range(3)])
        .apply("s", lambda d0, d1, d2: d0 + d1 + d2)
        .marginal("s")
    )
    assert by_convolution.to_pmf() == brute.to_pmf()


def test_sum_of_hundred_dice_is_exact():
    """The 100-dice distribution is exact: symmetric, sums to 1, P(s=100) = 6^-100."""
    s = sg.sum_of([sg.die(f"d{i}") for i in range(100)], name="s")
    pmf = s.to_pmf()
    assert len(pmf) == 501
    assert pmf[100] == R(1, 6**100)
    assert pmf[349] == pmf[351]
    assert sp.Add(*pmf.values()) == 1


def test_bernoulli_with_symbol():
    """A parametric Bernoulli keeps p symbolic."""
    p = sg.symbols("p", probability=True)
    b = sg.bernoulli("x", p)
    assert b.prob("x=1") == p
    assert sp.simplify(b.prob("x=0") - (1 - p)) == 0
    assert b.free_symbols == {p}
    assert b.subs({p: R(1, 3)}).prob("x=1") == R(1, 3)


def test_categorical_sequence_and_mapping():
    """A sequence means values 0..k-1; a mapping names the values."""
    assert sg.categorical("k", ["1/2", "1/3", "1/6"]).prob("k=2") == R(1, 6)
    assert sg.categorical("k", {"a": "1/4", "b": "3/4"}).prob("k=b") == R(3, 4)


def test_large_table_marginal_is_exact():
    """A 4-variable table of 10^4 cells marginalises exactly."""
    cells = {
        (a, b, c, d): R(1, 10**4)
        for a in range(10)
        for b in range(10)
        for c in range(10)
        for d in range(10)
    }
    t = sg.Distribution.from_table(["a", "b", "c", "d"], cells)
    assert t.marginal("a").to_pmf() == {i: R(1, 10) for i in range(10)}
    assert t.prob("a=1 | b=2") == R(1, 10)


def test_equals_compares_exactly(J):
    """Two constructions of the same joint are equal; a different one is not."""
    table = sg.Distribution.from_table(
        ["x", "y"], {(x, y): "1/12" for x in range(1, 7) for y in "HT"}
    )
    assert J.equals(table)
    assert not J.equals(sg.independent(sg.die("x"), sg.bernoulli("y", "1/2")))


def test_repr_is_readable(J):
    """repr names variables and shows cells."""
    assert repr(J.marginal("x")).startswith("Distribution(x; 1: 1/6")


def test_floats_keep_the_decimal_written():
    """SymPy Floats and numpy scalars become the decimal as written, never a 'nice' nearby ratio."""
    import numpy as np

    from symgen.core.exact import to_exact

    assert to_exact(sp.Float("0.333333", 6)) == R(333333, 10**6)
    assert to_exact(np.float64(0.25)) == R(1, 4)
    assert to_exact(np.float64(1 / 3)) != R(1, 3)
