"""SymPy expressions as oracle targets: lambdified at high precision, with sign/log variants."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mpmath
import numpy as np

from symgen.oracle._references import (
    DIGITS,
    Case,
    InvalidCheck,
    MpFn,
    Target,
    UnknownTarget,
    Variant,
)
from symgen.oracle._variants import (
    _NEG,
)
from symgen.oracle.targets import (
    _zero_in_any,
)

# --- SymPy expressions as targets -----------------------------------------------------------

_PROBABILITY_VALUES = (0.5, 0.25, 0.75, 1e-12, 1 - 1e-12, 1e-8, 0.125, 0.9)
_POSITIVE_VALUES = (1.0, 2.0, 0.5, 1e-6, 1e3, 3.0, 0.1, 7.5)
_REAL_VALUES = (0.0, 1.0, -1.0, 0.5, -2.0, 1e-8, 30.0, -30.0)


def _symbol_kind(symbol: Any) -> str:
    from symgen.core.parameters import is_probability_symbol

    if is_probability_symbol(symbol):
        return "probability"
    if symbol.is_positive:
        return "positive"
    if symbol.is_nonnegative:
        return "nonnegative"
    return "real"


def _symbol_value(kind: str, rng: np.random.Generator, i: int, j: int) -> float:
    """The i-th trial value of the j-th argument: fixed hard values first, then random."""
    fixed = {
        "probability": _PROBABILITY_VALUES,
        "positive": _POSITIVE_VALUES,
        "nonnegative": (0.0, *_POSITIVE_VALUES),
        "real": _REAL_VALUES,
    }[kind]
    if i < 2 * len(fixed):
        return fixed[(i + 3 * j) % len(fixed)]
    if kind == "probability":
        return float(rng.random()) if i % 2 else float(10.0 ** -rng.uniform(0, 12))
    if kind in ("positive", "nonnegative"):
        return float(np.exp(rng.normal() * 3))
    return float(rng.normal() * (1.0, 10.0)[i % 2])


def _is_finite_real(value: Any) -> bool:
    return isinstance(value, mpmath.mpf) and bool(mpmath.isfinite(value))


def _valid_point(reference: MpFn, values: Sequence[float]) -> bool:
    """True when the expression is a finite real number at these values."""
    try:
        with mpmath.workdps(DIGITS):
            return _is_finite_real(reference(*map(mpmath.mpf, values)))
    except (ArithmeticError, TypeError, ValueError, NameError):
        return False


def _mp_function(expr: Any, symbols: Sequence[Any]) -> MpFn:
    import sympy as sp

    # the expression is a developer's own SymPy object, never untrusted text
    f = sp.lambdify(list(symbols), expr, modules="mpmath")

    def value(*args: Any) -> Any:
        out = f(*args)
        return out if isinstance(out, mpmath.mpf) else mpmath.mpf("nan")

    return value


def _expression_variants(expr: Any, symbols: Sequence[Any], kinds: Sequence[str]) -> list[Variant]:
    import sympy as sp

    f = _mp_function(expr, symbols)
    out = [
        Variant("sign", _NEG, lambda *a: -f(*a)),
        Variant("factor_of_two", "is off by a factor of 2", lambda *a: 2 * f(*a)),
        Variant("factor_of_two", "is off by a factor of 1/2", lambda *a: f(*a) / 2),
    ]
    if expr.has(sp.log):
        for base in (2, 10):
            rebased = expr.replace(sp.log, lambda *a, b=base: sp.log(*a) / sp.log(b))
            msg = f"uses log base {base} where the natural log was meant"
            out.append(Variant("log_base", msg, _mp_function(rebased, symbols)))
    pairs = [(a, b) for a in range(len(symbols)) for b in range(a + 1, len(symbols))]
    for i, j in pairs:
        if kinds[i] == kinds[j]:
            swapped = expr.xreplace({symbols[i]: symbols[j], symbols[j]: symbols[i]})
            msg = f"swaps the arguments {symbols[i]} and {symbols[j]}"
            out.append(Variant("arguments_swapped", msg, _mp_function(swapped, symbols)))
    return out


def _signature_symbols(expr: Any, signature: Sequence[Any] | None) -> list[Any]:
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if signature is None:
        return free
    by_name = {s.name: s for s in free}
    names = [getattr(s, "name", s) for s in signature]
    if sorted(names) != sorted(by_name):
        raise UnknownTarget(
            f"signature {names} must list exactly the free symbols {sorted(by_name)}"
        )
    return [by_name[n] for n in names]


def expression_target(expr: Any, *, signature: Sequence[Any] | None = None) -> Target:
    """A target from a SymPy expression: fn gets the symbols' values as positional arguments.

    The order is sorted by symbol name unless `signature` (names or symbols) gives it.
    Values come from each symbol's assumptions: probability symbols in (0, 1) including
    1e-12 and 1 - 1e-12, positive symbols over many decades, real symbols of both signs.

    >>> import sympy as sp
    >>> mu, s = sp.symbols("mu sigma", positive=True)
    >>> expression_target((s**2 + mu**2 - 1 - sp.log(s**2)) / 2).arg_names
    ('mu', 'sigma')
    """
    symbols = _signature_symbols(expr, signature)
    kinds = [_symbol_kind(s) for s in symbols]
    try:
        reference = _mp_function(expr, symbols)
    except (TypeError, NameError, SyntaxError) as exc:
        raise UnknownTarget(f"cannot evaluate {expr} numerically: {exc}") from exc

    def cases(rng: np.random.Generator, n: int) -> list[Case]:
        out: list[Case] = []
        for i in range(20 * n):
            if len(out) == n:
                break
            values = [_symbol_value(k, rng, i, j) for j, k in enumerate(kinds)]
            if _valid_point(reference, values):
                out.append(tuple(np.array(v) for v in values))
        if not out:
            raise InvalidCheck(f"no input makes {expr} a finite real number")
        return out

    return Target(
        f"expression {expr}",
        str(expr),
        tuple(s.name for s in symbols),
        reference,
        cases,
        tuple(_expression_variants(expr, symbols, kinds)),
        _zero_in_any,
        "nothing (elementwise)",
    )
