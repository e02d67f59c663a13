"""Rules as functions: each named rule rewrites one subterm of an expression into the next line.

A *local* rule looks at one node (``H(X)``, ``log(a b)``, ``P(a | b)``, a sum) and returns the
nodes it may become; :func:`rewrites` applies it at every position of an expression, one
position at a time and (when it matches more than once) at all positions at once. The rule
table with the reader's sentences is :mod:`symgen.proof.rules`; this module only computes.

>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> rewrites("def_conditional", P(a, given=(b,)))
[(P(a, b))/(P(b))]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import sympy as sp

from symgen.notation.operators import EvidenceLowerBound, GANCriterion, OptimalDiscriminator
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
    random_variable,
)
from symgen.proof.rewrite_base import (
    Context,
    Local,
    _joint,
    _osum,
    _out,
    _prob,
    _symbols_outside_measures,
    plain_expand,
)
from symgen.proof.rewrite_definitions import DEFINITIONS
from symgen.proof.terms import ShownRatio
from symgen.verify.models import averaged_variables

_MAX_RESULTS = 48  # rewrites of one rule on one expression (positions x choices)

# ---------------------------------------------------------------- probability rules


def _def_conditional(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Prob) or not node.given:
        return []
    joint = _joint(node.dist, (*node.variables, *node.given))
    return [ShownRatio(joint, _prob(node.dist, node.given))]  # shown as one fraction


def _product_rule(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """P(A, B | C) = P(A | B, C) P(B | C) for every split of the variables into A and B."""
    if not isinstance(node, Prob) or len(node.variables) < 2:
        return []
    names = list(node.variables)
    out = []
    for k in range(1, len(names)):
        for head in itertools.combinations(names, k):
            rest = [v for v in names if v not in head]
            cond = _prob(node.dist, head, (*rest, *node.given))
            out.append(cond * _prob(node.dist, rest, node.given))
    return out


def _bayes(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Prob) or not node.given:
        return []
    a, b, law = node.variables, node.given, node.dist
    return [_prob(law, b, a) * _prob(law, a) / _prob(law, b)]


def _factor_split(body: sp.Expr, v: sp.Symbol) -> tuple[list[sp.Expr], list[sp.Expr]]:
    """Factors of ``body`` that mention ``v`` and those that do not."""
    factors = sp.Mul.make_args(body)
    return [f for f in factors if v in f.free_symbols], [
        f for f in factors if v not in f.free_symbols
    ]


def _marginalisation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """sum_y P(x, y | c) f(x) = P(x | c) f(x): y appears only in the joint."""
    if not isinstance(node, OutcomeSum):
        return []
    out = []
    for v in node.over:
        with_v, rest = _factor_split(node.body, v)
        if len(with_v) != 1 or not isinstance(with_v[0], Prob):
            continue
        p = with_v[0]
        if v not in p.variables or v in p.given or len(p.variables) < 2:
            continue
        smaller = _prob(p.dist, [u for u in p.variables if u != v], p.given)
        over = [u for u in node.over if u != v]
        out.append(_osum(smaller * sp.Mul(*rest), over))
    return out


def _normalisation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """sum_x P(x | c) = 1."""
    if not isinstance(node, OutcomeSum) or len(node.over) != 1:
        return []
    p, v = node.body, node.over[0]
    if isinstance(p, Prob) and tuple(p.variables) == (v,) and v not in p.given:
        return [sp.Integer(1)]
    return []


def _total_probability(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """sum_b P(a | b, c) P(b | c) = P(a | c)."""
    if not isinstance(node, OutcomeSum) or len(node.over) != 1:
        return []
    v = node.over[0]
    factors = sp.Mul.make_args(node.body)
    if len(factors) != 2 or not all(isinstance(f, Prob) for f in factors):
        return []
    for cond, marg in (factors, factors[::-1]):
        if (
            tuple(marg.variables) == (v,)
            and cond.dist == marg.dist
            and v in cond.given
            and set(cond.given) - {v} == set(marg.given)
            and v not in cond.variables
        ):
            rest = [u for u in cond.given if u != v]
            return [_prob(cond.dist, cond.variables, rest)]
    return []


def _independence_factorises(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """P(a, b | c) = P(a | c) P(b | c), and P(a | b, c) = P(a | c), when A ⊥ B | C."""
    if not isinstance(node, Prob) or node.dist != DEFAULT_DIST:
        return []
    out = []
    rv = {s: random_variable(s) for s in (*node.variables, *node.given)}
    head = {rv[s] for s in node.variables}
    cond = {rv[s] for s in node.given}
    for ind in ctx.independences:
        given = [s for s in node.given if rv[s] in ind.given]
        left = [s for s in node.variables if rv[s] in ind.left]
        right = [s for s in node.variables if rv[s] in ind.right]
        if cond == set(ind.given) and left and right and len(left) + len(right) == len(head):
            out.append(_prob(node.dist, left, given) * _prob(node.dist, right, given))
        inside = [s for s in node.variables if rv[s] in ind.given]
        covered = len(left) + len(right) + len(inside) == len(head)
        if not cond and ind.given and len(inside) == len(ind.given) and left and right and covered:
            # P(a, b, c) = P(a | c) P(b | c) P(c)
            factors = _prob(node.dist, left, inside) * _prob(node.dist, right, inside)
            out.append(factors * _prob(node.dist, inside))
        extra = cond - set(ind.given)
        for side, other in ((ind.left, ind.right), (ind.right, ind.left)):
            if head <= side and extra and extra <= other and set(ind.given) <= cond:
                out.append(_prob(node.dist, node.variables, given))
    return out


# ---------------------------------------------------------------- expectation and sums


def _linearity(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """E[a f + b g] = a E[f] + b E[g]; E[c] = c (c names nothing the expectation averages)."""
    if not isinstance(node, Expectation):
        return []
    body, over = node.body, node.over
    if isinstance(over, Prob):
        varying = set(over.variables)
    else:
        averaged = averaged_variables(node)
        varying = averaged | {_out(v) for v in averaged}

    def constant(factor: sp.Expr) -> bool:
        return not _symbols_outside_measures(factor) & varying

    if constant(body):
        return [body]
    out = sp.Integer(0)
    for term in sp.Add.make_args(plain_expand(body)):
        const = [f for f in sp.Mul.make_args(term) if constant(f)]
        rest = [f for f in sp.Mul.make_args(term) if not constant(f)]
        out += sp.Mul(*const) * (Expectation(sp.Mul(*rest), over) if rest else sp.Integer(1))
    return [] if out == node else [out]


def _split_sum(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """sum (a + b) = sum a + sum b; constants come out; a product of independent sums splits."""
    if isinstance(node, (sp.Sum, sp.Product)) and not isinstance(node, OutcomeSum):
        return _split_indexed(node)
    if not isinstance(node, OutcomeSum):
        return []
    bound = set(node.over)
    body = sp.expand(node.body, log=False, power_exp=False, power_base=False)
    total = sp.Integer(0)
    for term in sp.Add.make_args(body):
        const = [f for f in sp.Mul.make_args(term) if not f.free_symbols & bound]
        rest = [f for f in sp.Mul.make_args(term) if f.free_symbols & bound]
        total += sp.Mul(*const) * _product_of_sums(rest, list(node.over))
    return [] if total == node else [total]


def _split_indexed(node: sp.Basic) -> list[sp.Expr]:
    """An indexed sum over i: split over + and take out factors free of the index.

    For an indexed product only constant factors are not moved (they would be raised to n).
    """
    if not isinstance(node, sp.Sum):
        return []
    bound = {lim[0] for lim in node.limits}
    total = sp.Integer(0)
    for term in sp.Add.make_args(plain_expand(node.function)):
        const = [f for f in sp.Mul.make_args(term) if not f.free_symbols & bound]
        rest = [f for f in sp.Mul.make_args(term) if f.free_symbols & bound]
        total += sp.Mul(*const) * sp.Sum(sp.Mul(*rest), *node.limits)
    return [] if total == node else [total]


def _product_of_sums(factors: list[sp.Expr], over: list[sp.Symbol]) -> sp.Expr:
    """sum_{x,y} f(x) g(y) = (sum_x f(x)) (sum_y g(y)) when no factor joins x and y."""
    groups: list[tuple[set, list]] = []
    for f in factors:
        mine = f.free_symbols & set(over)
        joined = [g for g in groups if g[0] & mine]
        merged = (set(mine).union(*(g[0] for g in joined)), [f, *(h for g in joined for h in g[1])])
        groups = [g for g in groups if g not in joined] + [merged]
    used = set().union(*(g[0] for g in groups)) if groups else set()
    unused = [v for v in over if v not in used]
    parts = [_osum(sp.Mul(*fs), [v for v in over if v in vs]) for vs, fs in groups]
    if not parts:
        parts = [sp.Integer(1)]
    if unused:  # a sum over a variable the body ignores: keep it written
        parts[0] = _osum(parts[0], unused)
    return sp.Mul(*parts)


# ---------------------------------------------------------------- logs and algebra


def _log_kind(node: sp.Basic) -> str:
    arg = node.args[0]
    if isinstance(arg, sp.Pow) and not arg.exp.is_negative:
        return "power"
    if isinstance(arg, sp.Product):  # log of prod_i f_i = sum_i log f_i
        return "product"
    if not isinstance(arg, sp.Mul):
        return "quotient" if isinstance(arg, sp.Pow) else ""
    factors = arg.args
    if any(f.is_Pow and f.exp.is_negative for f in factors) or any(
        f.is_Rational and f.q != 1 for f in factors
    ):
        return "quotient"
    return "product"


def _split_log(arg: sp.Expr, kind: str) -> sp.Expr:
    """One move: log(a b) = log a + log b, log(a / b) = log a - log b, log a^n = n log a."""
    if kind == "power":
        base, exp = arg.as_base_exp()
        return exp * sp.log(base)
    if kind == "product" and isinstance(arg, sp.Product):
        return sp.Sum(sp.log(arg.function), *arg.limits)
    if kind == "product":
        return sp.Add(*(sp.log(f) for f in arg.args))
    num, den = sp.fraction(sp.together(arg))  # p / (p/2 + q/2) = 2p / (p + q)
    return sp.log(num) - sp.log(den)


def _log_rule(kind: str) -> Local:
    def rule(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
        if not isinstance(node, sp.log) or _log_kind(node) != kind:
            return []
        new = _split_log(node.args[0], kind)
        return [] if new == node else [new]

    rule.__name__ = f"_log_of_{kind}"
    return rule


def _any_log_rule(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """The log of a product, a quotient or a power, whichever the node is."""
    if not isinstance(node, sp.log) or not _log_kind(node):
        return []
    new = _split_log(node.args[0], _log_kind(node))
    return [] if new == node else [new]


def _combine_logs(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, sp.Add) or sum(1 for a in node.args if a.has(sp.log)) < 2:
        return []
    new = sp.logcombine(node, force=True)
    return [] if new == node else [new]


def _algebra(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """Plain algebra on a log's argument, a sum's body or an expectation's body."""
    if isinstance(node, sp.log):
        arg = node.args[0]
        return [sp.log(new) for new in {sp.cancel(sp.together(arg)), sp.factor(arg)} if new != arg]
    if isinstance(node, (OutcomeSum, Expectation)):
        body = node.args[0]
        new = plain_expand(body)
        return [node.func(new, node.args[1])] if new != body else []
    return []


def algebra_moves(expr: sp.Expr) -> list[sp.Expr]:
    """The whole line rewritten by expand, cancel or together (each when it changes it)."""
    out = []
    # logs are atoms for algebra (cancel would split log(p / q) of positive p, q by itself)
    atoms = {g: sp.Dummy("log") for g in expr.atoms(sp.log)}
    back = {v: k for k, v in atoms.items()}
    masked = expr.xreplace(atoms)
    for move in (plain_expand, lambda e: sp.cancel(sp.together(e)), sp.factor_terms):
        try:
            new = move(masked).xreplace(back)
        except (sp.PolynomialError, TypeError, ValueError):
            continue
        if new != expr and new not in out:
            out.append(new)
    return out


LOCAL_RULES: dict[str, Local] = {
    **DEFINITIONS,
    "def_conditional": _def_conditional,
    "product_rule": _product_rule,
    "bayes": _bayes,
    "marginalisation": _marginalisation,
    "normalisation": _normalisation,
    "total_probability": _total_probability,
    "independence_factorises": _independence_factorises,
    "conditional_independence": _independence_factorises,
    "linearity_of_expectation": _linearity,
    "split_sum": _split_sum,
    "log_of_product": _log_rule("product"),
    "log_of_quotient": _log_rule("quotient"),
    "log_of_power": _log_rule("power"),
    "combine_logs": _combine_logs,
    "log_rules": _any_log_rule,  # checking only: a shown step may split a log several ways
    "algebra": _algebra,
}


_ACTS_ON: dict[str, tuple[type, ...]] = {
    "def_entropy": (Entropy,),
    "entropy_as_expectation": (Entropy,),
    "def_cross_entropy": (CrossEntropy,),
    "cross_entropy_as_expectation": (CrossEntropy,),
    "def_kl": (KLDivergence,),
    "kl_as_expectation": (KLDivergence,),
    "def_jsd": (JSDivergence,),
    "jsd_as_kl": (JSDivergence,),
    "mi_as_kl": (MutualInformation,),
    "def_mutual_information": (MutualInformation,),
    "def_self_information": (SelfInformation,),
    "def_expectation": (Expectation,),
    "linearity_of_expectation": (Expectation,),
    "def_variance": (Variance,),
    "def_covariance": (Covariance,),
    "def_conditional": (Prob,),
    "product_rule": (Prob,),
    "bayes": (Prob,),
    "independence_factorises": (Prob,),
    "conditional_independence": (Prob,),
    "marginalisation": (OutcomeSum,),
    "normalisation": (OutcomeSum,),
    "total_probability": (OutcomeSum,),
    "split_sum": (OutcomeSum, sp.Sum),
    "log_of_product": (sp.log,),
    "log_of_quotient": (sp.log,),
    "log_of_power": (sp.log,),
    "log_rules": (sp.log,),
    "combine_logs": (sp.log,),
    "def_elbo": (EvidenceLowerBound,),
    "gan_value": (GANCriterion,),
    "pointwise_maximum": (OptimalDiscriminator,),
}


def acts_on(rule_id: str) -> set[type]:
    """Node types a rule can rewrite (a line with none of them is left alone); all for algebra."""
    types = _ACTS_ON.get(rule_id)
    return {object} if types is None else set(types)


# ---------------------------------------------------------------- applying at positions


def _at_positions(expr: sp.Basic, local: Local, ctx: Context) -> Iterator[sp.Expr]:
    """Every result of ``local`` at one node of ``expr``, outermost first."""
    yield from local(expr, ctx)
    if isinstance(expr, (sp.Tuple, Prob)) or not expr.args:
        return
    for i, arg in enumerate(expr.args):
        for new in _at_positions(arg, local, ctx):
            args = list(expr.args)
            args[i] = new
            yield expr.func(*args)


def _everywhere(expr: sp.Basic, local: Local, ctx: Context) -> sp.Basic:
    """``local``'s first result at every node where it applies (innermost first)."""
    if expr.args and not isinstance(expr, (sp.Tuple, Prob)):
        expr = expr.func(*(_everywhere(a, local, ctx) for a in expr.args))
    found = local(expr, ctx)
    return found[0] if found else expr


def rewrites(rule_id: str, expr: sp.Expr, ctx: Context | None = None) -> list[sp.Expr]:
    """Every next line rule ``rule_id`` gives from ``expr`` (empty when it does not apply)."""
    ctx = ctx or Context()
    local = LOCAL_RULES.get(rule_id)
    if local is None:
        return []
    out: list[sp.Expr] = []
    for new in itertools.islice(_at_positions(expr, local, ctx), _MAX_RESULTS):
        if new != expr and new not in out:
            out.append(new)
    if len(out) > 1:
        whole = _everywhere(expr, local, ctx)
        if whole != expr and whole not in out:
            out.append(whole)
    if rule_id == "algebra":
        out.extend(e for e in algebra_moves(expr) if e not in out)
    return out


def is_notation(expr: sp.Basic) -> bool:
    """True when ``expr`` uses the abstract notation (so the rules above can act on it)."""
    return isinstance(expr, Notation) or expr.has(Notation)
