"""Checks that turn user tables into valid, exact probability tables (or say why not)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import sympy as sp

from symgen.errors import InvalidDistribution, InvalidProbability
from symgen.exact import exact_sum, to_exact
from symgen.factor import Cell


def exact_cells(table: Mapping[Cell, object], width: int) -> dict[Cell, sp.Expr]:
    """Cells with exact probabilities, each key a tuple of ``width`` outcomes."""
    cells: dict[Cell, sp.Expr] = {}
    for key, value in table.items():
        cell = key if isinstance(key, tuple) else (key,)
        if len(cell) != width:
            raise InvalidDistribution(f"cell {key!r} has {len(cell)} values, expected {width}")
        _require_hashable(cell)
        try:
            cells[cell] = require_probability(to_exact(value), where=f"cell {key!r}")
        except InvalidProbability as exc:
            raise InvalidDistribution(str(exc)) from None
    return cells


def _require_hashable(cell: Cell) -> None:
    for value in cell:
        if not isinstance(value, Hashable) or isinstance(value, float):
            raise InvalidDistribution(
                f"outcome {value!r} must be an int, a string or an exact number (not a float)"
            )


def require_probability(px: sp.Expr, *, where: str) -> sp.Expr:
    """``px`` itself if it may lie in [0, 1]; numbers are checked, symbols must not be negative."""
    if isinstance(px, sp.Rational):  # fast path: plain integer comparisons, no assumptions
        if px.p < 0 or px.p > px.q:
            raise InvalidProbability(f"{where}: probability {px} is not in [0, 1]")
        return px
    if px.is_number:
        if px.is_real is False or px.is_negative or (px - 1).is_positive:
            raise InvalidProbability(f"{where}: probability {px} is not in [0, 1]")
    elif px.is_negative:
        raise InvalidProbability(f"{where}: probability {px} is negative")
    return px


def require_normalised(cells: Mapping[Cell, sp.Expr]) -> None:
    """Raise unless the cells sum to exactly 1 (symbolically, for parametric tables)."""
    if not cells:
        raise InvalidDistribution("a distribution needs at least one outcome")
    total = exact_sum(cells.values())
    if total == 1:
        return
    if total.is_number or sp.simplify(total - 1) != 0:
        raise InvalidDistribution(f"probabilities sum to {sp.simplify(total)}, not 1")
