"""Check one link ``before = after`` (or ``>=``) symbolically and, independently, numerically.

Three verdicts, as in ``Expr.equals``: ``PROVED`` (the symbolic normal form of
``before - after`` is 0 *and* the numeric check agrees), ``NUMERIC_ONLY`` (equal on every
random model, no symbolic proof: a failed simplification proves nothing) and ``REFUTED``
(a random model where the sides differ: its exact tables and both values are returned).

Symbolic check: :func:`expand_measures` rewrites notation by definitions on a *symbolic*
finite model: ``P(a | b) -> P(a, b) / P(b)``, every measure as a sum over outcomes of joint
probabilities; then :func:`normal_form` splits logs of positive quantities (every ``Prob``
is positive; no ``force=True``, so ``log(p q)`` of signed reals stays whole), pulls constants
out of sums, marginalises (``sum_b P(a, b) -> P(a)``, ``sum_a P(a) -> 1``), applies declared
conditional independences (of the law ``P``) and splits sums into independent factors.
An inequality ``lhs >= rhs`` is proved when ``lhs - rhs`` has the normal form of 0, of a
positive number, or of one non-negative measure (D_KL, JSD, I, H, Var: Gibbs and its
relatives). A normal form that is a non-zero *number* (``H(X) = H(X) + 1e-40``) refutes.

Numeric check: 24 seeded random models from :mod:`symgen.verify.models` plus the adversarial kinds
(supports of 8-16 outcomes, cells down to 10^-50, values and parameters with 61-bit prime
denominators), 50 significant digits. Sides that agree to 50 digits are compared again at a
higher precision (>= 120 digits; more when the link writes long numbers, or when the
evaluator saw a sum whose terms differ by many orders of magnitude or exp/cos of a tiny
value), so a gap of 10^-40 is never taken for equality; a constant no precision up to 4000
digits separates from a rational is refused (InputTooLarge). An inequality no model breaks
and nothing proves gets a short local search (:func:`local_search`) for a counterexample.
:func:`time_budget` bounds a whole claim or chain (CheckTimeout).

NUMERIC_ONLY is evidence, not proof: :mod:`symgen.proof.claims` reports an inequality with that
status as not proved (``holds=None``); an equality keeps ``holds=True`` with the note
"numeric evidence only".

>>> import sympy as sp
>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> check_link(P(a, b), P(a, given=b) * P(b)).status.name
'PROVED'
>>> check_link(P(a, b), P(a) * P(b)).status.name
'REFUTED'
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import enum
import itertools
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from symgen.errors import CheckTimeout, InputTooLarge, ParseError
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
from symgen.verify.models import (
    ADVERSARIAL_KINDS,
    KINDS,
    MAX_VARIABLES,
    Independence,
    Model,
    ModelError,
    averaged_variables,
    evaluate,
    evaluate_tracked,
    exact_value,
    model_variables,
    parse_independence,
    random_model,
    scan,
)

__all__ = [
    "Counterexample",
    "LinkVerdict",
    "Status",
    "check_chain",
    "check_link",
    "expand_measures",
    "local_search",
    "normal_form",
    "time_budget",
]

TRIALS = 24
_TOL = mpmath.mpf(10) ** -30
_HIGH_DIGITS = 120  # precision of the second look at sides that agree to 50 digits
_GUARD_DIGITS = 30  # digits a true equality may lose to rounding at any precision
_MAX_DIGITS = 4000
_MAX_CONSTANTS = 24
_SEARCH_STEPS = 40
_EPS_NEAR = mpmath.mpf(10) ** -45
_SIMPLIFY_OPS = 250
_SIMPLIFY_DIGITS = 12
_MAX_EXPANSION = 2000
RELATIONS = ("=", ">=", "<=", ">", "<")


_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "symgen_verify_deadline", default=None
)
_LINK_CACHE: dict[tuple, LinkVerdict] = {}
_LINK_CACHE_SIZE = 512


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Checks inside the block raise CheckTimeout at their next step once ``seconds`` pass.

    The budget is checked between models and symbolic attempts (a single SymPy call is not
    interrupted); a nested budget never extends an outer one. ``None``: no budget.

    >>> with time_budget(0):
    ...     check_link("P(a,b)", "P(a|b) P(b)")
    Traceback (most recent call last):
    ...
    symgen.errors.CheckTimeout: the check took more than 0 s
    """
    if seconds is None:
        yield
        return
    deadline = (time.monotonic() + seconds, seconds)
    outer = _DEADLINE.get()
    token = _DEADLINE.set(deadline if outer is None or deadline < outer else outer)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _checkpoint() -> None:
    """Raise CheckTimeout when the current budget (if any) is spent."""
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() >= budget[0]:
        raise CheckTimeout(f"the check took more than {budget[1]:g} s")


class Status(enum.Enum):
    """Verdict of one link."""

    PROVED = "proved"
    NUMERIC_ONLY = "numeric_only"
    REFUTED = "refuted"


@dataclass(frozen=True)
class Counterexample:
    """A model on which a link fails, with both sides exactly and to 20 digits."""

    model: Model
    lhs: sp.Expr
    rhs: sp.Expr
    lhs_value: str
    rhs_value: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact values as text)."""
        return {
            "model": self.model.to_dict(),
            "lhs": str(self.lhs),
            "rhs": str(self.rhs),
            "lhs_value": self.lhs_value,
            "rhs_value": self.rhs_value,
        }

    def describe(self) -> str:
        """Human text: the model, then both sides."""
        return (
            f"{self.model.describe()}\nleft side = {self.lhs_value}\nright side = {self.rhs_value}"
        )


@dataclass(frozen=True)
class LinkVerdict:
    """Status, the reason in one line, and the counterexample when refuted."""

    status: Status
    reason: str
    counterexample: Counterexample | None = None
    relation: str = "="
    trials: int = 0
    symbolic: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True unless refuted."""
        return self.status is not Status.REFUTED

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": self.status.name,
            "reason": self.reason,
            "relation": self.relation,
            "trials": self.trials,
            "symbolic": self.symbolic,
            "notes": list(self.notes),
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.to_dict(),
        }


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


def _holds(relation: str, lhs: Any, rhs: Any, tol: Any = _TOL) -> bool | None:
    """Relation with a relative tolerance ``tol`` (1e-30 at 50 digits); None if undefined."""
    if mpmath.isnan(lhs) or mpmath.isnan(rhs):
        return None
    diff = None if mpmath.isinf(lhs) or mpmath.isinf(rhs) else lhs - rhs
    if relation == "=":
        return lhs == rhs if diff is None else abs(diff) <= tol * (1 + abs(lhs) + abs(rhs))
    if mpmath.im(lhs) != 0 or mpmath.im(rhs) != 0:
        return None  # log or sqrt of a negative value: the inequality means nothing here
    if diff is None:  # an infinite side: compare directly (oo >= oo, not oo > oo)
        if lhs == rhs:
            return relation in (">=", "<=")
        return bool({">=": lhs > rhs, ">": lhs > rhs, "<=": lhs < rhs, "<": lhs < rhs}[relation])
    slack = tol * (1 + abs(lhs) + abs(rhs))
    signed = diff if relation in (">=", ">") else -diff
    return signed >= -slack if relation in (">=", "<=") else signed > slack


def _close(lhs: Any, rhs: Any) -> bool:
    """The sides agree to within the 50-digit tolerance (an equality the check must confirm)."""
    if mpmath.isnan(lhs) or mpmath.isnan(rhs) or mpmath.isinf(lhs) or mpmath.isinf(rhs):
        return False
    return bool(abs(lhs - rhs) <= _TOL * (1 + abs(lhs) + abs(rhs)))


class _Unresolved(Exception):
    """The sides agree at every precision we are willing to use; the numbers cannot tell."""


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


def constant_digits(exprs: Iterable[sp.Basic]) -> int:
    """Digits needed to tell each constant (exp(exp(-300))) from the simple rational it is near.

    A constant within 10^-45 of a rational with denominator <= 10^6 that it does not equal
    would look equal to it at 50 digits; its gap is measured at rising precision. A constant
    no precision up to the limit separates, and that SymPy cannot show equal, is refused.

    >>> constant_digits([sp.exp(sp.exp(-300)) * sp.Symbol("x")]) > 130
    True
    """
    need = 0
    for const in _constants(exprs):
        with mpmath.workdps(70):
            v = _number(const, 60)
            if v is None or v == 0:
                continue
            near = Fraction(str(mpmath.nstr(v, 55))).limit_denominator(10**6)
            if abs(v - mpmath.mpf(near.numerator) / near.denominator) > _EPS_NEAR * (1 + abs(v)):
                continue
        need = max(need, _gap_digits(const, near))
    return need


def _constants(exprs: Iterable[sp.Basic]) -> list[sp.Expr]:
    """Numeric subexpressions that are not plain rationals: log(2), exp(exp(-300)), ..."""
    found = []
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if (
                isinstance(node, sp.Expr)
                and not isinstance(node, (sp.Rational, Notation))
                and not node.free_symbols
                and node.is_number
                and not node.has(Notation)
            ):
                found.append(node)
    return list(dict.fromkeys(found))[:_MAX_CONSTANTS]


def _number(const: sp.Expr, dps: int) -> Any:
    """``const`` at ``dps`` digits (inside a matching mpmath precision), None if unusable."""
    try:
        v = mpmath.mpmathify(sp.N(const, dps))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None
    if mpmath.im(v) != 0 or not mpmath.isfinite(v) or (v != 0 and abs(mpmath.mag(v)) > 10**4):
        return None
    return v


def _gap_digits(const: sp.Expr, near: Fraction) -> int:
    """Digits at which ``const`` shows its gap to ``near``; refuse when no precision does."""
    for dps in (200, 1000, _MAX_DIGITS):
        with mpmath.workdps(dps + 10):
            v = _number(const, dps)
            if v is None:
                return 0
            gap = abs(v - mpmath.mpf(near.numerator) / near.denominator)
            if gap > mpmath.mpf(10) ** -(dps - 20) * (1 + abs(v)):
                return _decimal_orders(-int(mpmath.mag(gap))) + 80
    try:
        same = sp.simplify(const - sp.Rational(near.numerator, near.denominator)) == 0
    except (TypeError, ValueError, RecursionError):
        same = False
    if same:
        return 0
    raise InputTooLarge(
        f"the constant {_short(const)} is within 10^-{_MAX_DIGITS - 20} of {near} but not "
        "shown equal to it: too close to decide"
    )


def _confirm(
    relation: str, exprs: tuple[sp.Expr, sp.Expr], model: Model, floor: int, need: int = 0
) -> bool:
    """Re-decide a relation whose sides agree at 50 digits, at enough digits to see a gap.

    Models are exact, so a true equality leaves a residue near 10^-digits at every precision,
    while a gap of 10^-40 (or a term lost next to a larger one) shows at 120 digits or more.
    ``need``: digits the 50-digit evaluation found necessary to keep every term of a sum.
    """
    # one second look: at higher precision the rounding residue of a true zero (a term that
    # is 0 up to noise) looks tiny again, so the digits asked for then are not trusted
    digits = max(floor, need)
    if digits > _MAX_DIGITS:
        raise _Unresolved(digits)
    lhs, rhs = (evaluate(e, model, digits=digits) for e in exprs)
    return bool(_holds(relation, lhs, rhs, mpmath.mpf(10) ** -(digits - _GUARD_DIGITS)))


def _models(
    exprs: Sequence[sp.Basic],
    assumes: Sequence[Independence],
    seed: int,
    trials: int,
    adversarial: bool = False,
):
    """``trials`` random models cycling through KINDS, then the adversarial ones if asked."""
    for i in range(trials):
        kind = KINDS[i % len(KINDS)]
        yield random_model(exprs, seed=seed * 7919 + i, kind=kind, assumes=assumes)
    if adversarial:
        for j, kind in enumerate(ADVERSARIAL_KINDS):
            yield random_model(exprs, seed=seed * 7919 + trials + j, kind=kind, assumes=assumes)


def numeric_check(
    before: sp.Expr,
    after: sp.Expr,
    *,
    relation: str = "=",
    assumes: Sequence[Independence] = (),
    seed: int = 0,
    trials: int = TRIALS,
) -> tuple[int, Model | None]:
    """Number of models where the relation was decided, and the smallest failing model.

    Sides that agree to 50 digits are compared again at a higher precision (at least 120
    digits, twice the longest number written in the link plus 80, and enough to resolve
    the smallest term of every sum): a difference of 10^-40 is a difference.
    """
    decided, worst = 0, None
    floor = max(_HIGH_DIGITS, 2 * literal_digits([before, after]) + 80)
    floor = max(floor, constant_digits([before, after]))
    if floor > _MAX_DIGITS:
        raise InputTooLarge(f"a number with about {floor // 2} digits (max {_MAX_DIGITS // 2})")
    for model in _models([before, after], assumes, seed, trials, adversarial=True):
        _checkpoint()
        try:
            (lhs, need_l), (rhs, need_r) = (evaluate_tracked(e, model) for e in (before, after))
            ok = _holds(relation, lhs, rhs)
            if ok is not None and _close(lhs, rhs):
                ok = _confirm(relation, (before, after), model, floor, max(need_l, need_r))
        except (ModelError, ZeroDivisionError, ValueError, TypeError, OverflowError):
            ok = None  # undefined on this model (or a number too large to represent)
        if ok is None:
            continue
        decided += 1
        if not ok and (worst is None or _cells(model) < _cells(worst)):
            worst = model
        if worst is not None and worst.kind.startswith("small"):
            break  # every support has size 2: no smaller counterexample to look for
    return decided, worst


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


def _cells(model: Model) -> int:
    return sum(len(t) for t in model.laws.values()) + len(model.params)


def _counterexample(before: sp.Expr, after: sp.Expr, model: Model) -> Counterexample:
    free = free_outcomes(before) | free_outcomes(after)
    shown = dataclasses.replace(
        model, assignment={v: i for v, i in model.assignment.items() if v in free}
    )
    try:  # show only the outcomes the sides depend on ...
        lhs, rhs = evaluate(before, shown), evaluate(after, shown)
        model = shown
    except ModelError:  # ... unless one was missed: then show them all
        lhs, rhs = evaluate(before, model), evaluate(after, model)
    shown_l, shown_r = _shown(lhs), _shown(rhs)
    if shown_l == shown_r:
        shown_l, shown_r = _resolved(before, after, model)
    try:
        exact_l, exact_r = exact_value(before, model), exact_value(after, model)
    except (ModelError, ZeroDivisionError, ValueError, TypeError):
        exact_l, exact_r = _as_float(lhs), _as_float(rhs)
    return Counterexample(model, exact_l, exact_r, shown_l, shown_r)


def _as_float(value: Any) -> sp.Expr:
    """A SymPy Float of an mpmath value (20 digits), or nan when its exponent is huge."""
    try:
        if mpmath.isfinite(value) and value != 0 and abs(mpmath.mag(value)) > 10**5:
            return sp.nan
        return sp.Float(mpmath.nstr(value, 20), 20)
    except (TypeError, ValueError):
        return sp.nan


def _shown(value: Any, digits: int = 20) -> str:
    """A value to ``digits`` digits; ``about 10^k`` when its exponent is huge (never slow)."""
    if mpmath.isfinite(value) and value != 0 and abs(mpmath.mag(value)) > 10**5:
        return _magnitude(value)
    return str(mpmath.nstr(value, digits))


def _resolved(before: sp.Expr, after: sp.Expr, model: Model) -> tuple[str, str]:
    """Both sides with enough digits to show where they differ (they agree to 20 digits)."""
    digits = max(_HIGH_DIGITS, 2 * literal_digits([before, after]) + 80)
    need = max(evaluate_tracked(e, model)[1] for e in (before, after))
    digits = min(_MAX_DIGITS, max(digits, need))
    lhs, rhs = (evaluate(e, model, digits=digits) for e in (before, after))
    if lhs == rhs:
        return _shown(lhs), _shown(rhs)
    size = max(abs(lhs), abs(rhs))
    need = 0 if size == 0 else _decimal_orders(int(mpmath.mag(size) - mpmath.mag(lhs - rhs))) + 6
    need = min(max(need, 20), digits)
    return _shown(lhs, need), _shown(rhs, need)


# --------------------------------------------------------------------------- the check
def as_expression(value: Any) -> sp.Expr:
    """An expression from a SymPy object, a number, or *text read by the safe parser*.

    Text never reaches ``sympify`` (which calls ``eval``).
    """
    if isinstance(value, str):
        from symgen.parsing.parser import parse

        return parse(value)
    if isinstance(value, bool):
        raise TypeError(f"expected an expression, got the boolean {value!r}")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, sp.Expr):
        return value
    raise TypeError(f"expected an expression, got {type(value).__name__}")


def check_link(
    before: sp.Expr,
    after: sp.Expr,
    *,
    assumes: Sequence[Any] = (),
    seed: int = 0,
    trials: int = TRIALS,
    relation: str = "=",
) -> LinkVerdict:
    """Verdict for ``before RELATION after``: PROVED, NUMERIC_ONLY or REFUTED.

    ``assumes``: conditional independences ``"a ⊥ b | c"`` (built into the models and the
    symbolic rewrite); other side conditions are recorded in ``notes`` (every model has
    strictly positive probabilities, so positivity conditions always hold).
    """
    if relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}; use one of {RELATIONS}")
    before, after = as_expression(before), as_expression(after)
    _require_unambiguous_expectations(before, after)
    _checkpoint()
    key = (before, after, relation, tuple(map(str, assumes)), seed, trials)
    if key in _LINK_CACHE:  # chains repeat links; a verdict depends on nothing else
        return _LINK_CACHE[key]
    try:
        verdict = _check_link(before, after, assumes, seed, trials, relation)
    except (OverflowError, RecursionError) as exc:
        raise InputTooLarge(f"numbers too large to check {before} {relation} {after}") from exc
    except ValueError as exc:
        if "integer string conversion" not in str(exc) and "too many digits" not in str(exc):
            raise
        raise InputTooLarge(f"numbers too large to check {before} {relation} {after}") from exc
    if len(_LINK_CACHE) >= _LINK_CACHE_SIZE:
        _LINK_CACHE.clear()
    _LINK_CACHE[key] = verdict
    return verdict


def _require_unambiguous_expectations(before: sp.Expr, after: sp.Expr) -> None:
    """``E_q[log p(x, z) - log q(z | x)]`` next to a free ``x``: over which outcomes?

    An expectation over a law whose body names no random variable averages over the
    outcomes it names (E_{x~P}[x] = E[X]). When such an outcome is also used outside the
    expectation, the text means something else (the ELBO fixes x): refuse rather than guess.
    """
    free = free_outcomes(before) | free_outcomes(after)
    for side in (before, after):
        for e in side.atoms(Expectation):
            if isinstance(e.over, Prob) or any(map(is_random_variable, e.body.atoms(sp.Symbol))):
                continue
            clash = sorted(v.name for v in averaged_variables(e) & free)
            if clash:
                names = ", ".join(str(outcome_symbol(sp.Symbol(n))) for n in clash)
                raise ParseError(
                    f"{e}: the expectation would average over {names}, which is also used "
                    "outside it; say which outcomes are averaged, e.g. E_{q(z|x)}[...]"
                )


def _check_link(
    before: sp.Expr,
    after: sp.Expr,
    assumes: Sequence[Any],
    seed: int,
    trials: int,
    relation: str,
) -> LinkVerdict:
    indeps, other = _independences(assumes)
    notes = tuple(f"side condition not modelled: {o}" for o in other)
    try:
        decided, bad = numeric_check(
            before, after, relation=relation, assumes=indeps, seed=seed, trials=trials
        )
    except _Unresolved as exc:
        return _decide_constant_gap(before, after, relation, indeps, notes, seed, exc)
    # when the numbers already refute, the symbolic side only looks for a disagreement (a bug),
    # so the costly simplify() fallback is skipped
    _checkpoint()
    symbolic = _symbolic(before, after, relation, indeps, simplify=bad is None)
    if bad is None and not symbolic:
        gap = _constant_gap(before, after, indeps)
        if gap is not None and not _gap_allows(relation, gap):
            return _refuted_by_gap(before, after, relation, indeps, notes, seed, gap, decided)
        symbolic = gap is not None  # a constant gap of the right sign proves an inequality
    searched = False
    if bad is None and not symbolic and relation != "=" and not indeps:
        bad = local_search(before, after, relation, seed=seed, trials=trials)
        searched = bad is not None
    if bad is not None:
        cx = _counterexample(before, after, bad)
        where = "a model found by local search" if searched else "a random model"
        why = f"fails on {where}: left = {cx.lhs_value}, right = {cx.rhs_value}"
        if symbolic:
            why += " (the symbolic check disagreed: report this as a bug)"
        return LinkVerdict(Status.REFUTED, why, cx, relation, decided, symbolic, notes)
    if decided < max(1, trials // 2):
        raise ModelError(
            f"cannot check {before} {relation} {after}: only {decided} of {trials} random models "
            "give both sides a value"
        )
    if symbolic:
        reason = f"symbolic normal form agrees; numeric check on {decided} models agrees"
        return LinkVerdict(Status.PROVED, reason, None, relation, decided, True, notes)
    reason = f"holds on {decided} random models; no symbolic proof found"
    return LinkVerdict(Status.NUMERIC_ONLY, reason, None, relation, decided, False, notes)


def _margin(before: sp.Expr, after: sp.Expr, relation: str, model: Model) -> Any:
    """How far the inequality is from failing on ``model`` (negative: fails); None: undefined."""
    try:
        lhs, rhs = evaluate(before, model), evaluate(after, model)
    except (ModelError, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    if not (mpmath.isfinite(lhs) and mpmath.isfinite(rhs)) or mpmath.im(lhs - rhs) != 0:
        return None
    return lhs - rhs if relation in (">=", ">") else rhs - lhs


def _moved(table: Any, rng: Any, step: float) -> dict[tuple[int, ...], Fraction]:
    """A nearby exact law: sharpened towards one random cell, or mixed with a random law."""
    cells = sorted(table)
    if rng.random() < 0.5:
        target = cells[int(rng.integers(0, len(cells)))]
        raw = {
            c: Fraction(table[c]) * (Fraction(1) - Fraction(step).limit_denominator(10**6))
            for c in cells
        }
        raw[target] += 1 - sum(raw.values())
    else:
        noise = rng.dirichlet([1.0] * len(cells))
        t = Fraction(step).limit_denominator(10**6)
        raw = {
            c: Fraction(table[c]) * (1 - t) + t * Fraction(float(w)).limit_denominator(10**6)
            for c, w in zip(cells, noise, strict=True)
        }
    raw = {c: max(p, Fraction(1, 10**15)).limit_denominator(10**15) for c, p in raw.items()}
    total = sum(raw.values())
    return {c: p / total for c, p in raw.items()}


def local_search(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    *,
    seed: int = 0,
    trials: int = TRIALS,
    steps: int = _SEARCH_STEPS,
) -> Model | None:
    """Hill-climb the laws of the tightest models to make an inequality fail.

    Starting from the three models where ``before RELATION after`` holds by the least, move
    one law at a time (sharpen it towards a cell, or mix in a random law) and keep moves that
    shrink the margin. Returns a model where the relation fails (re-checked at high
    precision), or None. Laws only: outcome values and parameters stay.
    """
    import numpy as np

    scored: list[tuple[Any, int, Model]] = []
    for model in _models([before, after], (), seed, trials, adversarial=True):
        margin = _margin(before, after, relation, model)
        if margin is not None:
            scored.append((margin, len(scored), model))
    rng = np.random.default_rng(seed + 104729)
    for margin, _, model in sorted(scored, key=lambda t: (t[0], t[1]))[:3]:
        for i in range(steps):
            _checkpoint()
            law = sorted(model.laws, key=str)[i % len(model.laws)]
            step = float(rng.choice([0.5, 0.1, 0.01]))
            moved = dataclasses.replace(
                model, laws={**model.laws, law: _moved(model.laws[law], rng, step)}, _cache={}
            )
            new = _margin(before, after, relation, moved)
            if new is None or new >= margin:
                continue
            model, margin = moved, new
            fails = not _holds(relation, *(evaluate(e, model) for e in (before, after)))
            if fails and not _confirm(relation, (before, after), model, _HIGH_DIGITS):
                return model
    return None


def _constant_gap(before: sp.Expr, after: sp.Expr, indeps: Sequence) -> sp.Expr | None:
    """``before - after`` when its normal form is a number known to be non-zero, else None.

    The normal form is a rewriting by definitions, so a non-zero number there (1e-40) is a
    proof that the sides differ by exactly that much on every model.
    """
    try:
        rvs = model_variables([before, after], indeps)
        diff = _expand(before - after, _Context(tuple(rvs), tuple(indeps)))
        if _expansion_size(diff) > _MAX_EXPANSION:
            return None
        form = normal_form(diff)
    except (ModelError, TypeError, ValueError, RecursionError, ZeroDivisionError):
        return None
    if form.free_symbols or form.has(Notation) or not form.is_number:
        return None
    return form if form.is_zero is False and form.is_extended_real and form.is_finite else None


def _gap_allows(relation: str, gap: sp.Expr) -> bool:
    """Does ``before - after = gap`` (a non-zero real number) satisfy the relation?"""
    if relation == "=":
        return False
    positive = bool(gap.is_positive)
    return positive if relation in (">=", ">") else not positive


def _refuted_by_gap(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    indeps: Sequence,
    notes: tuple[str, ...],
    seed: int,
    gap: sp.Expr,
    decided: int,
) -> LinkVerdict:
    """REFUTED: the sides differ by the constant ``gap`` on every model (shown on one)."""
    model = next(_models([before, after], indeps, seed, 1))
    cx = _counterexample(before, after, model)
    shown = _short(gap)
    why = (
        f"the sides differ by the constant {shown} on every model (symbolic normal form of "
        f"left - right); on one model: left = {cx.lhs_value}, right = {cx.rhs_value}"
    )
    return LinkVerdict(Status.REFUTED, why, cx, relation, max(decided, 1), True, notes)


def _decide_constant_gap(
    before: sp.Expr,
    after: sp.Expr,
    relation: str,
    indeps: Sequence,
    notes: tuple[str, ...],
    seed: int,
    exc: _Unresolved,
) -> LinkVerdict:
    """The numbers cannot resolve the sides: a constant gap decides, or the input is refused."""
    gap = _constant_gap(before, after, indeps)
    if gap is not None and not _gap_allows(relation, gap):
        return _refuted_by_gap(before, after, relation, indeps, notes, seed, gap, 0)
    if gap is not None:
        why = f"the sides differ by the constant {_short(gap)} (symbolic normal form)"
        return LinkVerdict(Status.PROVED, why, None, relation, 0, True, notes)
    raise InputTooLarge(
        f"the sides agree to {_MAX_DIGITS} digits only after cancelling terms of very different "
        f"size (about {exc.args[0]} digits needed): cannot decide {before} {relation} {after}"
    )


def _short(value: sp.Expr) -> str:
    """A number as short text: exact when short, else about 10^k."""
    text = str(value)
    if len(text) <= 40:
        return text
    try:
        with mpmath.workdps(30):
            v = mpmath.mpmathify(sp.N(value, 30))
        return mpmath.nstr(v, 6) if abs(mpmath.mag(v)) < 10**5 else _magnitude(v)
    except (TypeError, ValueError, OverflowError):
        return text[:37] + "..."


def _decimal_orders(bits: int) -> int:
    """Decimal orders of magnitude in ``bits`` binary ones (integer arithmetic: no overflow)."""
    return bits * 30103 // 100000


def _magnitude(value: Any) -> str:
    """``about 10^k`` for a number too large or small to print in full (never slow).

    >>> _magnitude(mpmath.mpf(10) ** 300000)
    'about 10^300000'
    """
    sign = "-" if value < 0 else ""
    k = _decimal_orders(int(mpmath.mag(value)))
    if abs(k).bit_length() > 64:  # the exponent itself is too long to print
        return f"{sign}about 10^({'-' if k < 0 else ''}10^{_decimal_orders(abs(k).bit_length())})"
    return f"{sign}about 10^{k}"


def _symbolic(
    before: sp.Expr, after: sp.Expr, relation: str, indeps: Sequence, *, simplify: bool = True
) -> bool:
    """Symbolic side: equality by normal form; ``>=`` by a known non-negative measure."""
    try:
        rvs = model_variables([before, after], indeps)
        ctx = _Context(tuple(rvs), tuple(indeps))
        diff = _expand(before - after, ctx)
        if relation == "=":
            return symbolic_zero(diff, simplify=simplify)
        if relation in (">", "<"):
            return False
        sign = 1 if relation == ">=" else -1
        if _known_nonnegative(sign * (before - after)):
            return True
        return _nonnegative(sign * diff, before, after, ctx, simplify=simplify)
    except (ModelError, TypeError, ValueError, RecursionError, ZeroDivisionError):
        return False


def _known_nonnegative(expr: sp.Expr) -> bool:
    """SymPy's assumptions show ``expr >= 0`` from the notation's signs (H, D_KL, I, Var >= 0).

    Only for non-strict relations: a probability is "positive" only on full-support models.
    """
    if expr.has(OutcomeSum, Expectation, sp.Derivative):  # their signs are left to the rest
        return False
    return bool(expr.is_nonnegative)


def _nonnegative(
    diff: sp.Expr, before: sp.Expr, after: sp.Expr, ctx: _Context, *, simplify: bool = True
) -> bool:
    """``diff`` equals 0 or one textbook non-negative measure (Gibbs, I >= 0, H >= 0)."""
    if symbolic_zero(diff, simplify=simplify):
        return True
    for template in _templates(before, after, ctx):
        _checkpoint()
        if symbolic_zero(diff - _expand(template, ctx), simplify=False):
            return True
    return False


def _templates(before: sp.Expr, after: sp.Expr, ctx: _Context) -> Iterable[sp.Expr]:
    nonnegative = (KLDivergence, JSDivergence, MutualInformation, Entropy)
    for side in (before, after):
        yield from side.atoms(*nonnegative)
    found = scan([before, after])
    laws = sorted(found.laws, key=str)
    for p, q in itertools.permutations(laws, 2):
        yield KLDivergence(p, q)
        yield JSDivergence(p, q)
    rvs = list(ctx.rvs)[:4]
    for law in laws:
        for a, b in itertools.permutations(rvs, 2):
            yield Entropy(sp.Tuple(a), sp.Tuple(b), law)
            rest = [c for c in rvs if c not in (a, b)]
            for given in [(), *((c,) for c in rest)]:
                yield MutualInformation(sp.Tuple(a), sp.Tuple(b), sp.Tuple(*given), law)
        for a in rvs:
            yield Entropy(sp.Tuple(a), sp.Tuple(), law)
    yield from (Variance(a) for a in rvs)
    yield from _conditional_kls(before, after, laws)
    every = list(ctx.rvs)
    if 2 < len(every) <= MAX_VARIABLES:  # subadditivity: one variable against the rest
        for a in every:
            rest = sp.Tuple(*(v for v in every if v != a))
            yield MutualInformation(sp.Tuple(a), rest, sp.Tuple(), DEFAULT_DIST)


def _conditional_kls(before: sp.Expr, after: sp.Expr, laws: Sequence) -> Iterable[sp.Expr]:
    """D_KL(q(z | x) || p(z | x)) both ways for conditionals named in the claim (ELBO gap)."""
    conditionals = {t for side in (before, after) for t in side.atoms(Prob) if t.given}
    for term in sorted(conditionals, key=str):
        for law in laws:
            if law != term.dist:
                other = Prob(law, term.variables, term.given)
                yield KLDivergence(term, other)
                yield KLDivergence(other, term)


def check_chain(
    exprs: Sequence[sp.Expr], *, assumes: Sequence[Any] = (), seed: int = 0
) -> list[LinkVerdict]:
    """One verdict per consecutive pair of a chain of equalities."""
    return [check_link(a, b, assumes=assumes, seed=seed) for a, b in itertools.pairwise(exprs)]
