"""Checks that turn user tables into valid, exact probability tables (or say why not)."""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping

import sympy as sp

from symgen.core.exact import exact_sum, to_exact
from symgen.core.factor import Cell
from symgen.errors import InvalidDistribution, InvalidProbability


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


# Points inside the probability box (0, 1)^n at which symbolic cells are checked: the ends
# matter most (p - q fails near p = 0, q = 1; 2p fails above 1/2), so they are always tried.
_PROBE_VALUES = (sp.Rational(1, 1000), sp.Rational(1, 7), sp.Rational(1, 2), sp.Rational(5, 7),
                 sp.Rational(999, 1000))  # fmt: skip
_PROBES = 24


def require_valid_parameters(cells: Mapping[Cell, sp.Expr]) -> None:
    """Reject symbolic cells that leave [0, 1] for some parameters in (0, 1).

    Parameters are read as probabilities: every free symbol is probed at seeded points of
    (0, 1)^n, ends included. A table like ``{0: p - q, 1: 1 - p + q}`` is refused with the
    point where a cell is negative. Passing the probes is evidence, not proof, that the table
    is valid everywhere; a table that fails is certainly invalid there.
    """
    symbols = sorted(set().union(*(px.free_symbols for px in cells.values())), key=str)
    if not symbols:
        return
    rng = random.Random(0)
    shifted = [  # each symbol at each probe value, neighbours shifted (covers p - q at the ends)
        {s: _PROBE_VALUES[(t + i) % len(_PROBE_VALUES)] for i, s in enumerate(symbols)}
        for t in range(len(_PROBE_VALUES))
    ]
    mixed = [{s: rng.choice(_PROBE_VALUES) for s in symbols} for _ in range(_PROBES)]
    for point in shifted + mixed:
        _require_cells_at(cells, point)


def _require_cells_at(cells: Mapping[Cell, sp.Expr], point: dict[sp.Symbol, sp.Expr]) -> None:
    for cell, px in cells.items():
        value = px.xreplace(point)
        if not value.is_Rational:
            value = value.evalf(30)
        if value.is_real is False or value < 0 or value > 1:
            where = ", ".join(f"{s}={v}" for s, v in point.items())
            raise InvalidDistribution(
                f"cell {cell!r} = {px} is {value if value.is_Rational else value.evalf(6)}"
                f" at {where}, outside [0, 1]; restrict the parameters or rewrite the table"
            )
