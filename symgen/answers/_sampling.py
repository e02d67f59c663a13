"""Numeric comparison at sample points: one answer against the expected value and variants.

The points are exact rationals inside each symbol's domain (probability symbols in (0, 1),
positive ones in (0.1, 8), real ones and symbols with no assumptions of both signs): the
first ``NPOINTS`` fixed pseudo-random candidates where the expected value is defined (their
values are cached across answers), plus one or two points seeded by the answer's own text
with random 64-bit denominators, so no answer can be built to vanish at the points it meets.
Two values agree at a point when they differ by at most 10^-85 times the scale; where they
agree, the difference itself must vanish to within a residue that shrinks with precision.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp

from symgen.answers._evaluate import (
    _CTX,
    _GUARD_DIGITS,
    _MAX_DPS,
    UNKNOWN,
    Value,
    literal_digits,
    point_value,
    power_of_ten,
)
from symgen.answers.mistakes import Mistake
from symgen.core.parameters import is_probability_symbol

DEFAULT_RTOL = 1e-3
NPOINTS = 6
_CANDIDATES = 16
_EQUAL_DIGITS = 85


@dataclass(frozen=True, slots=True)
class _Options:
    """The question an answer is compared against (expected value, test, tolerances...)."""

    expected: sp.Expr
    test: str
    rtol: float | None
    atol: float | None
    decimals: int | None
    allow_decimals: bool
    unit: str | None
    mistakes: tuple[Mistake, ...]
    symbols: dict[str, sp.Symbol]


class _Session:
    """One answer compared against the expected value and its variants, points shared.

    The points are the first NPOINTS fixed candidates where the expected value is defined
    (their values are cached across answers) plus one point seeded by the answer's own text
    (two when the answer has ``binomial``/``gamma``/``factorial`` of a symbol, functions
    that vanish on whole grids), so an answer crafted to agree with the expected one at the
    fixed points still fails.
    """

    def __init__(self, opts: _Options, answer: sp.Expr) -> None:
        self.opts = opts
        self.answer = answer
        names = {s.name for s in opts.expected.free_symbols | answer.free_symbols}
        self.symbols = tuple(sorted((opts.symbols[n] for n in names), key=lambda s: s.name))
        domains = tuple(_domain(s) for s in self.symbols)
        self.needed = 1 if not self.symbols else NPOINTS
        self.cache: dict[int, Value] = {}
        self.extra_values: dict[tuple[sp.Expr, int], Value] = {}
        fixed = sample_points(domains)
        self.extra = len(fixed) if self.symbols else -1  # index of the first seeded point
        self.points = fixed
        if self.symbols:
            self.points = (*fixed, *self._seeded(answer, domains))
        self.indices = self._choose_indices()

    def _seeded(self, answer: sp.Expr, domains: tuple[str, ...]) -> list[tuple[Fraction, ...]]:
        """The first answer-seeded points where the expected value is defined."""
        wanted = 2 if _has_special(answer) else 1
        found: list[tuple[Fraction, ...]] = []
        for point in _answer_points(answer, domains):
            value = point_value(self.opts.expected, self.symbols, point)
            if _is_number(value):
                self.extra_values[self.opts.expected, self.extra + len(found)] = value
                found.append(point)
                if len(found) == wanted:
                    break
        return found

    def _choose_indices(self) -> tuple[int, ...]:
        chosen: list[int] = []
        for index in range(len(self.points) if self.extra < 0 else self.extra):
            if _is_number(self.target_at(self.opts.expected, index)):
                chosen.append(index)
                if len(chosen) == self.needed:
                    break
        if self.extra >= 0:
            chosen.extend(range(self.extra, len(self.points)))  # defined by construction
        return tuple(chosen)

    def target_at(self, target: sp.Expr, index: int) -> Value:
        """Value of an expected answer or variant at a point (fixed points are cached)."""
        if self.extra < 0 or index < self.extra:
            return _cached_value(target, self.symbols, self.points, index)
        key = (target, index)
        if key not in self.extra_values:
            self.extra_values[key] = point_value(target, self.symbols, self.points[index])
        return self.extra_values[key]

    def answer_at(self, index: int) -> Value:
        if index not in self.cache:
            self.cache[index] = point_value(self.answer, self.symbols, self.points[index])
        return self.cache[index]

    def pairs(self, target: sp.Expr) -> Iterable[tuple[Value, Value]]:
        for _, want, got in self.triples(target):
            yield want, got

    def triples(self, target: sp.Expr) -> Iterable[tuple[int, Value, Value]]:
        for index in self.indices:
            yield index, self.target_at(target, index), self.answer_at(index)

    def compare(self, target: sp.Expr) -> str:
        """'equal', 'different', 'undefined_answer' or 'undecidable' (too few points).

        Values are compared point by point (cheap, stops at the first difference); where
        they agree, the difference itself is evaluated at the first and the answer-seeded
        point, which catches a term too small to show in the separate values.
        """
        if len(self.indices) < min(self.needed, 3):
            return "equal" if target == self.answer else "undecidable"
        undefined, resolved = False, []
        for index, want, got in self.triples(target):
            if want is None:
                return "different"  # a variant undefined where the expected value exists
            if got is None:
                undefined = True
                continue
            if UNKNOWN in (want, got) or not same_value(want, got):
                return "different"
            if not (isinstance(want, Fraction) and isinstance(got, Fraction)):
                resolved.append(index)
        if undefined:
            return "undefined_answer"
        difference = target - self.answer
        seeded = [i for i in resolved if self.extra >= 0 and i >= self.extra]
        for index in {*resolved[:1], *resolved[-1:], *seeded}:
            if not vanishes(difference, self.symbols, self.points[index]):
                return "different"
        if self.extra >= len(self.points):
            return "undecidable"  # no point off the fixed grid: equality is not shown
        return "equal"

    def nonnegative(self, target: sp.Expr) -> bool:
        """True when ``target`` is >= 0 at every compared point (an entropy, a divergence)."""
        values = [self.target_at(target, i) for i in self.indices]
        return all(_as_mp(v)[0] >= 0 for v in values if _is_number(v))

    def matches(self, target: sp.Expr) -> bool:
        """Equal to ``target`` under this test (within the tolerance for numeric tests)."""
        if self.opts.test == "numeric":
            return self.compare(target) == "equal" or self.within(target)
        return self.compare(target) == "equal"

    def within(self, target: sp.Expr) -> bool:
        opts = self.opts
        return self._all(target, lambda w, g: _within(w, g, opts.rtol, opts.atol, opts.decimals))

    def close(self, target: sp.Expr) -> bool:
        """Within 1% (a rounded decimal of the right value)."""
        return self._all(target, lambda w, g: _within(w, g, 1e-2, 1e-3, None))

    def _all(self, target: sp.Expr, test: Callable[[Any, Any], bool]) -> bool:
        checked = 0
        for want, got in self.pairs(target):
            if None in (want, got) or UNKNOWN in (want, got):
                return False
            if not test(_as_mp(want)[0], _as_mp(got)[0]):
                return False
            checked += 1
        return checked > 0

    def constant_factor(self, target: sp.Expr) -> str | None:
        """The simple rational c with answer = c * target at every point (symbolic answers)."""
        if not self.symbols:
            return None  # every wrong number is a multiple of the right one: no information
        ratios = []
        for want, got in self.pairs(target):
            if None in (want, got) or UNKNOWN in (want, got) or _as_mp(want)[0] == 0:
                return None
            ratios.append(_as_mp(got)[0] / _as_mp(want)[0])
        if not ratios or not 1e-6 < abs(ratios[0]) < 1e6:
            return None
        guess = Fraction(float(ratios[0])).limit_denominator(100)
        exact = _CTX.mpf(guess.numerator) / guess.denominator
        if guess in (0, 1) or any(abs(r - exact) > 1e-30 * abs(exact) for r in ratios):
            return None
        return str(guess)


def _within(
    want: Any, got: Any, rtol: float | None, atol: float | None, decimals: int | None
) -> bool:
    error = abs(got - want)
    if decimals is not None:
        return bool(error <= 0.5 * 10 ** (-decimals) * (1 + 1e-9))
    if rtol is None and atol is None:
        rtol = DEFAULT_RTOL
    return bool(error <= (atol or 0) + (rtol or 0) * abs(want))


def same_value(want: Value, got: Value) -> bool:
    """Equal at one point: exactly for Fractions, else within 10^-85 of the scale."""
    if isinstance(want, Fraction) and isinstance(got, Fraction):
        return want == got
    (a, scale_a), (b, scale_b) = _as_mp(want), _as_mp(got)
    scale = max(scale_a, scale_b, abs(a), abs(b))
    return bool(abs(a - b) <= scale / power_of_ten(_EQUAL_DIGITS))


def vanishes(
    difference: sp.Expr, symbols: tuple[sp.Symbol, ...], point: tuple[Fraction, ...]
) -> bool:
    """True when ``difference`` is zero at ``point`` to within its own rounding residue.

    Evaluated as one expression, a sum whose smallest term is lost next to its largest is
    re-evaluated at higher precision, so ``(1 + p**1000) - 1`` is seen as non-zero. A
    residue that passes is re-evaluated at more than twice the digits (plus those of the
    longest literal): a true zero shrinks with the precision, while a cancellation hidden
    inside a function (``1 - cos(10**-60)``) keeps its size and is seen.
    """
    if difference == 0:
        return True
    value = point_value(difference, symbols, point)
    if not _zero_residue(value):
        return False
    if isinstance(value, Fraction):
        return True
    assert isinstance(value, tuple)
    digits = 2 * value[2] + literal_digits(difference) + 50
    if digits > _MAX_DPS:
        return False  # cannot confirm the residue shrinks: not shown equal
    again = point_value(difference, symbols, point, digits)
    if not _zero_residue(again):
        return False
    assert isinstance(again, tuple)
    before, after = abs(value[0]), abs(again[0])
    # a rounding residue shrinks with the precision; a real (tiny) value keeps its size
    return bool(not before or after <= before / power_of_ten((again[2] - value[2]) // 2))


def _zero_residue(value: Value) -> bool:
    if isinstance(value, Fraction):
        return value == 0
    if not isinstance(value, tuple):
        return False
    number, scale, digits = value
    return bool(abs(number) <= scale / power_of_ten(digits - _GUARD_DIGITS))


def _as_mp(value: Value) -> tuple[Any, Any]:
    if isinstance(value, Fraction):
        number = _CTX.mpf(value.numerator) / value.denominator
        return number, abs(number)
    assert isinstance(value, tuple)
    return value[0], value[1]


def _domain(symbol: sp.Symbol) -> str:
    if is_probability_symbol(symbol):
        return "probability"
    if symbol.is_positive or symbol.is_nonnegative:
        return "positive"
    return "real"  # real, or no assumptions at all: both signs (a plain Symbol is not > 0)


_PRIMES = (97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173)


@lru_cache(maxsize=256)
def sample_points(domains: tuple[str, ...]) -> tuple[tuple[Fraction, ...], ...]:
    """Deterministic exact rational points, stratified over each domain (Latin hypercube).

    >>> points = sample_points(("probability",))
    >>> len(points), all(0 < v < 1 for (v,) in points)
    (16, True)
    """
    rng = random.Random(20261126 + len(domains))
    columns = []
    for index, domain in enumerate(domains):
        strata = list(range(_CANDIDATES))
        rng.shuffle(strata)
        column = [
            _draw(domain, (k + rng.random()) / _CANDIDATES, _PRIMES[(k + index) % 16])
            for k in strata
        ]
        columns.append(column)
    return tuple(zip(*columns, strict=True)) if columns else ((),)


def _draw(domain: str, u: float, denominator: int) -> Fraction:
    if domain == "probability":  # strictly inside (0, 1), from about 0.03 to 0.97
        return Fraction(max(3, min(denominator - 3, round(u * denominator))), denominator)
    magnitude = Fraction(round(0.1 * 80**u * denominator), denominator)  # 0.1 .. 8
    if domain == "real" and u > 0.5:
        return -magnitude
    return magnitude


_TABLES: dict[tuple[sp.Expr, tuple[sp.Symbol, ...]], dict[int, Value]] = {}
_TABLE_LIMIT = 4096


def clear_tables() -> None:
    """Forget the cached values of expected answers and variants at the fixed points."""
    _TABLES.clear()


def _cached_value(
    expr: sp.Expr, symbols: tuple[sp.Symbol, ...], points: tuple[Any, ...], index: int
) -> Value:
    key = (expr, symbols)  # the symbols fix the domains, hence the fixed points
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) >= _TABLE_LIMIT:
            _TABLES.clear()
        table = _TABLES[key] = {}
    if index not in table:
        table[index] = point_value(expr, symbols, points[index])
    return table[index]


def _is_number(value: Value) -> bool:
    return value is not None and not isinstance(value, str)


_SEEDED_TRIES = 16
_HUGE = 2**64 + 13  # seeded denominators: _HUGE + an even number below 2**63


def _answer_points(answer: sp.Expr, domains: tuple[str, ...]) -> tuple[tuple[Fraction, ...], ...]:
    """Points seeded by the answer's text: reproducible, but unknown before answering.

    Each coordinate is a fraction with a random denominator between ``2**64`` and ``2**65``,
    so no finite set of points (like the ``a/P`` grid of the fixed points, or any grid
    ``k/N``) can be targeted by an answer built to vanish there. Several are drawn; the
    first ones where the expected value is defined are used.
    """
    digest = hashlib.blake2b(str(answer).encode(), digest_size=16).digest()
    rng = random.Random(int.from_bytes(digest, "big"))
    return tuple(tuple(_draw_fine(d, rng) for d in domains) for _ in range(_SEEDED_TRIES))


def _draw_fine(domain: str, rng: random.Random) -> Fraction:
    den = _HUGE + 2 * rng.randrange(1 << 62)  # a random denominator too: no grid k/den
    if domain == "probability":  # about 0.03 .. 0.97
        return Fraction(den * 3 // 100 + rng.randrange(den * 94 // 100), den)
    magnitude = Fraction(den // 10 + rng.randrange(den * 79 // 10), den)  # 0.1 .. 8
    return -magnitude if domain == "real" and rng.random() < 0.5 else magnitude


def _has_special(expr: sp.Expr) -> bool:
    """True when a binomial, gamma or factorial has a symbol in its arguments."""
    return any(
        isinstance(node, sp.binomial | sp.gamma | sp.factorial) and node.free_symbols
        for node in sp.preorder_traversal(expr)
    )
