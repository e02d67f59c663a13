"""Hypothesis strategies for exact random distributions (rational pmfs and joint tables).

Probabilities are integer weights over their total, so every value is an exact
``sp.Rational`` with a small denominator; outcomes are 0..k-1 (pmfs) or ``(i, j)`` cells
(joints). Import from tests: ``from strategies import rational_pmfs, rational_joints``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from hypothesis import strategies as st

__all__ = ["pmf_pairs", "rational_joints", "rational_pmfs", "weights_to_pmf"]

_MAX_WEIGHT = 12


def weights_to_pmf(weights: Sequence[int]) -> dict[int, sp.Rational]:
    """``{i: w_i / sum(w)}`` for non-negative integer weights with a positive sum."""
    total = sum(weights)
    return {i: sp.Rational(w, total) for i, w in enumerate(weights)}


def _weights(size: int, *, allow_zero: bool) -> st.SearchStrategy[list[int]]:
    low = 0 if allow_zero else 1
    return st.lists(st.integers(low, _MAX_WEIGHT), min_size=size, max_size=size).filter(
        lambda ws: sum(ws) > 0
    )


@st.composite
def rational_pmfs(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 6, *, allow_zero: bool = False
) -> dict[int, sp.Rational]:
    """A pmf ``{0..k-1: Rational}`` with ``min_size <= k <= max_size``.

    With ``allow_zero=True`` some outcomes may have probability 0 (never all of them).
    """
    size = draw(st.integers(min_size, max_size))
    return weights_to_pmf(draw(_weights(size, allow_zero=allow_zero)))


@st.composite
def pmf_pairs(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 6, *, allow_zero: bool = False
) -> tuple[dict[int, sp.Rational], dict[int, sp.Rational]]:
    """Two pmfs over the same outcomes 0..k-1 (P, Q); Q strictly positive."""
    size = draw(st.integers(min_size, max_size))
    p = weights_to_pmf(draw(_weights(size, allow_zero=allow_zero)))
    q = weights_to_pmf(draw(_weights(size, allow_zero=False)))
    return p, q


@st.composite
def rational_joints(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 4, *, allow_zero: bool = True
) -> dict[tuple[int, int], sp.Rational]:
    """A joint table ``{(x, y): Rational}`` with |X|, |Y| in ``[min_size, max_size]``.

    Zero cells are allowed by default (structural zeros are where conditional measures
    differ most from their naive formulas).
    """
    rows = draw(st.integers(min_size, max_size))
    cols = draw(st.integers(min_size, max_size))
    weights = draw(_weights(rows * cols, allow_zero=allow_zero))
    flat = weights_to_pmf(weights)
    return {(i // cols, i % cols): px for i, px in flat.items()}
