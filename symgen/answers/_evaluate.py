"""Guarded evaluation of an expression at one exact rational point, on mpmath.

``point_value(expr, symbols, point)`` gives a :class:`fractions.Fraction` for rational
functions (exact), else ``(value, scale, digits)``: an mpmath number, the largest term met
(for relative comparisons) and the working precision. The precision is raised until the value
is certified, or the point gets ``UNKNOWN`` (no verdict there):

* no term of a sum may vanish next to the largest one (``1 + p**5000`` is not ``1``);
* no function may have rounded to a value that no longer reflects its argument (condition
  number below the precision: ``cos(10**-60)``, ``erf(30)``, ``gamma(5 + exp(-1600))``);
* ``sign`` must see its argument clear of zero;
* near a pole, an edge of a domain or a jump (``tan``, ``acos``, ``gamma``, ``sign``...)
  reached with a rounded argument, the value must agree with a second evaluation at more
  digits.

``None`` means undefined at the point (log of a non-positive number, ``acos(2)``, a pole,
astronomically large intermediate values). Every function of the grammar is known here;
:func:`unknown_functions` names anything else, so the caller refuses it: nothing is ever
given an arbitrary value.

>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> point_value(x**2 / 3, (x,), (Fraction(1, 2),))
Fraction(1, 12)
>>> unknown_functions(sp.Function("f")(x) / 2 + sp.cot(x))
('f',)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy as sp
from mpmath.ctx_mp import MPContext

from symgen.parsing.budget import checkpoint

Value = Fraction | tuple[Any, Any, int] | str | None  # exact, (mpf, scale, digits), UNKNOWN, None
UNKNOWN = "unknown"  # a value that could not be certified at any allowed precision

_CTX = MPContext()  # private context: the global mpmath precision is left alone
_DPS = 100
_MAX_DPS = 4000
_GUARD_DIGITS = 15
_CONFIRM_DIGITS = 20  # the second evaluation runs this many digits higher
_MAX_EXACT_EXPONENT = 10_000
_MAX_EXACT_BITS = 400_000
_MAX_EXP_ARGUMENT = 10**6  # exp(10**6) has 434295 digits; beyond that, no real use
_MAX_TRIG_ARGUMENT = 10**1000  # argument reduction needs about log10(x) extra digits
_MAX_GAMMA_ARGUMENT = 10**6
_CTX.dps = _DPS


class _Undefined(Exception):
    """The expression has no real value at this point (log of a non-positive, 1/0, ...)."""


class _Absorbed(Exception):
    """A term or an argument is below the working precision: retry with ``digits``."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


class _NotRational(Exception):
    """The expression leaves exact rational arithmetic (log, root, huge power)."""


_C = _CTX
# sympy function -> (mpmath function, f'(x) from (x, f(x)) for the condition number or None)
_UNARY: dict[type, tuple[Callable[[Any], Any], Callable[[Any, Any], Any] | None]] = {
    sp.exp: (_C.exp, lambda x, fx: fx),
    sp.sin: (_C.sin, lambda x, fx: _C.cos(x)),
    sp.cos: (_C.cos, lambda x, fx: -_C.sin(x)),
    sp.tan: (_C.tan, lambda x, fx: 1 + fx * fx),
    sp.cot: (_C.cot, lambda x, fx: -1 - fx * fx),
    sp.sec: (_C.sec, lambda x, fx: fx * _C.tan(x)),
    sp.csc: (_C.csc, lambda x, fx: -fx * _C.cot(x)),
    sp.asin: (_C.asin, lambda x, fx: 1 / _C.sqrt(1 - x * x)),
    sp.acos: (_C.acos, lambda x, fx: -1 / _C.sqrt(1 - x * x)),
    sp.atan: (_C.atan, lambda x, fx: 1 / (1 + x * x)),
    sp.acot: (_C.acot, lambda x, fx: -1 / (1 + x * x)),
    sp.asec: (_C.asec, None),
    sp.acsc: (_C.acsc, None),
    sp.sinh: (_C.sinh, lambda x, fx: _C.cosh(x)),
    sp.cosh: (_C.cosh, lambda x, fx: _C.sinh(x)),
    sp.tanh: (_C.tanh, lambda x, fx: 1 - fx * fx),
    sp.coth: (_C.coth, lambda x, fx: 1 - fx * fx),
    sp.sech: (_C.sech, lambda x, fx: -fx * _C.tanh(x)),
    sp.csch: (_C.csch, lambda x, fx: -fx * _C.coth(x)),
    sp.asinh: (_C.asinh, lambda x, fx: 1 / _C.sqrt(1 + x * x)),
    sp.acosh: (_C.acosh, lambda x, fx: 1 / _C.sqrt(x * x - 1)),
    sp.atanh: (_C.atanh, lambda x, fx: 1 / (1 - x * x)),
    sp.acoth: (_C.acoth, lambda x, fx: 1 / (1 - x * x)),
    sp.erf: (_C.erf, lambda x, fx: 2 / _C.sqrt(_C.pi) * _C.exp(-x * x)),
    sp.erfc: (_C.erfc, lambda x, fx: -2 / _C.sqrt(_C.pi) * _C.exp(-x * x)),
    sp.Abs: (abs, None),
}
_GROWING = frozenset({sp.exp, sp.sinh, sp.cosh, sp.sech, sp.csch, sp.erf, sp.erfc})
# poles, edges of the real domain: a rounded argument there needs a second, finer look
_UNSTABLE: frozenset[type] = frozenset({sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos})
_UNSTABLE |= {sp.asec, sp.acsc, sp.acosh, sp.atanh, sp.acoth, sp.coth, sp.csch}
_SPECIAL = (sp.gamma, sp.factorial, sp.binomial, sp.loggamma, sp.beta)
_CONSTANTS: dict[Any, Callable[[], Any]] = {
    sp.pi: lambda: +_C.pi,
    sp.E: lambda: +_C.e,
    sp.EulerGamma: lambda: +_C.euler,
    sp.Catalan: lambda: +_C.catalan,
    sp.GoldenRatio: lambda: +_C.phi,
}
_INFINITE = (sp.oo, -sp.oo, sp.zoo, sp.nan)
KNOWN_FUNCTIONS = frozenset({*_UNARY, *_SPECIAL, sp.log, sp.sign, sp.Max, sp.Min})


def unknown_functions(expr: sp.Basic) -> tuple[str, ...]:
    """Names of the functions and constants in ``expr`` that cannot be evaluated, sorted."""
    names: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Symbol or node.is_Number or node in _INFINITE or node is sp.I:
            continue
        known = isinstance(node, sp.Add | sp.Mul | sp.Pow) or node in _CONSTANTS
        known = known or (type(node) in KNOWN_FUNCTIONS and not isinstance(node, sp.log))
        if known or (isinstance(node, sp.log) and len(node.args) == 1):
            stack.extend(node.args)
        else:
            names.add(str(getattr(node.func, "__name__", type(node).__name__)))
    return tuple(sorted(names))


def point_value(
    expr: sp.Expr,
    symbols: tuple[sp.Symbol, ...],
    point: tuple[Fraction, ...],
    digits: int | None = None,
) -> Value:
    """The certified value of ``expr`` at ``point`` (see the module docstring)."""
    checkpoint()
    env = dict(zip(symbols, point, strict=True))
    try:
        try:
            return _exact(expr, env)
        except _NotRational:
            return _approx_value(expr, env, digits)
    except (_Undefined, ZeroDivisionError, OverflowError, ValueError, KeyError):
        return None


class _State:
    """Evaluation state at one point: the symbols' values and the largest term met."""

    __slots__ = ("env", "mp", "scale", "unstable")

    def __init__(self, env: Mapping[sp.Symbol, Fraction]) -> None:
        self.env = env
        self.mp: dict[sp.Symbol, Any] = {}
        self.scale = _CTX.zero
        self.unstable = False  # a pole, an edge or a jump met with a rounded argument

    def note_argument(self, node: sp.Basic) -> None:
        if not self.unstable and not _is_exact(node, self.env):
            self.unstable = True

    def symbol(self, symbol: sp.Symbol) -> Any:
        if symbol not in self.mp:
            value = self.env[symbol]
            self.mp[symbol] = _CTX.mpf(value.numerator) / value.denominator
        return self.mp[symbol]


@lru_cache(maxsize=64)
def power_of_ten(exponent: int) -> Any:
    """10**exponent as an mpf at the largest precision used."""
    with _CTX.workdps(_MAX_DPS):
        return _CTX.mpf(10) ** exponent


def _approx_value(
    expr: sp.Expr, env: Mapping[sp.Symbol, Fraction], digits: int | None = None
) -> Value:
    """(value, scale, digits), certified: raised until no term is lost and two precisions agree.

    The working precision starts at ``_DPS``, or above the digits of the longest literal
    (``1 + 10**-200`` must not be rounded to 1 on reading).
    """
    if digits is None:
        digits = max(_DPS, literal_digits(expr) + 30)
    while digits <= _MAX_DPS:
        checkpoint()
        try:
            value, scale, unstable = _evaluate_at(expr, env, digits)
            if not unstable:
                return value, scale, digits
            again, _, _ = _evaluate_at(expr, env, digits + _CONFIRM_DIGITS)
        except _Absorbed as exc:
            digits = exc.digits
            continue
        with _CTX.workdps(digits):
            if abs(again - value) <= scale / power_of_ten(digits - _GUARD_DIGITS):
                return value, scale, digits
        digits = 2 * digits  # unstable (near a pole, an edge of a domain, a jump): more digits
    return UNKNOWN  # too small a term or too unstable a value to resolve at this point


def _evaluate_at(expr: sp.Expr, env: Mapping[sp.Symbol, Fraction], digits: int) -> Any:
    with _CTX.workdps(digits):
        state = _State(env)
        value = _approx(expr, state)
        return +value, max(state.scale, abs(value)), state.unstable


@lru_cache(maxsize=4096)
def literal_digits(expr: sp.Expr) -> int:
    """Decimal digits of the longest number written in ``expr`` (0 when there is none).

    >>> literal_digits(1 + sp.Rational(1, 10**200))
    201
    """
    sizes = [len(str(max(abs(int(r.p)), int(r.q)))) for r in expr.atoms(sp.Rational)]
    sizes += [len(str(f)) for f in expr.atoms(sp.Float)]
    return max(sizes, default=0)


def _exact(expr: sp.Basic, env: Mapping[sp.Symbol, Fraction]) -> Fraction:
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr.is_Symbol:
        return env[expr]
    if expr.is_Add:
        return sum((_exact(a, env) for a in expr.args), Fraction(0))
    if expr.is_Mul:
        result = Fraction(1)
        for arg in expr.args:
            result *= _exact(arg, env)
        return _bounded(result)
    if expr.is_Pow and expr.exp.is_Integer and abs(int(expr.exp)) <= _MAX_EXACT_EXPONENT:
        return _bounded(_exact(expr.base, env) ** int(expr.exp))
    if isinstance(expr, sp.Abs):
        return abs(_exact(expr.args[0], env))
    if isinstance(expr, sp.sign):
        value = _exact(expr.args[0], env)
        return Fraction((value > 0) - (value < 0))
    if isinstance(expr, sp.Max | sp.Min):
        values = [_exact(a, env) for a in expr.args]
        return max(values) if isinstance(expr, sp.Max) else min(values)
    raise _NotRational


def _bounded(value: Fraction) -> Fraction:
    if value.numerator.bit_length() + value.denominator.bit_length() > _MAX_EXACT_BITS:
        raise _NotRational
    return value


def _approx(expr: sp.Basic, state: _State) -> Any:
    if expr.is_Rational:
        return _CTX.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Symbol:
        return state.symbol(expr)
    if expr.is_Add:
        terms = [_approx(a, state) for a in expr.args]
        sizes = [abs(t) for t in terms]
        _require_resolved(sizes)
        state.scale = max(state.scale, *sizes)
        return _real(_CTX.fsum(terms))
    if expr.is_Mul:
        return _real(_CTX.fprod(_approx(a, state) for a in expr.args))
    if expr.is_Pow:
        return _power(_approx(expr.base, state), expr.exp, state)
    return _atom(expr, state)


def _require_resolved(sizes: list[Any]) -> None:
    """Raise _Absorbed when the smallest non-zero term vanishes next to the largest one.

    Without this, ``1 + p**1000`` and ``1`` would look equal at 100 digits.
    """
    nonzero = [size for size in sizes if size]
    if len(nonzero) < 2:
        return
    small, large = min(nonzero), max(nonzero)
    if small * power_of_ten(_CTX.dps - _GUARD_DIGITS) < large:
        gap = int(_CTX.log10(large / small)) + 1
        raise _Absorbed(_CTX.dps + gap + _GUARD_DIGITS)


def _require_sensitive(condition: Any) -> None:
    """Raise _Absorbed when a function's value no longer reflects its argument.

    ``condition`` is the relative condition number ``|x f'(x) / f(x)|``. When it is below
    the working precision, ``f(x)`` has rounded to a nearby simple value (``cos(10**-60)``
    to 1, ``erf(30)`` to 1), and a difference with that value would vanish by accident.
    """
    if condition * power_of_ten(_CTX.dps - _GUARD_DIGITS) < 1:
        if condition == 0:
            raise _Absorbed(_MAX_DPS + 1)
        gap = int(-_CTX.log10(condition)) + 1
        raise _Absorbed(_CTX.dps + gap + _GUARD_DIGITS)


def _power(base: Any, exponent: sp.Expr, state: _State) -> Any:
    if exponent.is_Integer:
        if base == 0 and exponent < 0:
            raise _Undefined
        return _real(base ** int(exponent))
    power = _approx(exponent, state)
    if base < 0 or (base == 0 and power <= 0):
        raise _Undefined
    if base != 0 and abs(power * _CTX.log(base)) > _MAX_EXP_ARGUMENT:
        raise _Undefined  # the result would have millions of digits in its exponent
    if base not in (0, 1) and power:
        _require_sensitive(abs(power * _CTX.log(base)))  # 2**(10**-200) is 1 + 7e-201
    return _real(_CTX.power(base, power))


def _atom(expr: sp.Basic, state: _State) -> Any:
    if isinstance(expr, sp.log) and len(expr.args) == 1:
        argument = _approx(expr.args[0], state)
        if argument <= 0:
            raise _Undefined
        return _CTX.log(argument)
    if expr in _CONSTANTS:
        return _CONSTANTS[expr]()
    if expr.is_Float:
        return _CTX.mpf(str(expr))
    if isinstance(expr, _SPECIAL):
        return _special(expr, state)
    if isinstance(expr, sp.sign):
        state.note_argument(expr.args[0])
        return _sign(_approx(expr.args[0], state))
    if isinstance(expr, sp.Max | sp.Min):
        values = [_approx(a, state) for a in expr.args]
        return max(values) if isinstance(expr, sp.Max) else min(values)
    entry = _UNARY.get(type(expr))
    if entry is None or len(expr.args) != 1:
        raise _Undefined  # oo, zoo, nan; unknown functions are refused before evaluation
    function, slope = entry
    if type(expr) in _UNSTABLE:
        state.note_argument(expr.args[0])
    argument = _approx(expr.args[0], state)
    limit = _MAX_EXP_ARGUMENT if type(expr) in _GROWING else _MAX_TRIG_ARGUMENT
    if abs(argument) > limit:
        raise _Undefined  # too large to evaluate: no verdict at this point
    result = _real(function(argument))
    if slope is not None and argument and result:
        _require_sensitive(abs(argument * slope(argument, result) / result))
    return result


def _sign(argument: Any) -> Any:
    """sign(x), once x is resolved: a rounding residue must not decide the sign."""
    if argument and abs(argument) * power_of_ten(_CTX.dps - _GUARD_DIGITS) < 1:
        gap = int(-_CTX.log10(abs(argument))) + 1
        raise _Absorbed(_CTX.dps + gap + _GUARD_DIGITS)
    return _CTX.mpf(_CTX.sign(argument))


def _special(expr: sp.Basic, state: _State) -> Any:
    """gamma, factorial, binomial, loggamma, beta, with the condition-number guard on each
    argument that is not an exact number (``gamma(5 + exp(-1600))`` is not 24)."""
    args = [_approx(a, state) for a in expr.args]
    if any(abs(a) > _MAX_GAMMA_ARGUMENT for a in args):
        raise _Undefined
    value = _real(_special_value(expr, args))
    inexact = [i for i, node in enumerate(expr.args) if not _is_exact(node, state.env)]
    state.unstable = state.unstable or bool(inexact)
    if value and inexact:
        with _CTX.workdps(30):  # a condition number needs few digits
            slopes = _log_slopes(expr, args)
        for i in inexact:
            if args[i]:
                _require_sensitive(abs(args[i] * slopes[i]))
    return value


def _is_exact(node: sp.Basic, env: Mapping[sp.Symbol, Fraction]) -> bool:
    """True when ``node`` is a rational number at this point (no hidden tiny perturbation)."""
    try:
        _exact(node, env)
    except (_NotRational, ZeroDivisionError):
        return False
    return True


def _special_value(expr: sp.Basic, args: list[Any]) -> Any:
    if isinstance(expr, sp.binomial):
        return _CTX.binomial(*args)
    if isinstance(expr, sp.factorial):
        return _CTX.factorial(args[0])
    if isinstance(expr, sp.loggamma):
        if args[0] <= 0:
            raise _Undefined
        return _CTX.loggamma(args[0])
    if isinstance(expr, sp.beta):
        return _CTX.beta(args[0], args[-1])  # beta(a) is beta(a, a)
    return _CTX.gamma(args[0])


def _log_slopes(expr: sp.Basic, args: list[Any]) -> list[Any]:
    """d log|f| / d arg for each argument (for loggamma: d f / d x divided by f)."""
    psi = _CTX.digamma
    if isinstance(expr, sp.binomial):
        n, k = args
        return [psi(n + 1) - psi(n - k + 1), psi(n - k + 1) - psi(k + 1)]
    if isinstance(expr, sp.factorial):
        return [psi(args[0] + 1)]
    if isinstance(expr, sp.beta):
        a, b = args[0], args[-1]
        return [psi(a) - psi(a + b), psi(b) - psi(a + b)][: len(args)]
    if isinstance(expr, sp.loggamma):
        return [psi(args[0]) / _CTX.loggamma(args[0])]
    return [psi(args[0])]


def _real(value: Any) -> Any:
    if isinstance(value, _CTX.mpc) or not _CTX.isfinite(value):
        raise _Undefined
    return value
