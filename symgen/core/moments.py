"""Expectation, variance, covariance and correlation of functions of a distribution's variables.

A quantity is a variable name, a SymPy expression in symbols named after variables, a text
expression (read by the safe parser), or a Python function whose argument names are
variables. Expressions use linearity of expectation term by term, so each term touches only
the independent factors it mentions: E and Var of a sum of 100 dice stay cheap.

>>> from symgen.core.constructors import die
>>> expectation(die("x")), variance(die("x"))
(7/2, 35/12)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

import sympy as sp

from symgen.core.distribution import Distribution
from symgen.core.exact import to_exact
from symgen.core.outcomes import to_number
from symgen.errors import InvalidDistribution, SymgenError, UnknownVariable


class UndefinedMoment(SymgenError, ZeroDivisionError):
    """A moment that does not exist (e.g. correlation with a constant)."""


@dataclass(frozen=True)
class Quantity:
    """A function of some variables: as an expression (preferred) or as a Python callable."""

    names: tuple[str, ...]
    expr: sp.Expr | None = None
    function: Callable[..., object] | None = None


def as_distribution(dist: object) -> Distribution:
    """A Distribution, or a plain ``{value: prob}`` mapping read as one variable ``x``."""
    if isinstance(dist, Distribution):
        return dist
    if isinstance(dist, Mapping):
        return Distribution.from_table("x", dict(dist))
    raise InvalidDistribution(f"expected a Distribution or a mapping, not {type(dist).__name__}")


def expectation(dist: object, function: object = None) -> sp.Expr:
    """E[function] = Σ P(cell) · function(cell), exact."""
    dist = as_distribution(dist)
    return _tidy(_expect(dist, quantity(dist, function)))


def variance(dist: object, variable: object = None) -> sp.Expr:
    """Var[X] = E[X²] − (E X)², exact."""
    dist = as_distribution(dist)
    q = quantity(dist, variable)
    return _tidy(_expect(dist, _product(q, q)) - _expect(dist, q) ** 2)


def covariance(dist: object, a: object, b: object) -> sp.Expr:
    """Cov[A, B] = E[AB] − E[A] E[B], exact."""
    dist = as_distribution(dist)
    qa, qb = quantity(dist, a), quantity(dist, b)
    return _tidy(_expect(dist, _product(qa, qb)) - _expect(dist, qa) * _expect(dist, qb))


def correlation(dist: object, a: object, b: object) -> sp.Expr:
    """Cov[A, B] / sqrt(Var A · Var B); undefined (an error) when a variance is 0."""
    dist = as_distribution(dist)
    spread = variance(dist, a) * variance(dist, b)
    if spread == 0:
        raise UndefinedMoment("correlation is undefined: one of the variables is constant")
    return _tidy(covariance(dist, a, b) / sp.sqrt(spread))


def quantity(dist: Distribution, spec: object) -> Quantity:
    """Read a quantity spec (None, variable name, text, expression, function) for ``dist``."""
    if spec is None:
        if len(dist.variables) != 1:
            raise InvalidDistribution(
                f"say which quantity: the distribution has variables {', '.join(dist.variables)}"
            )
        spec = dist.variables[0]
    if isinstance(spec, str):
        spec = _read_text(dist, spec)
    if isinstance(spec, sp.Basic):
        return _expr_quantity(dist, spec)
    if callable(spec):
        return Quantity(_argument_names(spec, dist.variables), function=spec)
    if isinstance(spec, int | float):
        return Quantity((), expr=to_exact(spec))
    raise InvalidDistribution(f"cannot take the expectation of {type(spec).__name__} {spec!r}")


def _read_text(dist: Distribution, text: str) -> sp.Expr:
    if text in dist.variables:
        return sp.Symbol(text)
    from symgen.parsing.parser import parse  # lazy: the parser is only needed for text quantities

    names = {v: sp.Symbol(v) for v in dist.variables}
    return parse(text, symbols=names)


def _expr_quantity(dist: Distribution, expr: sp.Expr) -> Quantity:
    names = tuple(v for v in dist.variables if sp.Symbol(v) in expr.free_symbols or _named(expr, v))
    return Quantity(names, expr=expr)


def _named(expr: sp.Expr, name: str) -> bool:
    return any(s.name == name for s in expr.free_symbols)


def _argument_names(function: Callable[..., object], variables: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(inspect.signature(function).parameters)
    for name in names:
        if name not in variables:
            raise UnknownVariable(f"argument {name!r} is not a variable ({', '.join(variables)})")
    return names


def _product(a: Quantity, b: Quantity) -> Quantity:
    if a.expr is not None and b.expr is not None:
        return Quantity(tuple(dict.fromkeys(a.names + b.names)), expr=a.expr * b.expr)
    names = tuple(dict.fromkeys(a.names + b.names))
    return Quantity(names, function=lambda **values: _call(a, values) * _call(b, values))


def _expect(dist: Distribution, q: Quantity) -> sp.Expr:
    if q.expr is None:
        return _expect_on_table(dist, q)
    owner = {v: i for i, f in enumerate(dist.factors) for v in f.variables}
    cache: dict[sp.Expr, sp.Expr] = {}
    return sp.Add(
        *(_expect_term(dist, t, owner, cache) for t in sp.Add.make_args(sp.expand(q.expr)))
    )


def _expect_term(dist: Distribution, term: sp.Expr, owner: dict[str, int], cache: dict) -> sp.Expr:
    """E of a product term: independent factors split it into a product of expectations."""
    groups: dict[int, list[sp.Expr]] = {}
    constant = []
    for part in sp.Mul.make_args(term):
        factors = {owner[s.name] for s in part.free_symbols if s.name in owner}
        if not factors:
            constant.append(part)
        else:
            groups.setdefault(min(factors) if len(factors) == 1 else -1, []).append(part)
    if -1 in groups:  # a part mixing factors: take the whole term on the merged table
        return _expect_on_table(dist, _expr_quantity(dist, term))
    result = sp.Mul(*constant)
    for parts in groups.values():
        group = sp.Mul(*parts)
        if group not in cache:
            cache[group] = _expect_on_table(dist, _expr_quantity(dist, group))
        result *= cache[group]
    return result


def _expect_on_table(dist: Distribution, q: Quantity) -> sp.Expr:
    if not q.names:
        return q.expr if q.expr is not None else to_exact(q.function())  # type: ignore[misc]
    table = dist.merged(q.names)
    total = []
    for cell, px in table.cells.items():
        if px != 0:
            total.append(px * _call(q, dict(zip(q.names, cell, strict=True))))
    return sp.Add(*total)


def _call(q: Quantity, values: Mapping[str, Hashable]) -> sp.Expr:
    if q.expr is not None:
        by_symbol = {
            s: to_number(values[s.name], s.name) for s in q.expr.free_symbols if s.name in values
        }
        return q.expr.xreplace(by_symbol)
    return to_exact(q.function(**{n: values[n] for n in q.names}))  # type: ignore[misc]


def _tidy(value: sp.Expr) -> sp.Expr:
    if value.is_Rational:
        return value
    if not value.free_symbols:
        return sp.simplify(value)
    return sp.factor(sp.cancel(value))
