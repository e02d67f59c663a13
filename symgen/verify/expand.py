"""The symbolic normal form: notation expanded by definitions on a symbolic finite model."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy as sp

from symgen.notation.operators import SupportSize
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    Notation,
    OutcomeSum,
    Prob,
    SelfInformation,
    Variance,
    is_outcome,
    is_random_variable,
    outcome_symbol,
    random_variable,
)
from symgen.parsing.budget import checkpoint as _checkpoint
from symgen.verify.assumptions import Independence, parse_independence
from symgen.verify.models import ModelError, averaged_variables, model_variables

__all__ = [
    "expand_measures",
    "free_outcomes",
    "joint",
    "literal_digits",
    "normal_form",
    "symbolic_zero",
]
_SIMPLIFY_OPS = 250
_SIMPLIFY_DIGITS = 12
_MAX_EXPANSION = 2000


# --------------------------------------------------------------------------- expansion
def _out(sym: sp.Basic) -> sp.Symbol:
    """Outcome symbol for a variable or outcome: ``X -> x``, ``x -> x``.

    Assumptions are dropped (an outcome is named by its spelling only, as in the models), so
    ``Symbol("x", real=True)`` and ``Symbol("x")`` are the same outcome.
    """
    return outcome_symbol(sym) if is_random_variable(sym) else sp.Symbol(sym.name)


def _rv_key(sym: sp.Symbol) -> tuple[str, str]:
    return (random_variable(sym).name, sym.name)


def joint(law: sp.Basic, outcomes: Iterable[sp.Basic]) -> sp.Expr:
    """Canonical joint atom ``law(x, y, ...)`` with outcomes sorted; the empty joint is 1."""
    outs = sorted(dict.fromkeys(_out(s) for s in outcomes), key=_rv_key)
    if not outs:
        return sp.Integer(1)
    return Prob(law, sp.Tuple(*outs), sp.Tuple())


def _osum(body: sp.Expr, over: Iterable[sp.Basic]) -> sp.Expr:
    outs = tuple(dict.fromkeys(_out(s) for s in over))
    return OutcomeSum(body, sp.Tuple(*outs)) if outs else body


@dataclass(frozen=True)
class _Context:
    rvs: tuple[sp.Symbol, ...]
    assumes: tuple[Independence, ...] = ()


def expand_measures(
    expr: sp.Basic, *, rvs: Sequence[sp.Symbol] | None = None, assumes: Sequence[Any] = ()
) -> sp.Expr:
    """Rewrite every notation object by its definition over a symbolic finite model.

    ``rvs`` are the random variables that measures of whole laws (H(P), D_KL(P || Q)) sum
    over; by default those the expression names (or ``X`` if it names none).

    >>> from symgen.notation.symbols import P
    >>> a, b = sp.symbols("a b")
    >>> str(expand_measures(P(a, given=b)))
    'P(a, b)/P(b)'
    """
    if rvs is None:
        rvs = model_variables([expr], ())
    ctx = _Context(tuple(rvs), tuple(_independences(assumes)[0]))
    return _expand(expr, ctx)


def _expand(expr: sp.Basic, ctx: _Context) -> sp.Expr:
    if isinstance(expr, Notation):
        handler = _EXPANDERS.get(type(expr))
        if handler is None:
            raise ModelError(f"no definition to expand {type(expr).__name__}")
        return handler(expr, ctx)
    if not expr.args:
        if isinstance(expr, sp.Symbol) and random_variable(expr) in ctx.rvs:
            return _out(expr)
        return expr
    return expr.func(*(_expand(a, ctx) for a in expr.args))


def _prob(expr: Prob, ctx: _Context) -> sp.Expr:
    num = _factorise(joint(expr.dist, (*expr.variables, *expr.given)), ctx)
    if not expr.given:
        return num
    return num / _factorise(joint(expr.dist, expr.given), ctx)


def _conditional_log(law: sp.Basic, head: Sequence, given: Sequence, ctx: _Context) -> sp.Expr:
    full = _factorise(joint(law, (*head, *given)), ctx)
    return full, sp.log(full / _factorise(joint(law, given), ctx))


def _entropy(expr: Entropy, ctx: _Context) -> sp.Expr:
    if not expr.variables:
        full = _factorise(joint(expr.dist, ctx.rvs), ctx)
        return -_osum(full * sp.log(full), ctx.rvs)
    full, log_cond = _conditional_log(expr.dist, expr.variables, expr.given, ctx)
    return -_osum(full * log_cond, (*expr.variables, *expr.given))


def _mutual_information(expr: MutualInformation, ctx: _Context) -> sp.Expr:
    law, left, right, given = expr.dist, expr.left, expr.right, expr.given

    def j(*parts: Sequence) -> sp.Expr:
        return _factorise(joint(law, itertools.chain(*parts)), ctx)

    full = j(left, right, given)
    ratio = full * j(given) / (j(left, given) * j(right, given))
    return _osum(full * sp.log(ratio), (*left, *right, *given))


def _self_information(expr: SelfInformation, ctx: _Context) -> sp.Expr:
    return -sp.log(_factorise(joint(expr.dist, expr.variables), ctx))


def _two_laws(expr: Any, ctx: _Context) -> tuple[sp.Expr, sp.Expr, tuple]:
    p, q = expr.p, expr.q
    if isinstance(p, Prob) and isinstance(q, Prob):
        return _prob(p, ctx), _prob(q, ctx), tuple(p.variables)
    return (
        _factorise(joint(p, ctx.rvs), ctx),
        _factorise(joint(q, ctx.rvs), ctx),
        ctx.rvs,
    )


def _cross_entropy(expr: CrossEntropy, ctx: _Context) -> sp.Expr:
    p, q, over = _two_laws(expr, ctx)
    return -_osum(p * sp.log(q), over)


def _kl(expr: KLDivergence, ctx: _Context) -> sp.Expr:
    p, q, over = _two_laws(expr, ctx)
    return _osum(p * sp.log(p / q), over)


def _jsd(expr: JSDivergence, ctx: _Context) -> sp.Expr:
    p, q, over = _two_laws(expr, ctx)
    m = (p + q) / 2
    return _osum(p * sp.log(p / m) / 2 + q * sp.log(q / m) / 2, over)


def _expectation(expr: Expectation, ctx: _Context) -> sp.Expr:
    over = expr.over
    if isinstance(over, Prob):
        return _osum(_prob(over, ctx) * _expand(expr.body, ctx), over.variables)
    law = DEFAULT_DIST if over == sp.Tuple() else over
    rvs = sorted(averaged_variables(expr), key=str)
    return _osum(_factorise(joint(law, rvs), ctx) * _expand(expr.body, ctx), rvs)


def _mean(rv: sp.Symbol, ctx: _Context) -> sp.Expr:
    x = _out(rv)
    return _osum(_factorise(joint(DEFAULT_DIST, (x,)), ctx) * x, (x,))


def _variance(expr: Variance, ctx: _Context) -> sp.Expr:
    x = _out(expr.args[0])
    return _osum(_factorise(joint(DEFAULT_DIST, (x,)), ctx) * x**2, (x,)) - _mean(x, ctx) ** 2


def _covariance(expr: Covariance, ctx: _Context) -> sp.Expr:
    x, y = (_out(s) for s in expr.args)
    both = _osum(_factorise(joint(DEFAULT_DIST, (x, y)), ctx) * x * y, (x, y))
    return both - _mean(x, ctx) * _mean(y, ctx)


def _outcome_sum(expr: OutcomeSum, ctx: _Context) -> sp.Expr:
    return _osum(_expand(expr.body, ctx), expr.over)


_EXPANDERS: dict[type, Any] = {
    Prob: _prob,
    Entropy: _entropy,
    MutualInformation: _mutual_information,
    SelfInformation: _self_information,
    CrossEntropy: _cross_entropy,
    KLDivergence: _kl,
    JSDivergence: _jsd,
    Expectation: _expectation,
    Variance: _variance,
    Covariance: _covariance,
    OutcomeSum: _outcome_sum,
    SupportSize: lambda expr, ctx: expr,  # |X|: a positive integer the model fixes
}


def _factorise(atom: sp.Expr, ctx: _Context) -> sp.Expr:
    """Apply declared independences: P(A, B, C) = P(A, C) P(B, C) / P(C) when A ⊥ B | C."""
    # independences are assumed of the default law P only
    if not isinstance(atom, Prob) or not ctx.assumes or atom.dist != DEFAULT_DIST:
        return atom
    outs = {random_variable(s): s for s in atom.variables}
    have = set(outs)
    for ind in ctx.assumes:
        left, right = have & ind.left, have & ind.right
        if left and right and ind.given <= have and have <= ind.left | ind.right | ind.given:
            c = [outs[v] for v in ind.given]
            a = joint(atom.dist, [*(outs[v] for v in left), *c])
            b = joint(atom.dist, [*(outs[v] for v in right), *c])
            return _factorise(a, ctx) * _factorise(b, ctx) / _factorise(joint(atom.dist, c), ctx)
    return atom


# --------------------------------------------------------------------------- normal form
def normal_form(expr: sp.Expr) -> sp.Expr:
    """Linear normal form of an expanded expression: logs split, sums marginalised.

    >>> from symgen.notation.symbols import P, Sum
    >>> a, b = sp.symbols("a b")
    >>> normal_form(expand_measures(Sum(P(a, b), b)))
    P(a)
    """
    return _lin(expr)


def _expand_all(expr: sp.Expr) -> sp.Expr:
    # log((p + q)/2): SymPy distributes the 1/2 into the sum; take the content out again
    # so that expand_log can split off -log 2.
    expr = expr.replace(
        lambda e: isinstance(e, sp.log) and e.args[0].has(sp.Add),
        lambda e: sp.log(sp.factor_terms(e.args[0])),
    )
    return sp.expand(sp.expand_log(expr), log=False)


def _lin(expr: sp.Expr) -> sp.Expr:
    if not expr.has(OutcomeSum):
        return _expand_all(expr)
    if isinstance(expr, OutcomeSum):
        body = _lin(expr.body)
        return sp.Add(*(_sum_term(t, tuple(expr.over)) for t in sp.Add.make_args(body)))
    if isinstance(expr, sp.Add):
        return sp.Add(*(_lin(a) for a in expr.args))
    if isinstance(expr, sp.Mul):
        return sp.expand(sp.Mul(*(_lin(a) for a in expr.args)), log=False)
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0:
        return sp.expand(_lin(expr.base) ** expr.exp, log=False)
    if isinstance(expr, sp.log):
        return sp.expand_log(sp.log(_lin(expr.args[0])))
    return expr.func(*(_lin(a) for a in expr.args))


def _fresh(sym: sp.Symbol, taken: set[sp.Basic]) -> sp.Symbol:
    base = _out(random_variable(sym)).name
    k = 0
    while sp.Symbol(base + "'" * k) in taken:
        k += 1
    return sp.Symbol(base + "'" * k)


def _sum_term(term: sp.Expr, over: tuple[sp.Symbol, ...]) -> sp.Expr:
    """sum over ``over`` of one monomial, in canonical factorised form."""
    factors = list(sp.Mul.make_args(term))
    bound = list(over)
    factors, bound = _flatten(factors, bound)
    outside: list[sp.Expr] = []
    changed = True
    while changed:
        changed = False
        inside: list[sp.Expr] = []
        for f in factors:
            (inside if f.free_symbols & set(bound) else outside).append(f)
        factors = inside
        for v in list(bound):
            new = _marginalise(factors, v)
            if new is not None:
                factors, changed = new, True
                bound.remove(v)
                break
    return sp.Mul(*outside, *(_component(fs, bs) for fs, bs in _components(factors, bound)))


def _flatten(factors: list[sp.Expr], bound: list[sp.Symbol]) -> tuple[list, list]:
    """Merge nested sums into one, renaming inner bound outcomes that clash."""
    out: list[sp.Expr] = []
    nested = []
    for f in factors:
        if isinstance(f, OutcomeSum):
            nested.append(f)
        elif isinstance(f, sp.Pow) and isinstance(f.base, OutcomeSum) and f.exp.is_Integer:
            nested += [f.base] * int(f.exp) if f.exp > 0 else [f]
        else:
            out.append(f)
    bound = list(bound)
    for inner in nested:
        if not isinstance(inner, OutcomeSum):
            out.append(inner)
            continue
        taken = set(bound) | set().union(*(f.free_symbols for f in out)) | inner.body.free_symbols
        renames = {}
        for v in inner.over:
            new = _fresh(v, taken) if v in taken - set(inner.over) or v in bound else v
            taken.add(new)
            renames[v] = new
        bound += list(renames.values())
        out += list(sp.Mul.make_args(_lin(inner.body.xreplace(renames))))
    return out, bound


def _marginalise(factors: list[sp.Expr], v: sp.Symbol) -> list[sp.Expr] | None:
    """sum_v P(.., v, ..) -> P(..) when v occurs in that single factor only; sum_v 1 -> |V|."""
    holders = [i for i, f in enumerate(factors) if v in f.free_symbols]
    if not holders:
        size = sp.Symbol(f"|{random_variable(v)}|", positive=True, integer=True)
        return [*factors, size]
    if len(holders) != 1:
        return None
    f = factors[holders[0]]
    if not isinstance(f, Prob) or f.given:
        return None
    rest = joint(f.dist, [s for s in f.variables if s != v])
    return [*factors[: holders[0]], rest, *factors[holders[0] + 1 :]]


def _components(factors: list[sp.Expr], bound: list[sp.Symbol]) -> list[tuple[list, list]]:
    """Split a sum into independent sums (factors sharing no bound outcome)."""
    groups: list[tuple[list, set]] = []
    for f in factors:
        mine = f.free_symbols & set(bound)
        merged = [g for g in groups if g[1] & mine]
        fs, bs = [f], set(mine)
        for g in merged:
            fs, bs = g[0] + fs, g[1] | bs
            groups.remove(g)
        groups.append((fs, bs))
    return [(fs, sorted(bs, key=_rv_key)) for fs, bs in groups]


def _component(factors: list[sp.Expr], bound: list[sp.Symbol]) -> sp.Expr:
    """One canonical sum: bound outcomes renamed x, x', ... in a fixed order."""
    body = sp.Mul(*factors)
    taken = body.free_symbols - set(bound)
    renames = {}
    for v in sorted(bound, key=lambda s: (random_variable(s).name, sp.default_sort_key(body))):
        new = _fresh(v, taken)
        taken.add(new)
        renames[v] = new
    body = body.xreplace(renames)
    return OutcomeSum(body, sp.Tuple(*sorted(renames.values(), key=_rv_key)))


def _expansion_size(expr: sp.Expr) -> int:
    """Rough number of terms that expanding the powers of sums in ``expr`` would create."""
    worst = 1
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_Integer and isinstance(node.base, sp.Add):
            n, k = abs(int(node.exp)), len(node.base.args)
            worst = max(worst, math.comb(n + k - 1, k - 1) if n < 10_000 else 10**9)
    return worst


def symbolic_zero(diff: sp.Expr, *, simplify: bool = True) -> bool:
    """True only when the normal form of ``diff`` is 0 (a failed simplification is False).

    Expressions whose expansion would explode (a sum to a large power) are not attempted.
    """
    if _expansion_size(diff) > _MAX_EXPANSION:
        return False
    _checkpoint()
    form = normal_form(diff)
    if form == 0:
        return True
    if not simplify or sp.count_ops(form) > _SIMPLIFY_OPS or not _simplify_is_safe(form):
        return False
    return bool(sp.simplify(form) == 0)


def _simplify_is_safe(form: sp.Expr) -> bool:
    """``sp.simplify`` can run for minutes on sin(10^300 p) or binomial(10^6 p, 1000).

    It is tried only on forms whose functions are log and exp and whose numbers are short.
    """
    if literal_digits([form]) > _SIMPLIFY_DIGITS:
        return False
    return all(isinstance(f, (sp.log, sp.exp)) for f in form.atoms(sp.Function))


# --------------------------------------------------------------------------- numeric side
def _independences(assumes: Sequence[Any]) -> tuple[list[Independence], list[str]]:
    indeps, other = [], []
    for a in assumes:
        ind = a if isinstance(a, Independence) else parse_independence(str(a))
        if ind is None:
            other.append(str(a))
        else:
            indeps.append(ind)
    return indeps, other


def literal_digits(exprs: Iterable[sp.Basic]) -> int:
    """Most decimal digits of any number written in the expressions (10^-40 has 41).

    >>> literal_digits([sp.Rational(1, 10**40) + sp.Symbol("x")])
    41
    """
    worst = 0
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Rational):
                worst = max(worst, len(str(abs(node.p))), len(str(node.q)))
            elif isinstance(node, sp.Float):
                worst = max(worst, mpmath.libmp.prec_to_dps(node._prec))
    return worst


def free_outcomes(expr: sp.Basic, bound: frozenset = frozenset()) -> set[sp.Symbol]:
    """Random variables whose *assigned* outcome the value of ``expr`` depends on.

    Sums, expectations and measures bind their variables: H(X) depends on no outcome,
    P(a | b) on those of A and B, D_KL(q(z | x) || p(z | x)) on that of X only.

    >>> from symgen.notation.symbols import H, P
    >>> a, b, X = sp.symbols("a b X")
    >>> sorted(map(str, free_outcomes(P(a, given=b) + H(X))))
    ['A', 'B']
    """
    if isinstance(expr, sp.Symbol):
        rv = random_variable(expr)
        return {rv} if (is_outcome(expr) or is_random_variable(expr)) and rv not in bound else set()
    if isinstance(expr, OutcomeSum):
        return free_outcomes(expr.body, bound | {random_variable(s) for s in expr.over})
    if isinstance(expr, Expectation):
        return _free_in_expectation(expr, bound)
    if isinstance(expr, (CrossEntropy, KLDivergence, JSDivergence)):
        inner = bound | {random_variable(s) for s in getattr(expr.p, "variables", ())}
        return free_outcomes(expr.p, inner) | free_outcomes(expr.q, inner)
    if isinstance(expr, (Entropy, MutualInformation, Variance, Covariance)):
        return set()
    found: set[sp.Symbol] = set()
    for arg in expr.args:
        found |= free_outcomes(arg, bound)
    return found


def _free_in_expectation(expr: Expectation, bound: frozenset) -> set[sp.Symbol]:
    over = expr.over
    if isinstance(over, Prob):
        inner = bound | {random_variable(s) for s in over.variables}
        return free_outcomes(over, inner) | free_outcomes(expr.body, inner)
    return free_outcomes(expr.body, bound | averaged_variables(expr))
