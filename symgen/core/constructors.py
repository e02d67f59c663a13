"""Named constructors: die, coin, uniform, bernoulli, categorical, independent, sum_of.

>>> die("x").prob("x>=5")
1/3
>>> sum_of([die(f"d{i}") for i in range(2)], name="s").prob("s=7")
1/6
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import sympy as sp

from symgen.core.convolution import convolve
from symgen.core.distribution import Distribution
from symgen.errors import InvalidDistribution

_MAX_UNIFORM = 10**6


def uniform(name: str, values: Iterable[Hashable]) -> Distribution:
    """Every value equally likely (duplicates are an error)."""
    values = list(values)
    if not values:
        raise InvalidDistribution(f"uniform({name!r}) needs at least one value")
    if len(values) > _MAX_UNIFORM:
        raise InvalidDistribution(
            f"uniform({name!r}) has {len(values)} values (max {_MAX_UNIFORM})"
        )
    if len(set(values)) != len(values):
        raise InvalidDistribution(f"uniform({name!r}) has repeated values")
    share = sp.Rational(1, len(values))
    return Distribution.from_table(name, dict.fromkeys(values, share))


def die(name: str, sides: int = 6) -> Distribution:
    """A fair die with faces 1..sides."""
    if not isinstance(sides, int) or isinstance(sides, bool) or sides < 1:
        raise InvalidDistribution(f"a die needs a positive whole number of sides, not {sides!r}")
    return uniform(name, range(1, sides + 1))


def coin(name: str) -> Distribution:
    """A fair coin with faces "H" and "T"."""
    return uniform(name, ["H", "T"])


def bernoulli(name: str, p: object) -> Distribution:
    """Values 0 and 1 with P(1) = p (a number, an exact string or a symbol)."""
    from symgen.core.exact import to_exact

    exact = to_exact(p)
    return Distribution.from_table(name, {0: 1 - exact, 1: exact})


def categorical(name: str, probs: Mapping[Hashable, object] | Sequence[object]) -> Distribution:
    """``{value: prob}``, or a sequence of probabilities for the values 0..k-1."""
    if isinstance(probs, Mapping):
        return Distribution.from_table(name, dict(probs))
    if isinstance(probs, str):
        raise InvalidDistribution("categorical() takes a mapping or a sequence of probabilities")
    return Distribution.from_table(name, dict(enumerate(probs)))


def independent(*dists: Distribution) -> Distribution:
    """The joint of independent distributions (kept factored; variable names must differ)."""
    if len(dists) == 1 and not isinstance(dists[0], Distribution):
        dists = tuple(dists[0])  # type: ignore[arg-type]
    for d in dists:
        if not isinstance(d, Distribution):
            raise InvalidDistribution(f"independent() takes distributions, not {type(d).__name__}")
    return Distribution([f for d in dists for f in d.factors])


def sum_of(dists: Iterable[Distribution], *, name: str = "s") -> Distribution:
    """Distribution of the sum of independent single-variable distributions, by convolution."""
    pmfs = []
    for d in dists:
        if not isinstance(d, Distribution) or len(d.variables) != 1:
            raise InvalidDistribution("sum_of() takes distributions of one variable each")
        pmfs.append(d.to_pmf())
    if not pmfs:
        raise InvalidDistribution("sum_of() needs at least one distribution")
    return Distribution.from_table(name, convolve(pmfs))
