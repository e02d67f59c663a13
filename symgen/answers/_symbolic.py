"""Exact and symbolic confirmation of an equality seen at the sample points.

Rational functions are decided exactly; other answers are confirmed by cheap rewriting, first
plain, then *domain-aware*: ``abs(u)`` is ``u`` where ``u >= 0`` on the symbols' domain
(``abs(1 - p) = 1 - p`` for a probability ``p``), ``-u`` where ``u <= 0``; ``abs`` and roots
see their argument factored (``abs(x^2 - 4) = abs(x - 2) abs(x + 2)``,
``sqrt(12 + 4x) = 2 sqrt(3 + x)``); ``sqrt(x^2) = abs(x)`` for real ``x`` (SymPy's own rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from symgen.core.parameters import is_probability_symbol
from symgen.parsing.budget import checkpoint

if TYPE_CHECKING:
    from symgen.answers._sampling import _Session

_CONFIRM_MAX_OPS = 60
_SETTLED = ("exact", "symbolic", "numeric")
_NON_ANALYTIC = (
    sp.Abs,
    sp.sign,
    sp.floor,
    sp.ceiling,
    sp.Max,
    sp.Min,
    sp.Piecewise,
    sp.Heaviside,
    sp.frac,
)
_MAX_CANCEL_OPS = 400
_MAX_CANCEL_DEGREE = 64


def _settle(expected: sp.Expr, answer: sp.Expr, session: _Session) -> str:
    """How an equality seen at the sample points is confirmed, or why it is not.

    Rational functions are decided exactly (``"exact"``, or ``"different"`` when the
    numerator of the difference is not the zero polynomial); a finite set of points is
    never called exact. Non-analytic answers (``abs``, ``sign``, ``Max``...) can agree on
    the sampled range only, so they need a symbolic proof, else ``"undecidable"``.
    Otherwise ``"symbolic"`` when cheap rewriting proves it, else ``"numeric"``.
    """
    checkpoint()
    if expected == answer:
        return "exact"
    if not session.symbols:
        return "symbolic" if confirm_symbolically(expected, answer) else "numeric"
    if _is_rational_function(expected) and _is_rational_function(answer):
        same = rational_equal(expected, answer)
        if same is not None:
            return "exact" if same else "different"
    elif expected.has(*_NON_ANALYTIC) or answer.has(*_NON_ANALYTIC):
        if confirm_symbolically(expected, answer) or confirm_on_domain(expected, answer):
            return "symbolic"
        return "undecidable"
    if branch_risk(answer, expected) is not None:
        # log((10-x)^2): another branch beyond the sampled range, unless the rewriting shows it
        return "symbolic" if confirm_on_domain(expected, answer) else "undecidable"
    return "symbolic" if confirm_symbolically(expected, answer) else "numeric"


def branch_risk(answer: sp.Expr, expected: sp.Expr) -> sp.Expr | None:
    """A sub-expression of ``answer`` that may change branch inside the domain, or None.

    ``log(u)`` and ``u**(1/2)`` are single analytic pieces only while ``u > 0``; with
    ``u = (10 - x)**2`` the answer is ``|10 - x|`` in disguise and agrees with ``10 - x`` on
    the sampled range only. Likewise ``atan`` of an argument with a pole
    (``atan(tan(x/100))``). Such nodes, unless ``u`` is provably positive on the domain or
    the expected value has the same node, leave an equality undecided.

    >>> x = sp.Symbol("x", positive=True)
    >>> branch_risk(sp.log((10 - x) ** 2), x), branch_risk(sp.log(x + 1), x)
    (log((10 - x)**2), None)
    """
    shared = set(sp.preorder_traversal(expected))
    for node in sp.preorder_traversal(answer):
        if node in shared or not node.free_symbols:
            continue
        if isinstance(node, sp.log) or (isinstance(node, sp.Pow) and not node.exp.is_Integer):
            if not _positive_on_domain(node.args[0]):
                return node
        elif isinstance(node, _INVERSE) and _has_pole(node.args[0]):
            return node  # atan(tan(x/100)), asin(sin(x/100)): x/100 on part of the line only
    return None


def _positive_on_domain(value: sp.Expr) -> bool:
    """True when SymPy proves ``value > 0`` for every point of the symbols' domains."""
    if not value.free_symbols:
        return bool(value.is_positive)
    swap: dict[sp.Symbol, sp.Expr] = {}
    for symbol in value.free_symbols:
        if is_probability_symbol(symbol):  # p = 1/(1+t), t > 0, makes 1 - p visibly > 0
            swap[symbol] = 1 / (1 + sp.Dummy(positive=True))
        elif not symbol.is_positive:
            return value.is_positive is True
    if value.is_positive is True:
        return True
    if sp.count_ops(value) > _CONFIRM_MAX_OPS or _has_big_power(value):
        return False
    numerator, denominator = sp.fraction(sp.together(value.xreplace(swap)))
    return all(sp.factor(part).is_positive is True for part in (numerator, denominator))


_INVERSE = (sp.asin, sp.acos, sp.atan, sp.acot, sp.asec, sp.acsc)
_PERIODIC = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def _has_pole(value: sp.Expr) -> bool:
    return any(
        isinstance(node, _PERIODIC)
        or (
            isinstance(node, sp.Pow)
            and node.exp.is_negative
            and bool(node.base.free_symbols)
            and not _positive_on_domain(node.base)
        )
        for node in sp.preorder_traversal(value)
    )


def rational_equal(lhs: sp.Expr, rhs: sp.Expr) -> bool | None:
    """Exactly decide ``lhs == rhs`` for rational functions; None when over the size budget.

    >>> p = sp.Symbol("p")
    >>> rational_equal(1 / (1 - p) - 1, p / (1 - p)), rational_equal(p**2, p)
    (True, False)
    """
    diff = lhs - rhs
    if diff == 0:
        return True
    if sp.count_ops(diff) > _MAX_CANCEL_OPS or _max_exponent(diff) > _MAX_CANCEL_DEGREE:
        return None
    numerator, _ = sp.fraction(sp.together(diff))
    return bool(sp.expand(numerator) == 0)


def _max_exponent(expr: sp.Expr) -> int:
    return max(
        (
            abs(int(node.exp))
            for node in sp.preorder_traversal(expr)
            if isinstance(node, sp.Pow) and node.exp.is_Integer
        ),
        default=0,
    )


def confirm_symbolically(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when cheap rewriting proves ``lhs - rhs == 0``; False proves nothing.

    Logs are expanded with ``force=True``: the caller uses it only after the equality was
    seen numerically on the domain (both signs for real symbols) and ``branch_risk`` found
    no logarithm or root of the answer whose argument may vanish inside the domain.

    >>> p = sp.Symbol("p", positive=True)
    >>> confirm_symbolically(sp.log(p / 2), sp.log(p) - sp.log(2))
    True
    """
    diff = lhs - rhs
    if diff == 0:
        return True
    if sp.count_ops(diff) > _CONFIRM_MAX_OPS or _has_big_power(diff):
        return False  # expansion could blow up: the numeric verdict stands alone
    expanded = sp.expand(sp.expand_log(diff, force=True))
    if expanded == 0:
        return True
    return not expanded.has(sp.log) and sp.cancel(sp.together(expanded)) == 0


def _has_big_power(expr: sp.Expr) -> bool:
    return any(
        isinstance(node, sp.Pow) and node.exp.is_Integer and abs(int(node.exp)) > 8
        for node in sp.preorder_traversal(expr)
    )


def _is_rational_function(expr: sp.Expr) -> bool:
    return all(
        isinstance(node, sp.Symbol | sp.Rational | sp.Add | sp.Mul)
        or (isinstance(node, sp.Pow) and node.exp.is_Integer)
        for node in sp.preorder_traversal(expr)
    )


_MAX_REWRITE_OPS = 200


def confirm_on_domain(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when domain-aware rewriting of both sides proves them equal; False proves nothing.

    Every rewrite is an identity on the domain of the symbols (see the module docstring), and
    no logarithm is expanded by force, so this holds wherever both sides are defined.

    >>> from symgen.core.parameters import symbols
    >>> p, q = sp.Symbol("p", positive=True), symbols("q", probability=True)
    >>> confirm_on_domain(sp.Abs(1 - q), 1 - q), confirm_on_domain(sp.Abs(1 - p), 1 - p)
    (True, False)
    """
    if sp.count_ops(lhs) + sp.count_ops(rhs) > _MAX_REWRITE_OPS:
        return False
    return any(
        _vanishes(_on_domain(lhs, signs) - _on_domain(rhs, signs)) for signs in (False, True)
    )


def _vanishes(diff: sp.Expr) -> bool:
    if diff == 0:
        return True
    if _has_big_power(diff) or sp.count_ops(diff) > _MAX_REWRITE_OPS:
        return False
    checkpoint()
    expanded = sp.expand(diff)
    return expanded == 0 or sp.cancel(sp.together(expanded)) == 0


# identities for every real argument: hyperbolic functions through exp, asinh through log
_REAL_FORMS = {
    sp.sinh: lambda u: (sp.exp(u) - sp.exp(-u)) / 2,
    sp.cosh: lambda u: (sp.exp(u) + sp.exp(-u)) / 2,
    sp.tanh: lambda u: (sp.exp(2 * u) - 1) / (sp.exp(2 * u) + 1),
    sp.asinh: lambda u: sp.log(u + sp.sqrt(u**2 + 1)),
}


def _on_domain(expr: sp.Expr, signs: bool = False) -> sp.Expr:
    """``expr`` with roots and absolute values rewritten by identities valid on the domain;
    with ``signs``, an ``abs(u)`` of undetermined sign becomes ``u*sign(u)`` (real ``u``)."""
    if not expr.args or expr.is_Atom:
        return expr
    args = [_on_domain(a, signs) for a in expr.args]
    if isinstance(expr, sp.Abs):
        inner = sp.factor(args[0])
        if _nonnegative_on_domain(inner):
            return inner
        if _nonnegative_on_domain(-inner):
            return -inner
        return inner * sp.sign(inner) if signs and inner.is_real else sp.Abs(inner)
    if isinstance(expr, sp.Pow) and expr.exp.is_Rational and not expr.exp.is_Integer:
        return sp.Pow(sp.factor(args[0]), expr.exp)
    form = _REAL_FORMS.get(type(expr))
    if form is not None and args[0].is_real:
        return form(args[0])
    return expr.func(*args)


def _nonnegative_on_domain(value: sp.Expr) -> bool:
    """True when SymPy proves ``value >= 0`` for every point of the symbols' domains."""
    if value.is_nonnegative:
        return True
    swap: dict[sp.Symbol, sp.Expr] = {}
    for symbol in value.free_symbols:
        if is_probability_symbol(symbol):
            swap[symbol] = 1 / (1 + sp.Dummy(positive=True))
    if not swap:
        return False
    return sp.factor_terms(sp.together(value.xreplace(swap))).is_nonnegative is True
