"""Outcome values: ordering, display and numeric meaning of the values a variable takes."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from fractions import Fraction

import sympy as sp

from symgen.errors import InvalidDistribution

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")


def sort_key(value: Hashable) -> tuple:
    """Deterministic order for mixed outcome types: numbers first (by value), then text.

    >>> sorted(["T", 2, "H", 1], key=sort_key)
    [1, 2, 'H', 'T']
    """
    if type(value) is int or type(value) is Fraction:
        return (0, value, "")
    if isinstance(value, bool):
        return (1, int(value), "")
    if isinstance(value, sp.Rational):
        return (0, Fraction(int(value.p), int(value.q)), "")
    if isinstance(value, int | Fraction):
        return (0, value, "")
    if isinstance(value, tuple):
        return (2, 0, "", tuple(sort_key(v) for v in value))
    return (3, 0, str(value))


def cell_sort_key() -> Callable[[tuple], tuple]:
    """A key for outcome tuples that memoises ``sort_key`` per distinct value."""
    memo: dict[tuple[type, Hashable], tuple] = {}

    def key(cell: tuple) -> tuple:
        keys = []
        for value in cell:
            slot = (type(value), value)
            if slot not in memo:
                memo[slot] = sort_key(value)
            keys.append(memo[slot])
        return tuple(keys)

    return key


def sorted_values(values: Iterable[Hashable]) -> list:
    """Values in the deterministic order of ``sort_key``."""
    return sorted(values, key=sort_key)


def require_variable_name(name: object) -> str:
    """Return ``name`` if it is a valid variable name (identifier, at most 64 characters)."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidDistribution(
            f"variable name {name!r} must start with a letter and use letters, digits or _"
        )
    return name


def to_number(value: Hashable, variable: str) -> sp.Expr:
    """Numeric SymPy value of an outcome, for expectations; text outcomes are an error."""
    if isinstance(value, bool):
        return sp.Integer(int(value))
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, float):
        return sp.Rational(repr(value))
    raise InvalidDistribution(
        f"variable {variable!r} has non-numeric outcome {value!r}; "
        f"map it to numbers first with .apply()"
    )


def display(value: Hashable) -> str:
    """Short text for an outcome in messages and tables."""
    return str(value)
