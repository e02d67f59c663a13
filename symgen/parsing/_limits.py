"""Size and number guards of the parser: every number, power, root and factorial is bounded
*before* SymPy builds it, so no input can make SymPy work for minutes or fill the memory.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy as sp
from lark import Token, Tree

from symgen.errors import InputTooLarge, ParseError
from symgen.parsing._screen import LIMITS


def bit_length(value: sp.Basic) -> int:
    """Largest bit length of a numerator or denominator inside ``value``."""
    rationals = [value] if isinstance(value, sp.Rational) else value.atoms(sp.Rational)
    return max((max(int(r.p).bit_length(), int(r.q).bit_length()) for r in rationals), default=0)


def too_big(what: str, column: int, bits: int) -> InputTooLarge:
    return too_big_log(what, column, math.log10(max(bits, 1) * 0.30103))


def too_big_log(what: str, column: int, log10_digits: float) -> InputTooLarge:
    limit = int(LIMITS["number_bits"] * 0.30103)
    digits = f"{round(10**log10_digits)}" if log10_digits < 9 else f"10^{log10_digits:.0f}"
    return InputTooLarge(
        f"{what} at column {column} is too large: about {digits} digits (max {limit})"
    )


_UNDEFINED = (sp.nan, sp.zoo)


def check_number(value: sp.Expr, what: str, column: int) -> sp.Expr:
    """Bound the exact numbers SymPy just made (a rational, a coefficient, a constant term)
    and refuse nan/zoo where they appear (they propagate upwards, so one level suffices)."""
    if value in _UNDEFINED or any(arg in _UNDEFINED for arg in value.args):
        raise ParseError(
            f"{what} at column {column} is undefined (a division by zero, log of 0 or oo - oo)"
        )
    if isinstance(value, sp.Mul):
        number = value.as_coeff_Mul()[0]
    elif isinstance(value, sp.Add):
        number = value.as_coeff_Add()[0]
    else:
        number = value
    if isinstance(number, sp.Rational) and bit_length(number) > LIMITS["number_bits"]:
        raise too_big(what, column, bit_length(number))
    return value


def add(a: sp.Expr, b: sp.Expr, what: str, column: int) -> sp.Expr:
    return check_number(sp.Add(a, b), what, column)


def sum_terms(low: sp.Expr, high: sp.Expr, column: int) -> int | None:
    """Number of terms of a sum with these limits (at most LIMITS["sum_terms"]), or None when
    a limit is symbolic (``n``): that sum stays unevaluated."""
    if low.free_symbols or high.free_symbols:
        return None
    if not (isinstance(low, sp.Integer) and isinstance(high, sp.Integer)):
        raise ParseError(f"sum at column {column} needs integer or symbolic limits")
    terms = max(int(high) - int(low) + 1, 0)
    if terms > LIMITS["sum_terms"]:
        raise InputTooLarge(f"sum at column {column} has {terms} terms (max {LIMITS['sum_terms']})")
    return terms


def size(tree: Any) -> int:
    count, stack = 0, [tree]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, Tree):
            stack.extend(node.children)
    return count


def multiply(a: sp.Expr, b: sp.Expr, what: str, column: int) -> sp.Expr:
    """``a*b``; SymPy merges numeric roots (sqrt(m)*sqrt(n) = sqrt(mn)) and factors the
    product, so the numbers under roots of all factors together are bounded first."""
    under_roots = sum(
        bit_length(factor.base)
        for factor in (*sp.Mul.make_args(a), *sp.Mul.make_args(b))
        if isinstance(factor, sp.Pow) and factor.base.is_number and not factor.exp.is_integer
    )
    if under_roots > LIMITS["root_bits"]:
        raise InputTooLarge(
            f"{what} of roots at column {column} is too large: over "
            f"{int(LIMITS['root_bits'] * 0.30103)} digits under the roots"
        )
    return check_number(sp.Mul(a, b), what, column)


def power(base: sp.Expr, exponent: sp.Expr, column: int) -> sp.Expr:
    """``base**exponent`` once the size of the result is known to be small."""
    if isinstance(exponent, sp.Rational):
        if isinstance(base, sp.Rational):
            _check_numeric_power(base, exponent, column)
        else:
            _check_symbolic_power(base, exponent, column)
        if base == 0 and exponent < 0:
            raise ParseError(f"division by zero (0 to a negative power) at column {column}")
    elif exponent.is_number and isinstance(base, sp.Rational) and bit_length(base) > 1000:
        raise too_big("base of the power", column, bit_length(base))
    return check_number(sp.Pow(base, exponent), "power", column)


def _check_numeric_power(base: sp.Rational, exponent: sp.Rational, column: int) -> None:
    if base in (0, 1, -1) or exponent == 0:
        return
    if exponent.q > 1000:
        raise InputTooLarge(f"root of order {short(exponent.q)} at column {column} is too large")
    _check_root_base(base, exponent, column)
    base_bits = math.log2(max(abs(int(base.p)), int(base.q)))  # bits of the base, exact enough
    log10_bits = math.log10(base_bits) + math.log10(abs(int(exponent.p))) - math.log10(exponent.q)
    if log10_bits > math.log10(LIMITS["number_bits"]):
        raise too_big_log("power", column, log10_bits + math.log10(0.30103))


def _check_symbolic_power(base: sp.Expr, exponent: sp.Rational, column: int) -> None:
    limit = LIMITS["exponent"]
    if abs(exponent.p) > limit or exponent.q > limit:
        raise InputTooLarge(
            f"exponent {short(exponent)} at column {column} is too large (max {limit})"
        )
    _check_root_base(base, exponent, column)
    total = bit_length(base) * abs(int(exponent.p))
    if total > LIMITS["number_bits"]:
        raise too_big("power", column, total)


def _check_root_base(base: sp.Expr, exponent: sp.Rational, column: int) -> None:
    """SymPy factors the numbers under a root (seconds for 1000 digits): keep them small."""
    if exponent.q != 1 and bit_length(base) > LIMITS["root_bits"]:
        raise InputTooLarge(
            f"number under the root at column {column} is too large: over "
            f"{int(LIMITS['root_bits'] * 0.30103)} digits"
        )


def short(value: sp.Expr) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:17] + "..."


def check_integer_argument(value: sp.Expr, what: str, column: int) -> None:
    """Factorial and binomial arguments: small enough to evaluate, not negative integers."""
    if not value.is_number:
        return
    if isinstance(value, sp.Rational):
        if abs(value) > LIMITS["factorial"]:
            raise InputTooLarge(
                f"{what} of {short(value)} at column {column} is too large "
                f"(max {LIMITS['factorial']})"
            )
        if value.is_integer and value < 0:
            raise ParseError(f"{what} of the negative integer {value} at column {column}")
    elif value.is_real and abs(sp.N(value, 15)) > LIMITS["factorial"]:
        raise InputTooLarge(f"{what} argument at column {column} is too large")


def number(token: Token, column: int) -> sp.Rational:
    text = str(token)
    mantissa, _, exponent = text.lower().partition("e")
    digits = sum(ch.isdigit() for ch in mantissa)
    if digits > LIMITS["digits"]:
        raise InputTooLarge(
            f"number at column {column} has {digits} digits (max {LIMITS['digits']})"
        )
    if exponent and abs(int(exponent)) > LIMITS["decimal_exponent"]:
        raise InputTooLarge(
            f"exponent e{exponent} at column {column} is too large "
            f"(max {LIMITS['decimal_exponent']})"
        )
    value = Fraction(text)
    return sp.Rational(value.numerator, value.denominator)
