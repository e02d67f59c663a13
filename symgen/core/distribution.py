"""Finite joint distributions over named variables, with exact (or symbolic) probabilities.

A Distribution is a product of independent factors (see ``factor.py``): a table built by
``from_table`` is one factor, ``independent(x, y)`` keeps two. Queries merge only the
factors they need, so marginals and sums of independent variables stay cheap.

>>> from symgen.core.constructors import die, coin, independent
>>> J = independent(die("x"), coin("y"))
>>> J.prob("y=H | x=3"), J.marginal("x").prob({"x": 3}), len(J.cells())
(1/2, 1/6, 12)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import Any, cast

import sympy as sp

from symgen.core.events import Condition, Event, read_event, read_query, require_known, same_value
from symgen.core.exact import exact_sum
from symgen.core.factor import Cell, Factor, multiply, sorted_cells
from symgen.core.outcomes import require_variable_name, sorted_values
from symgen.core.validation import (
    exact_cells,
    has_float,
    require_normalised,
    require_valid_parameters,
)
from symgen.errors import (
    InvalidDistribution,
    InvalidEvent,
    UnknownVariable,
    ZeroProbabilityCondition,
)


class Distribution:
    """A finite joint distribution: ``variables`` and exact ``cells()``."""

    __slots__ = ("__dict__", "_factors")

    def __init__(self, factors: Sequence[Factor]) -> None:
        """Internal: use ``from_table`` or the constructors in ``symgen.core.constructors``."""
        names = [v for f in factors for v in f.variables]
        if len(set(names)) != len(names):
            raise InvalidDistribution(f"variable names repeat: {', '.join(names)}")
        self._factors = tuple(factors)

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_table(
        cls, variables: str | Sequence[str], table: Mapping[Any, Any], *, normalize: bool = False
    ) -> Distribution:
        """A distribution from ``{outcome tuple: probability}`` (exact strings like "1/12" ok).

        Float cells summing to 1 within 1e-9 are rescaled to 1 with a warning;
        ``normalize=True`` rescales any positive total.

        >>> Distribution.from_table("x", {0: "1/4", 1: "3/4"}).prob({"x": 1})
        3/4
        """
        names = (variables,) if isinstance(variables, str) else tuple(variables)
        for name in names:
            require_variable_name(name)
        if isinstance(table, Mapping):
            cells = exact_cells(table, len(names), weights=normalize)
        else:
            raise InvalidDistribution(f"table must be a mapping, not {type(table).__name__}")
        cells = require_normalised(cells, floats=has_float(table), normalize=normalize)
        require_valid_parameters(cells)
        return cls([Factor(names, sorted_cells(cells))])

    @property
    def factors(self) -> tuple[Factor, ...]:
        """The independent factors this distribution is the product of."""
        return self._factors

    @property
    def variables(self) -> tuple[str, ...]:
        """Variable names, in order."""
        return tuple(v for f in self._factors for v in f.variables)

    @cached_property
    def _joint(self) -> Factor:
        return multiply(self._factors)

    def cells(self) -> dict[Cell, sp.Expr]:
        """Every joint cell ``{outcome tuple: probability}`` in deterministic order."""
        return sorted_cells(self._joint.cells)

    def to_pmf(self) -> dict[Hashable, sp.Expr]:
        """``{value: p}`` for one variable, ``{tuple: p}`` for several."""
        cells = self.cells()
        if len(self.variables) == 1:
            return {cell[0]: px for cell, px in cells.items()}
        return cast(dict[Hashable, sp.Expr], cells)

    def outcomes(self, variable: str) -> tuple:
        """Sorted values that ``variable`` takes (its support, zero-probability cells included)."""
        factor = self._factor_of(variable)
        i = factor.index(variable)
        return tuple(sorted_values({cell[i] for cell in factor.cells}))

    @property
    def free_symbols(self) -> set[sp.Symbol]:
        """Parameters (SymPy symbols) the probabilities depend on."""
        return set().union(*(px.free_symbols for f in self._factors for px in f.cells.values()))

    def __len__(self) -> int:
        size = 1
        for factor in self._factors:
            size *= len(factor.cells)
        return size

    # ----------------------------------------------------------------- queries
    def prob(self, event: object = None, given: object = None) -> sp.Expr:
        """P(event | given), exact. Events are dicts or text: ``"y=H | x=3"``, ``"x>=5"``."""
        wanted, condition = read_query(event, given)
        self._require_event(wanted + condition)
        names = {c.variable for c in wanted + condition}
        table = self._merged(names, marginal=True)
        numerator = _mass(table, wanted + condition)
        if not condition:
            return _tidy(numerator)
        denominator = _mass(table, condition)
        if denominator == 0 or denominator.is_zero:
            raise ZeroProbabilityCondition(f"P({_describe(condition)}) = 0; cannot condition on it")
        return _tidy(numerator / denominator)

    def marginal(self, *names: str) -> Distribution:
        """The distribution of ``names`` alone (the others summed out)."""
        wanted = _flatten(names)
        self._require_variables(wanted)
        kept = [f.marginal(wanted) for f in self._factors if set(f.variables) & set(wanted)]
        natural = tuple(v for f in kept for v in f.variables)
        if natural != tuple(wanted):
            kept = [multiply(kept).reordered(tuple(wanted))]
        return Distribution(kept)

    def condition(self, event: object) -> Distribution:
        """The distribution given ``event`` (renormalised; other factors untouched)."""
        conditions = read_event(event)
        self._require_event(conditions)
        names = {c.variable for c in conditions}
        involved = [f for f in self._factors if set(f.variables) & names]
        table = multiply(involved)
        kept = table.where(_tester(table, conditions))
        total = kept.total()
        if total == 0 or total.is_zero:
            raise ZeroProbabilityCondition(
                f"P({_describe(conditions)}) = 0; cannot condition on it"
            )
        others = [f for f in self._factors if f not in involved]
        return Distribution([kept.scaled(1 / total), *others])

    def apply(self, name: str, function: Callable[..., Hashable]) -> Distribution:
        """Add variable ``name`` = ``function(**needed variables)`` (arguments matched by name).

        >>> from symgen.core.constructors import die, independent
        >>> independent(die("a"), die("b")).apply("s", lambda a, b: a + b).marginal("s").prob("s=7")
        1/6
        """
        require_variable_name(name)
        if name in self.variables:
            raise InvalidDistribution(f"variable {name!r} already exists")
        needed = _parameter_names(function, self.variables)
        involved = [f for f in self._factors if set(f.variables) & set(needed)]
        table = multiply(involved)
        positions = [table.index(v) for v in needed]

        def value(cell: Cell) -> Hashable:
            return _exact_outcome(function(*(cell[i] for i in positions)), name)

        others = [f for f in self._factors if f not in involved]
        return Distribution([*others, table.with_variable(name, value)])

    def is_independent(
        self,
        a: str | Sequence[str],
        b: str | Sequence[str],
        given: str | Sequence[str] | None = None,
    ):
        """Verdict on a ⊥ b (| given): truthy or falsy, with a witness cell when it fails."""
        from symgen.core.independence import independence_verdict

        return independence_verdict(self, _flatten([a]), _flatten([b]), _flatten([given or ()]))

    def subs(self, values: Mapping[sp.Symbol, object]) -> Distribution:
        """The same distribution with parameters replaced (e.g. ``{p: Rational(1, 3)}``)."""
        replaced = [
            Factor(f.variables, {c: px.subs(values) for c, px in f.cells.items()})
            for f in self._factors
        ]
        return Distribution(replaced)

    def equals(self, other: Distribution) -> bool:
        """Same variables and the same probability in every cell (exactly)."""
        mine, theirs = self.cells(), other.marginal(*self.variables).cells()
        if self.variables != other.variables or mine.keys() != theirs.keys():
            return False
        return all(sp.simplify(mine[c] - theirs[c]) == 0 for c in mine)

    # ----------------------------------------------------------------- internals
    def merged(self, names: Iterable[str]) -> Factor:
        """One table over ``names`` only (independent factors multiplied as needed)."""
        names = _flatten(list(names))
        self._require_variables(names)
        return self._merged(set(names), marginal=True).reordered(tuple(names))

    def _merged(self, names: set[str], *, marginal: bool) -> Factor:
        involved = [f for f in self._factors if set(f.variables) & names]
        if marginal:
            involved = [f.marginal(names) for f in involved]
        return multiply(involved)

    def _factor_of(self, variable: str) -> Factor:
        for factor in self._factors:
            if variable in factor.variables:
                return factor
        raise UnknownVariable(_unknown(variable, self.variables))

    def _require_variables(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.variables:
                raise UnknownVariable(_unknown(name, self.variables))

    def _require_event(self, event: Event) -> None:
        require_known(event, self.variables)
        for condition in event:
            _require_meaningful_values(condition, self.outcomes(condition.variable))

    def __repr__(self) -> str:
        rows = ", ".join(f"{_cell_text(c)}: {p}" for c, p in list(self.cells().items())[:12])
        more = "" if len(self) <= 12 else f", ... ({len(self)} cells)"
        return f"Distribution({', '.join(self.variables)}; {rows}{more})"

    def _repr_latex_(self) -> str:
        from symgen.notation.tex import latex_of

        return f"${latex_of(self)}$"


def _flatten(names: Iterable[Any]) -> list[str]:
    flat: list[str] = []
    for name in names:
        if isinstance(name, str):
            flat.extend(n.strip() for n in name.split(",") if n.strip())
        else:
            flat.extend(_flatten(name))
    return flat


def _unknown(name: str, variables: Sequence[str]) -> str:
    return f"no variable {name!r}; the variables are {', '.join(variables) or '(none)'}"


def _tester(table: Factor, event: Event) -> Callable[[Cell], bool]:
    checks = [(table.index(c.variable), c) for c in event]
    return lambda cell: all(c.test(cell[i]) for i, c in checks)


def _mass(table: Factor, event: Event) -> sp.Expr:
    test = _tester(table, event)
    return exact_sum(px for cell, px in table.cells.items() if test(cell))


def _tidy(value: sp.Expr) -> sp.Expr:
    if value.is_Rational or not value.free_symbols:
        return sp.nsimplify(value) if value.is_Float else value
    return sp.factor(sp.cancel(value))


def _describe(event: Event) -> str:
    return ", ".join(str(c) for c in event)


def _cell_text(cell: Cell) -> str:
    return str(cell[0]) if len(cell) == 1 else "(" + ", ".join(map(str, cell)) + ")"


def _require_meaningful_values(condition: Condition, outcomes: Sequence[Hashable]) -> None:
    """A word that matches no outcome of a text-valued variable is a typo, not probability 0."""
    if condition.op not in ("=", "==", "in", "!=", "≠", "not in"):
        if condition.op != "pred" and not all(isinstance(v, int | Fraction) for v in outcomes):
            raise InvalidEvent(f"{condition}: {condition.variable!r} has non-numeric outcomes")
        return
    for wanted in condition.values:
        if any(same_value(o, wanted) for o in outcomes):
            continue
        if isinstance(wanted, str) or any(isinstance(o, str) for o in outcomes):
            shown = ", ".join(map(str, outcomes[:10]))
            raise InvalidEvent(
                f"{condition.variable!r} has no outcome {wanted!r} (it takes {shown})"
            )


def _parameter_names(function: Callable[..., Hashable], variables: Sequence[str]) -> list[str]:
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        raise InvalidDistribution(
            "apply() needs a function whose arguments name variables"
        ) from None
    names = [p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for name in names:
        if name not in variables:
            raise UnknownVariable(
                f"function argument {name!r} is not a variable ({', '.join(variables)})"
            )
    if not names:
        raise InvalidDistribution("apply() needs a function with at least one variable argument")
    return names


def _exact_outcome(value: Hashable, name: str) -> Hashable:
    if isinstance(value, float):
        raise InvalidDistribution(
            f"new variable {name!r} got the float {value!r}; return an int, a Fraction or a string"
        )
    if isinstance(value, sp.Integer):
        return int(value)
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    return value
