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
    '\\\\log_{2} x'
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

    def _latex(self, printer: LatexPrinter, exp: str | None = None) -> str:
        arg, base = self.args
        return _log_tex(printer, arg, base, exp)


class StepPrinter(LatexPrinter):
    """LatexPrinter in textbook style: log bases kept, human term order, ``\\log x``.

    Sums lead with a positive term (``1 - p``, ``p - 1``,
    ``\\mathbb{E}[X^{2}] - \\mathbb{E}[X]^{2}``), a sum whose terms share a fractional
    coefficient prints it once in front (``\\frac{1}{2}\\left(\\mu^{2} + \\sigma^{2} - 1\\right)``),
    a sum of negated terms is a negated sum (``-\\sum_{x} P(x) \\log P(x)``) and ``\\log``
    takes an atom without parentheses.
    """

    printmethod = "_latex"

    def _print(self, expr: object, **kwargs: object) -> str:
        negated = _negated_sum(expr)
        if negated is not None:
            return "- " + str(super()._print(negated, **kwargs))
        return str(super()._print(expr, **kwargs))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        terms = _human_order(self._as_ordered_terms(expr, order=order))
        common = _common_fraction(terms)
        if common is not None:
            inner = [_scaled(t, 1 / common) for t in terms]
            return rf"{self._print(common)} \left({self._join_terms(_human_order(inner))}\right)"
        return self._join_terms(terms)

    def _join_terms(self, terms: list[sp.Expr]) -> str:
        tex = ""
        for i, term in enumerate(terms):
            if i and term.could_extract_minus_sign():
                tex += " - "
                term = _negate(term)
            elif i:
                tex += " + "
            term_tex = self._print(term)
            if self._needs_add_brackets(term):
                term_tex = rf"\left({term_tex}\right)"
            tex += term_tex
        return tex

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        if len(expr.args) == 2 and expr.args[1] != sp.E:
            return _log_tex(self, expr.args[0], expr.args[1], exp)
        return _log_tex(self, expr.args[0], None, exp)

    def _print_Mul(self, expr: sp.Mul) -> str:
        # An unevaluated quotient such as (1/12) / (1/6) is shown as one fraction, as written.
        den = [f for f in expr.args if f.is_Pow and f.exp == -1]
        if len(den) == 1 and expr.func(*expr.args).args != expr.args:
            num = [f for f in expr.args if f is not den[0]]
            top = sp.Mul(*num, evaluate=False) if len(num) > 1 else num[0]
            return rf"\frac{{{self._print(top)}}}{{{self._print(den[0].base)}}}"
        if expr.func(*expr.args).args != expr.args or self._fraction_coefficient(expr):
            return self._factors_as_written(expr.args)
        if _log_with_fraction(expr):
            coeff, rest = expr.as_coeff_Mul()
            sign = "- " if coeff < 0 else ""
            return rf"{sign}{self._print(abs(coeff))} {self._print(rest)}"
        flipped = _flip_sign_into_bracket(expr)
        if flipped is not None:
            return self._factors_as_written(flipped)
        logs_last = _logs_last(expr)
        if logs_last is not None:
            return self._factors_as_written(logs_last)
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


def _negate(term: sp.Expr) -> sp.Expr:
    """-term, keeping an unevaluated product unevaluated."""
    if isinstance(term, sp.Mul) and term.args and term.args[0].is_Number:
        coeff = -term.args[0]
        rest = term.args[1:]
        if coeff == 1 and rest:
            return rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
        return sp.Mul(coeff, *rest, evaluate=False)
    return -term


def _logs_last(expr: sp.Mul) -> tuple[sp.Basic, ...] | None:
    """Factors of a product with its logs moved to the end (``P(x) \\log P(x)``), or None."""
    factors = expr.as_ordered_factors()
    if any(f.is_Pow and f.exp.is_negative for f in factors):
        return None
    logs = [f for f in factors if _is_log(f)]
    rest = [f for f in factors if not _is_log(f)]
    if not logs or not rest or factors == [*rest, *logs]:
        return None
    return (*rest, *logs)


def _flip_sign_into_bracket(expr: sp.Mul) -> tuple[sp.Basic, ...] | None:
    """-c p (p - 1) as c p (1 - p): a negative product absorbs its sign into ``x - 1``."""
    coeff, rest = expr.as_coeff_Mul()
    factors = sp.Mul.make_args(rest)
    brackets = [f for f in factors if isinstance(f, sp.Add)]
    if not coeff.is_negative or len(brackets) != 1 or len(brackets[0].args) != 2:
        return None
    if not any(a.is_Number and a.is_negative for a in brackets[0].args):
        return None
    if any(f.is_Pow and f.exp.is_negative for f in factors):
        return None
    lead = () if coeff == -1 else (-coeff,)
    return (*lead, *(f for f in factors if f is not brackets[0]), -brackets[0])


def _is_log(factor: sp.Basic) -> bool:
    base = factor.base if isinstance(factor, sp.Pow) else factor
    return isinstance(base, sp.log | LogBase)


def _flip_bracket(term: sp.Expr) -> sp.Expr:
    """(p - 1) log(1 - p) as -((1 - p) log(1 - p)): the bracket as the log argument reads."""
    if not isinstance(term, sp.Mul):
        return term
    for factor in term.args:
        if isinstance(factor, sp.Add) and any(
            a is not factor and a.has(-factor) for a in term.args
        ):
            rest = [a for a in term.args if a is not factor]
            return sp.Mul(sp.Integer(-1), sp.Mul(-factor, *rest, evaluate=False), evaluate=False)
    return term


def _human_order(terms: list[sp.Expr]) -> list[sp.Expr]:
    """Positive terms first, then negative ones, each group in the order given."""
    terms = [_flip_bracket(t) for t in terms]
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    return positive + [t for t in terms if t.could_extract_minus_sign()] if positive else terms


def _coefficient(term: sp.Expr) -> sp.Expr:
    if isinstance(term, sp.Mul) and term.args and term.args[0].is_Rational:
        return sp.Mul(*(a for a in term.args if a.is_Rational))
    return term if term.is_Rational else sp.Integer(1)


def _common_fraction(terms: list[sp.Expr]) -> sp.Rational | None:
    """1/d when at least three terms all have a non-integer coefficient with denominator d."""
    if len(terms) < 3:
        return None
    coeffs = [_coefficient(t) for t in terms]
    rests = [
        _scaled(t, 1 / c) if c.is_Rational and c else t for t, c in zip(terms, coeffs, strict=True)
    ]
    if sum(1 for r in rests if r.is_Number) > 1 or len(set(rests)) < len(rests):
        return None  # 1/6 + 1/6 + 1/6, or a written-out sum of equal terms: keep every term
    dens = {c.q for c in coeffs if c.is_Rational}
    if len(dens) != 1 or not all(c.is_Rational and not c.is_Integer for c in coeffs):
        return None
    return sp.Rational(1, dens.pop())


def _scaled(term: sp.Expr, factor: sp.Expr) -> sp.Expr:
    """factor * term with the rational coefficients merged, other factors kept as they are."""
    coeff = _coefficient(term) * factor
    rest = [a for a in sp.Mul.make_args(term) if not a.is_Rational] if not term.is_Rational else []
    if not rest:
        return coeff
    body = rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
    if coeff == 1:
        return body
    if coeff == -1:
        return sp.Mul(sp.Integer(-1), body, evaluate=False)
    return sp.Mul(coeff, body, evaluate=False)


def _negated_sum(expr: object) -> sp.Expr | None:
    """Sum over x of -f(x), as the sum of f(x) (printed after a minus sign), else None."""
    from symgen.notation.symbols import OutcomeSum

    if isinstance(expr, OutcomeSum) and expr.body.could_extract_minus_sign():
        return expr.func(_negate(expr.body), expr.over)
    if isinstance(expr, sp.Sum) and expr.function.could_extract_minus_sign():
        return sp.Sum(_negate(expr.function), *expr.limits)
    return None


def _log_with_fraction(expr: sp.Mul) -> bool:
    """c * log(...) with a non-integer rational c: print c in front, as in (3/4) log 3."""
    coeff, rest = expr.as_coeff_Mul()
    if not coeff.is_Rational or coeff.is_Integer:
        return False
    factors = sp.Mul.make_args(rest)
    if any(f.is_Pow and f.exp.is_negative for f in factors):
        return False
    return any(isinstance(f, sp.log | LogBase) for f in factors)


def _is_log_atom(arg: sp.Basic) -> bool:
    """Arguments that read unambiguously after ``\\log`` without parentheses."""
    if arg.is_Symbol or arg.is_Integer or isinstance(arg, sp.Indexed):
        return not arg.is_Integer or arg.is_nonnegative
    if arg.is_Rational:
        return arg.is_positive
    if isinstance(arg, sp.Pow):
        base = arg.base
        simple = base.is_Symbol or isinstance(
            base, sp.Indexed | sp.Function | sp.core.function.AppliedUndef
        )
        return bool(simple) and (arg.exp.is_Integer or arg.exp.is_Rational)
    if isinstance(arg, sp.Mul):
        num, den = sp.fraction(arg)
        return den != 1 and not (num.is_Add or den.is_Add) and _is_log_atom_product(num, den)
    return isinstance(arg, sp.Function) or _is_notation(arg)


def _is_log_atom_product(num: sp.Expr, den: sp.Expr) -> bool:
    return all(not isinstance(f, sp.Add) for f in (*sp.Mul.make_args(num), *sp.Mul.make_args(den)))


def _is_notation(arg: sp.Basic) -> bool:
    from symgen.notation.symbols import Notation

    return isinstance(arg, Notation) or type(arg).__name__ == "Term"


def _log_tex(printer: LatexPrinter, arg: sp.Basic, base: sp.Basic | None, exp: str | None) -> str:
    head = r"\log" if base is None else rf"\log_{{{printer._print(base)}}}"
    if exp is not None:
        head += f"^{{{exp}}}"
    body = printer._print(arg)
    if _is_log_atom(arg) and not body.lstrip().startswith("-"):
        return f"{head} {body}"
    return rf"{head}\left({body}\right)"


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
    '\\log_{2} x'
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
