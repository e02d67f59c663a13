"""Values in catalogue files: exact numbers, safe expressions, outcomes, symbols.

Text from a file is read by ``to_exact`` (numbers and ``a/b``) or by ``symgen.parsing.parser`` (the
safe Lark parser), never by ``eval``/``sympify``.

>>> from symgen.catalogue.spec import Where
>>> read_value("1/12", {}, Where("f.toml")), read_value(0.25, {}, Where("f.toml"))
(1/12, 1/4)
"""

from __future__ import annotations

import random
from typing import Any

import sympy as sp

from symgen.catalogue.spec import ProblemSpec, Where
from symgen.core.exact import to_exact
from symgen.errors import InvalidProbability, SymgenError
from symgen.parsing import parser as parse_module

Names = dict[str, sp.Symbol]
ENGINE_ERRORS = (SymgenError, ValueError, TypeError, KeyError, ZeroDivisionError, ArithmeticError)
_INFINITE = {"oo", "inf", "infinity", "∞", "+oo", "+inf"}


def make_symbols(spec: ProblemSpec) -> Names:
    """The declared [symbols], with their assumptions."""
    from symgen.core.parameters import symbols

    made: Names = {}
    for name, domain in spec.symbols.items():
        if domain == "probability":
            made[name] = symbols(name, probability=True)
        else:
            made[name] = sp.Symbol(name, **{domain: True})
    return made


def parse_text(text: str, names: Names, where: Where) -> sp.Expr:
    """Parse a whitelisted expression with symgen.parsing.parser and bind its names to ``names``."""
    parse = parse_module.parse
    try:
        expr = parse(text, symbols=names, mode="text")
    except ENGINE_ERRORS as exc:
        raise where.error(f"cannot read {text!r}: {exc}") from None
    if not isinstance(expr, sp.Basic):
        raise where.error(f"{text!r} is not an expression")
    unknown = sorted(s.name for s in expr.free_symbols if s.name not in names)
    if unknown:
        raise where.error(f"{text!r} uses undeclared name(s) {', '.join(unknown)}")
    return expr.xreplace({s: names[s.name] for s in expr.free_symbols})


def read_value(value: Any, names: Names, where: Where) -> sp.Basic:
    """An exact value from TOML: bool, int, float (exactly), "a/b", "oo" or an expression."""
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, str) and value.strip().lower() in _INFINITE:
        return sp.oo
    if isinstance(value, int | float):
        return to_exact(value)
    if not isinstance(value, str):
        raise where.error(f"expected a number or a string, got {value!r}")
    try:
        return to_exact(value)
    except InvalidProbability:
        return parse_text(value, names, where)


def read_probability(value: Any, names: Names, where: Where) -> sp.Expr:
    """A probability value: exact, not negative and not above 1 when it is a number."""
    prob = read_value(value, names, where)
    if not isinstance(prob, sp.Expr) or prob is sp.oo:
        raise where.error(f"{value!r} is not a probability")
    if prob.is_negative:
        raise where.error(f"negative probability {value!r}")
    if prob.is_number and prob > 1:
        raise where.error(f"probability {value!r} is greater than 1")
    return prob


def require_sums_to_one(probs: list[sp.Expr], where: Where) -> None:
    """Raise when the probabilities do not add up to 1 (symbolically)."""
    total = sp.Add(*probs)
    if sp.simplify(total - 1) != 0:
        raise where.error(f"probabilities sum to {sp.simplify(total)}, not 1")


def outcome(value: Any, where: Where) -> int | str:
    """An outcome from TOML: an integer or a string."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise where.error(f"outcome must be an integer or a string, got {value!r}")
    return value


def in_domain(value: sp.Expr, symbol: sp.Symbol) -> bool:
    """True when a solved value is real and inside the symbol's declared domain.

    Signs SymPy cannot decide are settled at seeded points of the other symbols' domains.
    """
    bounds = []
    if getattr(symbol, "is_probability", False):
        bounds = [value, 1 - value]
    elif symbol.is_positive:
        bounds = [value]
    if value.is_real is False:
        return False
    return all(is_positive(sp.simplify(b)) for b in bounds)


def is_positive(expr: sp.Expr) -> bool:
    """SymPy's sign when it knows it, else positive at eight seeded points of the domains."""
    if expr.is_positive is not None:
        return bool(expr.is_positive)
    for seed in range(8):
        value = sp.N(expr.xreplace(sample_point(expr, seed)), 30)
        if not (value.is_real and value > 0):
            return False
    return True


def sample_point(expr: sp.Expr, seed: int, symbols: set | None = None) -> dict:
    """Seeded rational values inside each symbol's domain.

    Probability symbols get values in (1/7, 1/7 + 1/3), so that sums of two or three of them
    stay below 1; positive symbols (0, 5]; other real symbols [-3, 3].
    """
    rng = random.Random(seed)
    point = {}
    for symbol in sorted(symbols or expr.free_symbols, key=lambda s: s.name):
        if getattr(symbol, "is_probability", False):
            point[symbol] = sp.Rational(rng.randint(1, 999), 1000) / 3 + sp.Rational(1, 7)
        elif symbol.is_positive:
            point[symbol] = sp.Rational(rng.randint(1, 5000), 1000)
        else:
            point[symbol] = sp.Rational(rng.randint(-3000, 3000), 1000)
    return point


def tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few equal forms (logs of rationals split over primes when safe)."""
    candidates = [expr, sp.simplify(expr)]
    if all(s.is_positive for s in expr.free_symbols) and expr.has(sp.log):
        candidates.append(sp.expand(sp.expand_log(expr, force=True)))
    return min(candidates, key=sp.count_ops)
