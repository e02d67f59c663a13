"""A factor: an exact table over a few variables, the building block of a Distribution.

Independent products are kept as separate factors, so questions about a few variables
touch only the factors that mention them (no |X|^k blow-up).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import product
from operator import itemgetter

import sympy as sp

from symgen.core.exact import exact_sum
from symgen.core.outcomes import cell_sort_key
from symgen.errors import UnknownVariable

Cell = tuple[Hashable, ...]


@dataclass(frozen=True)
class Factor:
    """Exact cells over ``variables``; keys are outcome tuples in variable order."""

    variables: tuple[str, ...]
    cells: Mapping[Cell, sp.Expr]

    def index(self, name: str) -> int:
        """Position of ``name`` in this factor's variables."""
        try:
            return self.variables.index(name)
        except ValueError:
            raise UnknownVariable(f"no variable {name!r} in {self.variables}") from None

    def marginal(self, names: Iterable[str]) -> Factor:
        """Sum out every variable not in ``names`` (kept in this factor's order)."""
        keep = tuple(v for v in self.variables if v in set(names))
        if keep == self.variables:
            return self
        project = _projector([self.index(v) for v in keep])
        groups: dict[Cell, list[sp.Expr]] = {}
        for cell, px in self.cells.items():
            groups.setdefault(project(cell), []).append(px)
        return Factor(keep, sorted_cells({k: exact_sum(ps) for k, ps in groups.items()}))

    def times(self, other: Factor) -> Factor:
        """Product of two factors over disjoint variables (independence)."""
        cells = {
            a + b: pa * pb for (a, pa), (b, pb) in product(self.cells.items(), other.cells.items())
        }
        return Factor(self.variables + other.variables, cells)

    def where(self, test: Callable[[Cell], bool]) -> Factor:
        """Keep only the cells that pass ``test`` (not renormalised)."""
        return Factor(self.variables, {c: p for c, p in self.cells.items() if test(c)})

    def total(self) -> sp.Expr:
        """Sum of all cells."""
        return exact_sum(self.cells.values())

    def scaled(self, factor: sp.Expr) -> Factor:
        """Every cell multiplied by ``factor``."""
        return Factor(self.variables, {c: sp.cancel(p * factor) for c, p in self.cells.items()})

    def with_variable(self, name: str, function: Callable[[Cell], Hashable]) -> Factor:
        """Add a variable computed from each cell; cells mapping to one value stay apart."""
        cells = {(*cell, function(cell)): px for cell, px in self.cells.items()}
        return Factor((*self.variables, name), cells)

    def reordered(self, order: tuple[str, ...]) -> Factor:
        """The same table with its variables in ``order``."""
        if order == self.variables:
            return self
        positions = [self.index(v) for v in order]
        cells = {tuple(c[i] for i in positions): p for c, p in self.cells.items()}
        return Factor(order, sorted_cells(cells))


def sorted_cells(cells: Mapping[Cell, sp.Expr]) -> dict[Cell, sp.Expr]:
    """Cells in the deterministic outcome order."""
    return {c: cells[c] for c in sorted(cells, key=cell_sort_key())}


def _projector(positions: list[int]) -> Callable[[Cell], Cell]:
    if len(positions) == 1:
        (i,) = positions
        return lambda cell: (cell[i],)
    getter = itemgetter(*positions) if positions else (lambda cell: ())
    return getter  # type: ignore[return-value]


def multiply(factors: Iterable[Factor]) -> Factor:
    """Product of independent factors (an empty product is the one-cell table)."""
    result = Factor((), {(): sp.Integer(1)})
    for factor in factors:
        result = factor if not result.variables else result.times(factor)
    return result
