"""A LaTeX printer that shows steps as written: no silent evaluation, log bases kept.

SymPy's own printer has two habits that hurt a worked solution: it drops the base of a
two-argument ``log(x, 2, evaluate=False)`` (it prints ``\\log{\\left(x \\right)}``), and an
evaluated ``log(x, 2)`` is stored as ``log(x)/log(2)``, which it prints as a fraction.
This module keeps the base (``\\log_{2}``) in both cases, and prints unevaluated sums and
products in the order the writer gave (``order="none"``).
"""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["ArgMin", "LogBase", "StepPrinter", "is_unevaluated", "to_latex", "with_log_bases"]


class LogBase(sp.Function):
    """log_b(x) kept as one notation object; ``doit()`` gives SymPy's ``log(x)/log(b)``.

    >>> x = sp.Symbol("x", positive=True)
    >>> to_latex(LogBase(x, 2))
    '\\\\log_{2}{\\\\left(x \\\\right)}'
    >>> LogBase(8, 2).doit()
    3
    """

    nargs = 2

    def doit(self, **hints: object) -> sp.Expr:
        arg, base = (a.doit(**hints) if hints.get("deep", True) else a for a in self.args)
        return sp.log(arg, base)

    def _eval_rewrite_as_log(self, arg: sp.Expr, base: sp.Expr, **kwargs: object) -> sp.Expr:
        return sp.log(arg) / sp.log(base)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return (sp.log(self.args[0]) / sp.log(self.args[1]))._eval_evalf(prec)

    def _latex(self, printer: LatexPrinter) -> str:
        arg, base = self.args
        return rf"\log_{{{printer._print(base)}}}{{\left({printer._print(arg)} \right)}}"


class StepPrinter(LatexPrinter):
    """LatexPrinter that keeps the base of ``log(x, b)``."""

    printmethod = "_latex"

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        if len(expr.args) == 2 and expr.args[1] != sp.E:
            return self._print(LogBase(*expr.args)) if exp is None else self._log_power(expr, exp)
        return str(super()._print_log(expr, exp))

    def _print_Mul(self, expr: sp.Mul) -> str:
        # An unevaluated quotient such as (1/12) / (1/6) is shown as one fraction, as written.
        den = [f for f in expr.args if f.is_Pow and f.exp == -1]
        if len(den) == 1 and expr.func(*expr.args).args != expr.args:
            num = [f for f in expr.args if f is not den[0]]
            top = sp.Mul(*num, evaluate=False) if len(num) > 1 else num[0]
            return rf"\frac{{{self._print(top)}}}{{{self._print(den[0].base)}}}"
        if expr.func(*expr.args).args != expr.args or self._fraction_coefficient(expr):
            return self._factors_as_written(expr.args)
        return str(super()._print_Mul(expr))

    def _fraction_coefficient(self, expr: sp.Mul) -> bool:
        """As written, ``1/2 * log 2`` keeps its coefficient in front, not under a fraction."""
        if self._settings.get("order") != "none":
            return False
        if any(f.is_Pow and f.exp.is_negative for f in expr.args):
            return False
        return any(f.is_Rational and not f.is_Integer for f in expr.args)

    def _factors_as_written(self, factors: tuple[sp.Basic, ...]) -> str:
        """An unevaluated product factor by factor: ``-\\frac{1}{2} \\log_2 ...``."""
        parts: list[str] = []
        sign = ""
        for i, factor in enumerate(factors):
            if i == 0 and factor.is_Rational and factor.is_negative:
                sign, factor = "- ", -factor
                if factor == 1 and len(factors) > 1:
                    continue
            parts.append(self._factor(factor, first=not parts))
            if parts[-1] and len(parts) > 1 and factor.is_Rational and factors[i - 1].is_Rational:
                parts[-1] = r"\cdot " + parts[-1]
        return sign + " ".join(parts)

    def _factor(self, factor: sp.Basic, *, first: bool) -> str:
        if isinstance(factor, sp.Add) or (not first and factor.is_Rational and factor.is_negative):
            return rf"\left({self._print(factor)}\right)"
        return str(self._print(factor))

    def _log_power(self, expr: sp.Expr, exp: str) -> str:
        arg, base = (self._print(a) for a in expr.args)
        return rf"\log_{{{base}}}^{{{exp}}}{{\left({arg} \right)}}"


def _is_integer_base(expr: sp.Basic) -> bool:
    return bool(expr.is_Integer and expr > 1)


def _log_base_factor(expr: sp.Basic) -> sp.Expr | None:
    """The b of a factor ``1/log(b)`` with an integer b > 1, else None."""
    if expr.is_Pow and expr.exp == -1 and isinstance(expr.base, sp.log):
        (arg,) = expr.base.args
        return arg if _is_integer_base(arg) else None
    return None


def _rebase_term(term: sp.Expr, base: sp.Expr) -> sp.Expr | None:
    """``c * log(a)`` -> ``c * log_b(a)`` when the term has exactly one plain log factor."""
    factors = sp.Mul.make_args(term)
    logs = [f for f in factors if isinstance(f, sp.log) and len(f.args) == 1]
    if len(logs) != 1:
        return None
    rest = [f for f in factors if f is not logs[0]]
    return sp.Mul(*rest, LogBase(logs[0].args[0], base), evaluate=False)


def _rebase_mul(expr: sp.Mul) -> sp.Expr:
    for factor in expr.args:
        base = _log_base_factor(factor)
        if base is None:
            continue
        rest = sp.Mul(*(f for f in expr.args if f is not factor))
        terms = [_rebase_term(t, base) for t in sp.Add.make_args(rest)]
        if all(t is not None for t in terms):
            return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)
    return expr


def with_log_bases(expr: sp.Basic) -> sp.Basic:
    """Rewrite ``c*log(a)/log(b)`` (b an integer > 1) as ``c*log_b(a)``, bottom-up.

    The result is equal to the input; only its shape changes.

    >>> p = sp.Symbol("p", positive=True)
    >>> with_log_bases(-p * sp.log(p, 2)) == -p * LogBase(p, 2)
    True
    """
    if not expr.args or isinstance(expr, LogBase):
        return expr
    args = tuple(with_log_bases(a) for a in expr.args)
    if args != expr.args:
        expr = _rebuild(expr, args)
    return _rebase_mul(expr) if isinstance(expr, sp.Mul) else expr


def _rebuild(expr: sp.Basic, args: tuple[sp.Basic, ...]) -> sp.Basic:
    if isinstance(expr, sp.Add | sp.Mul | sp.Pow):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def is_unevaluated(expr: sp.Basic) -> bool:
    """True if some sum, product or power would change shape when evaluated.

    >>> x = sp.Symbol("x")
    >>> is_unevaluated(sp.Add(x, 1, evaluate=False)), is_unevaluated(x + 1)
    (True, False)
    """
    if isinstance(expr, sp.Add | sp.Mul | sp.Pow) and expr.func(*expr.args).args != expr.args:
        return True
    return any(is_unevaluated(a) for a in expr.args)


def to_latex(expr: object, *, as_written: bool = False) -> str:
    r"""LaTeX of an expression: log bases kept; the writer's term order when ``as_written``.

    An evaluated ``Add`` and an unevaluated one with the same arguments look alike, so the
    caller says which it has (steps of a derivation: ``as_written=True``); a tree whose
    shape evaluation would change is printed as written either way.

    >>> x = sp.Symbol("x", positive=True)
    >>> to_latex(sp.log(x, 2, evaluate=False))
    '\\log_{2}{\\left(x \\right)}'
    >>> to_latex(sp.Add(sp.Integer(2), x, evaluate=False), as_written=True)
    '2 + x'
    >>> to_latex(2 + x)
    'x + 2'
    """
    shaped = with_log_bases(expr if isinstance(expr, sp.Basic) else sp.sympify(expr, strict=True))
    order = "none" if as_written or is_unevaluated(shaped) else None
    return str(StepPrinter({"order": order}).doprint(shaped))


class ArgMin(sp.Function):
    r"""Unevaluated ``argmin_v f``: notation for "the value of v at which f is smallest".

    >>> t = sp.Symbol("theta")
    >>> to_latex(ArgMin(sp.Function("L")(t), t))
    '\\operatorname*{arg\\,min}_{\\theta} L{\\left(\\theta \\right)}'
    """

    nargs = 2

    def _latex(self, printer: LatexPrinter) -> str:
        body, var = (printer._print(a) for a in self.args)
        return rf"\operatorname*{{arg\,min}}_{{{var}}} {body}"
