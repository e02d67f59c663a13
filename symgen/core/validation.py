"""Checks that turn user tables into valid, exact probability tables (or say why not)."""

from __future__ import annotations

import contextlib
import random
import warnings
from collections.abc import Hashable, Mapping

import sympy as sp

from symgen.core.exact import exact_sum, to_exact
from symgen.core.factor import Cell
from symgen.errors import InvalidDistribution, InvalidProbability


def exact_cells(
    table: Mapping[Cell, object], width: int, *, weights: bool = False
) -> dict[Cell, sp.Expr]:
    """Cells with exact probabilities, each key a tuple of ``width`` outcomes (``weights``:
    any nonnegative numbers, to be normalised)."""
    cells: dict[Cell, sp.Expr] = {}
    for key, value in table.items():
        cell = key if isinstance(key, tuple) else (key,)
        if len(cell) != width:
            raise InvalidDistribution(f"cell {key!r} has {len(cell)} values, expected {width}")
        _require_hashable(cell)
        try:
            value = to_exact(value)
            if weights and not value.is_negative:
                cells[cell] = value
            else:
                cells[cell] = require_probability(value, where=f"cell {key!r}")
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


def require_normalised(
    cells: Mapping[Cell, sp.Expr], *, floats: bool = False, normalize: bool = False
) -> dict[Cell, sp.Expr]:
    """The cells, if they sum to exactly 1 (symbolically, for parametric tables); else raise.

    A numeric total is simplified with the tools that fit it (``expand_func`` and
    ``gammasimp`` for ``beta``/``gamma``/``binomial``, ``radsimp`` for radicals), and an
    algebraic one is settled exactly by its minimal polynomial. A total that is certified
    (60-digit evaluation) to differ from 1 is refused. ``floats`` (some cell was a float)
    accepts a total within 1e-9 of 1 with a warning and rescales it to exactly 1;
    ``normalize`` rescales any positive total on request.

    >>> s2 = sp.sqrt(2)
    >>> require_normalised({(0,): 1 / (1 + s2), (1,): s2 / (1 + s2)}) == {(0,): 1 / (1 + s2),
    ...     (1,): s2 / (1 + s2)}
    True
    """
    if not cells:
        raise InvalidDistribution("a distribution needs at least one outcome")
    total = exact_sum(cells.values())
    if total == 1:
        return dict(cells)
    if normalize:
        return _rescaled(cells, total)
    if not total.is_number:
        if _simplified(total - 1) == 0:
            return dict(cells)
        raise InvalidDistribution(f"probabilities sum to {sp.simplify(total)}, not 1")
    gap = _gap(total)
    if gap == 0:
        return dict(cells)
    if floats and gap is not None and abs(gap) <= FLOAT_TOLERANCE:
        warnings.warn(
            f"float probabilities sum to {sp.N(total, 17)}, not exactly 1; rescaled to 1",
            stacklevel=3,
        )
        return _rescaled(cells, total)
    if gap is None:
        raise InvalidDistribution(
            f"cannot show that the probabilities sum to 1 (their sum is {total}); "
            "simplify the cells or pass normalize=True"
        )
    shown = total if total.is_Rational else f"{_simplest(total)} = 1 {'+-'[gap < 0]} {abs(gap):.3g}"
    raise InvalidDistribution(f"probabilities sum to {shown}, not 1")


FLOAT_TOLERANCE = 1e-9
_DIGITS = 60


def _gap(total: sp.Expr) -> sp.Expr | float | None:
    """``total - 1``: 0 when proved, a certified nonzero number, or None (undecided)."""
    simplest = _simplest(total)
    if simplest == 1 or _proved_zero(simplest - 1):
        return 0
    gap = sp.N(simplest - 1, _DIGITS, maxn=4 * _DIGITS)
    if gap.is_Number and gap != 0 and gap.is_comparable:
        return float(gap)  # evalf's digits are right to the precision asked: certified nonzero
    return None


def _proved_zero(value: sp.Expr) -> bool:
    """Exactly zero: by simplification, or (algebraic numbers) by the minimal polynomial."""
    with contextlib.suppress(Exception):
        if _simplified(value) == 0:
            return True
        if value.is_number and not value.atoms(sp.Function):
            return bool(sp.minimal_polynomial(value, _X) == _X)
    return False


_X = sp.Dummy("x")


def _simplified(value: sp.Expr) -> sp.Expr:
    for step in (sp.expand_func, sp.gammasimp, sp.radsimp, sp.simplify):
        with contextlib.suppress(Exception):
            value = step(value)
            if value.is_Rational:
                break
    return value


def _simplest(total: sp.Expr) -> sp.Expr:
    """``total`` through the simplifiers that fit a sum of probabilities (``expand_func`` and
    ``gammasimp`` for beta/gamma/binomial, ``radsimp`` for radicals); then ``nsimplify``'s
    guess, kept only when the difference is proved to be exactly 0."""
    value = _simplified(total)
    if value.is_number and not value.is_Rational:
        with contextlib.suppress(Exception):
            guess = sp.nsimplify(value)
            if guess != value and _proved_zero(value - guess):
                return guess
    return value


def _rescaled(cells: Mapping[Cell, sp.Expr], total: sp.Expr) -> dict[Cell, sp.Expr]:
    if total.is_number and not total.is_positive:
        raise InvalidDistribution(f"probabilities sum to {total}: nothing to normalise")
    return {cell: sp.nsimplify(px / total) if total.is_number else px / total
            for cell, px in cells.items()}  # fmt: skip


def has_float(table: Mapping[object, object]) -> bool:
    """Whether a table's probabilities include floats (Python, NumPy or SymPy Float)."""
    return any(
        isinstance(v, float) or (isinstance(v, sp.Basic) and v.has(sp.Float))
        or (type(v).__module__ == "numpy" and "float" in type(v).__name__)
        for v in table.values()
    )  # fmt: skip


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
