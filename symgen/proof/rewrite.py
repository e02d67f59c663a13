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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import sympy as sp

from symgen.notation.laws import Independent, MarkovChain
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
    is_random_variable,
    outcome_symbol,
    random_variable,
)
from symgen.proof.rewrite_operators import (
    composite_measure,
    evidence_lower_bound,
    gan_criterion,
    is_composite,
    optimal_discriminator,
)
from symgen.proof.terms import ShownRatio
from symgen.verify.assumptions import Independence, parse_independence
from symgen.verify.models import averaged_variables

_MAX_RESULTS = 48  # rewrites of one rule on one expression (positions x choices)
_MEASURES = (Expectation, Variance, Covariance, Entropy, MutualInformation)


@dataclass(frozen=True)
class Context:
    """What a rule may assume: declared (conditional) independences of the default law P."""

    independences: tuple[Independence, ...] = ()

    @classmethod
    def from_assumptions(cls, assumes: Sequence[object] = ()) -> Context:
        """Read independence statements ("X ⊥ Y", "a ⊥ b | c"); other assumptions are ignored."""
        found = []
        for item in assumes:
            found.extend(_independences(item))
        return cls(tuple(found))


def _independences(item: object) -> list[Independence]:
    """Independence statements in an assumption: X ⊥ Y | Z, or a Markov chain X -> Y -> Z."""
    if isinstance(item, Independence):
        return [item]
    if isinstance(item, MarkovChain):  # past ⊥ future | present, for each inner link
        chain = list(item.args)
        return [
            Independence(frozenset(chain[:k]), frozenset(chain[k + 1 :]), frozenset({chain[k]}))
            for k in range(1, len(chain) - 1)
        ]
    if isinstance(item, Independent):
        left, right, given = (frozenset(part) for part in item.args)
        return [Independence(left, right, given)]
    text = str(item)
    names = [n.strip() for n in text.split("->")]
    if len(names) > 2 and all(n.isidentifier() for n in names):  # "X -> Y -> Z"
        return _independences(MarkovChain(*(sp.Symbol(n) for n in names)))
    ind = parse_independence(text)
    return [] if ind is None else [ind]


Local = Callable[[sp.Basic, Context], list[sp.Expr]]


# ---------------------------------------------------------------- helpers


def _out(sym: sp.Symbol) -> sp.Symbol:
    """``X -> x``; an outcome stays itself."""
    return outcome_symbol(sym) if is_random_variable(sym) else sym


def _prob(law: sp.Basic, variables: Sequence[sp.Basic], given: Sequence[sp.Basic] = ()) -> Prob:
    return Prob(law, sp.Tuple(*variables), sp.Tuple(*given))


def _joint(law: sp.Basic, outcomes: Sequence[sp.Basic]) -> Prob:
    """law(x, y, ...) with the outcomes in alphabetical order, as a textbook writes a joint."""
    return _prob(law, sorted(dict.fromkeys(outcomes), key=str))


def _sorted(outcomes: Sequence[sp.Symbol]) -> list[sp.Symbol]:
    return sorted(dict.fromkeys(outcomes), key=str)


def _osum(body: sp.Expr, over: Sequence[sp.Symbol]) -> sp.Expr:
    return OutcomeSum(body, sp.Tuple(*over)) if over else body


def _to_outcomes(expr: sp.Basic, rvs: set[sp.Symbol]) -> sp.Basic:
    """Random variables ``rvs`` replaced by their outcomes, except inside nested measures."""
    if isinstance(expr, sp.Symbol):
        return _out(expr) if expr in rvs else expr
    if isinstance(expr, _MEASURES) or not expr.args:
        return expr
    return expr.func(*(_to_outcomes(a, rvs) for a in expr.args))


def _free_rvs(expr: sp.Basic) -> set[sp.Symbol]:
    """Random variables named outside nested measures (``E[X]`` inside a body is a number)."""
    if isinstance(expr, sp.Symbol):
        return {expr} if is_random_variable(expr) else set()
    if isinstance(expr, _MEASURES):
        return set()
    return set().union(*(_free_rvs(a) for a in expr.args)) if expr.args else set()


def _law_outcomes(p: sp.Basic, q: sp.Basic) -> tuple[sp.Expr, sp.Expr, tuple[sp.Symbol, ...]]:
    """Two laws as values at their outcomes: P, Q -> P(x), Q(x); Prob terms stay."""
    if isinstance(p, Prob):
        return p, q, tuple(p.variables)
    x = sp.Symbol("x")
    return _prob(p, (x,)), _prob(q, (x,)), (x,)


# ---------------------------------------------------------------- definitions


def _composite(node: sp.Basic) -> bool:
    return is_composite(node)


def _lowered(node: sp.Basic) -> list[sp.Expr]:
    """The sum over outcomes that a measure of laws written by formula stands for."""
    new = composite_measure(node)
    return [] if new is None else [new]


def _operator(definition: Callable[[sp.Basic], sp.Expr | None]) -> Local:
    def rule(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
        new = definition(node)
        return [] if new is None else [new]

    rule.__name__ = f"_by_{definition.__name__}"
    return rule


def _def_entropy(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Entropy):
        return []
    if _composite(node):
        return _lowered(node)
    if not node.variables:
        x = sp.Symbol("x")
        px = _prob(node.dist, (x,))
        return [-_osum(px * sp.log(px), (x,))]
    head = [_out(v) for v in node.variables]
    given = [_out(v) for v in node.given]
    full = _joint(node.dist, (*head, *given))
    cond = _prob(node.dist, head, given)
    return [-_osum(full * sp.log(cond), _sorted((*head, *given)))]


def _def_cross_entropy(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, CrossEntropy):
        return []
    if _composite(node):
        return _lowered(node)
    p, q, over = _law_outcomes(node.p, node.q)
    return [-_osum(p * sp.log(q), over)]


def _def_kl(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, KLDivergence):
        return []
    if _composite(node):
        return _lowered(node)
    p, q, over = _law_outcomes(node.p, node.q)
    return [_osum(p * sp.log(p / q), over)]


def _def_jsd(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, JSDivergence):
        return []
    if _composite(node):
        return _lowered(node)
    p, q, over = _law_outcomes(node.p, node.q)
    m = (p + q) / 2
    half = sp.Rational(1, 2)
    return [half * _osum(p * sp.log(p / m), over) + half * _osum(q * sp.log(q / m), over)]


def _def_mutual_information(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, MutualInformation):
        return []
    left = [_out(v) for v in node.left]
    right = [_out(v) for v in node.right]
    given = [_out(v) for v in node.given]
    law = node.dist
    full = _joint(law, (*left, *right, *given))
    ratio = _prob(law, (*left, *right), given) / (
        _prob(law, left, given) * _prob(law, right, given)
    )
    return [_osum(full * sp.log(ratio), _sorted((*left, *right, *given)))]


def _def_self_information(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, SelfInformation):
        return []
    return [-sp.log(_prob(node.dist, [_out(v) for v in node.variables]))]


def _def_expectation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Expectation):
        return []
    over = node.over
    if isinstance(over, Prob):
        return [_osum(over * node.body, tuple(over.variables))]
    law = DEFAULT_DIST if over == sp.Tuple() else over
    rvs = averaged_variables(node)
    if not rvs:
        return []
    outs = sorted({_out(random_variable(v)) for v in rvs}, key=str)
    body = _to_outcomes(node.body, {random_variable(v) for v in rvs})
    return [_osum(_prob(law, outs) * body, outs)]


def _def_variance(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Variance):
        return []
    x = node.args[0]
    return [Expectation((x - Expectation(x, sp.Tuple())) ** 2, sp.Tuple())]


def _def_covariance(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    if not isinstance(node, Covariance):
        return []
    x, y = node.args
    mx, my = (Expectation(v, sp.Tuple()) for v in (x, y))
    return [Expectation((x - mx) * (y - my), sp.Tuple())]


def _entropy_as_expectation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """H(X) = E[-log P(X)]; H(P) = E_P[-log P(x)]."""
    if not isinstance(node, Entropy) or node.given:
        return []
    if not node.variables:
        x = sp.Symbol("x")
        return [Expectation(-sp.log(_prob(node.dist, (x,))), node.dist)]
    law = node.dist
    over = sp.Tuple() if law == DEFAULT_DIST else law
    return [Expectation(-sp.log(_prob(law, node.variables)), over)]


def _kl_as_expectation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """D_KL(P || Q) = E_P[log P(x) / Q(x)]."""
    if not isinstance(node, KLDivergence):
        return []
    p, q, _ = _law_outcomes(node.p, node.q)
    return [Expectation(sp.log(p / q), node.p)]


def _cross_entropy_as_expectation(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """H(P, Q) = E_P[-log Q(x)]."""
    if not isinstance(node, CrossEntropy):
        return []
    _, q, _ = _law_outcomes(node.p, node.q)
    return [Expectation(-sp.log(q), node.p)]


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


def _is_constant(expr: sp.Expr) -> bool:
    return not _free_rvs(expr)


def _linearity(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """E[a f + b g] = a E[f] + b E[g]; E[c] = c."""
    if not isinstance(node, Expectation):
        return []
    body, over = node.body, node.over
    if isinstance(over, Prob):
        return []
    if _is_constant(body):
        return [body]
    terms = sp.Add.make_args(plain_expand(body))
    out = sp.Integer(0)
    for term in terms:
        const = [f for f in sp.Mul.make_args(term) if _is_constant(f)]
        rest = [f for f in sp.Mul.make_args(term) if not _is_constant(f)]
        inner = sp.Mul(*rest)
        out += sp.Mul(*const) * (Expectation(inner, over) if rest else sp.Integer(1))
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


def plain_expand(expr: sp.Expr) -> sp.Expr:
    """Multiply out products and powers of sums (no log or power rewriting)."""
    return sp.expand(expr, log=False, power_exp=False, power_base=False)


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
    for move in (plain_expand, lambda e: sp.cancel(sp.together(e)), sp.factor_terms):
        try:
            new = move(expr)
        except (sp.PolynomialError, TypeError, ValueError):
            continue
        if new != expr and new not in out:
            out.append(new)
    return out


LOCAL_RULES: dict[str, Local] = {
    "def_entropy": _def_entropy,
    "def_cross_entropy": _def_cross_entropy,
    "def_kl": _def_kl,
    "def_jsd": _def_jsd,
    "def_mutual_information": _def_mutual_information,
    "def_self_information": _def_self_information,
    "def_expectation": _def_expectation,
    "def_variance": _def_variance,
    "def_covariance": _def_covariance,
    "def_conditional": _def_conditional,
    "entropy_as_expectation": _entropy_as_expectation,
    "kl_as_expectation": _kl_as_expectation,
    "cross_entropy_as_expectation": _cross_entropy_as_expectation,
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
    "def_elbo": _operator(evidence_lower_bound),
    "gan_value": _operator(gan_criterion),
    "pointwise_maximum": _operator(optimal_discriminator),
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
