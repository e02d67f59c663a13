"""Does a step follow from its rule? Apply the rule to the previous line and compare.

A step ``before -> after`` labelled R counts as *by R* when applying R (up to three times, at
any subterms) to ``before`` gives ``after``, or when R read right to left does (an equation
may be used either way). Lines are compared after display-only tidying: shown fractions
divided, products multiplied out, numeric factors taken out of sums. The rule ``algebra``
counts only when plain algebra (expand, cancel, together) turns one line into the other; a
step that leaves the line exactly as it was counts for no rule.

>>> from symgen.notation.symbols import P
>>> a, b = sp.symbols("a b")
>>> rule_applies("def_conditional", P(a, given=(b,)), P(a, b) / P(b))
True
>>> rule_applies("bayes", P(a, given=(b,)), P(a, b) / P(b))
False
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy as sp

from symgen.notation.operators import ArgMax, ArgMin
from symgen.notation.symbols import (
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    OutcomeSum,
    Prob,
    Variance,
)
from symgen.proof.rewrite import LOCAL_RULES, Context, plain_expand, rewrites
from symgen.proof.rewrite_operators import score_root, unfold_operators
from symgen.proof.terms import ShownRatio

# one shown step may split a log of a product of powers all the way (log rules as one family)
_CHECKED_AS = dict.fromkeys(("log_of_product", "log_of_quotient", "log_of_power"), "log_rules")
_DEPTH = 3  # merged repeats of one rule in one shown step
_WIDTH = 64  # candidates kept per depth


def shown_value(expr: sp.Basic) -> sp.Basic:
    """``expr`` with display-only wrappers (shown fractions, unevaluated products) evaluated."""
    if not expr.args or isinstance(expr, sp.Tuple):
        return expr
    args = [shown_value(a) for a in expr.args]
    if isinstance(expr, ShownRatio):
        return args[0] / args[1]
    if isinstance(expr, sp.UnevaluatedExpr):
        return args[0]
    return expr.func(*args)


def _constants_out(expr: sp.Basic) -> sp.Basic:
    """sum (c f) = c sum f for a number c, and sum (-f - g) = -sum (f + g)."""
    if not expr.args or isinstance(expr, sp.Tuple):
        return expr
    expr = expr.func(*(_constants_out(a) for a in expr.args))
    if isinstance(expr, (OutcomeSum, Expectation)):
        body = expr.args[0]
        coeff, rest = body.as_coeff_Mul() if not isinstance(body, sp.Add) else (sp.Integer(1), body)
        if isinstance(body, sp.Add) and all(t.could_extract_minus_sign() for t in body.args):
            coeff, rest = sp.Integer(-1), -body
        if coeff != 1:
            return coeff * expr.func(rest, expr.args[1])
    return expr


def _ordered(expr: sp.Basic) -> sp.Basic:
    """P(y, x) = P(x, y) and sum_{y, x} = sum_{x, y}: the order of names carries no meaning."""
    if not expr.args or isinstance(expr, sp.Symbol):
        return expr
    if isinstance(expr, Prob):
        variables, given = (sp.Tuple(*sorted(t, key=str)) for t in (expr.variables, expr.given))
        return Prob(expr.dist, variables, given)
    args = [_ordered(a) for a in expr.args]
    if isinstance(expr, OutcomeSum):
        return OutcomeSum(args[0], sp.Tuple(*sorted(expr.over, key=str)))
    if isinstance(expr, MutualInformation) and str(args[1]) < str(args[0]):
        args[0], args[1] = args[1], args[0]
    return expr.func(*args)


def canonical(expr: sp.Basic) -> sp.Basic:
    """Display-only normal form: compare two lines that differ only in how they are written."""
    expr = _ordered(shown_value(expr)).replace(
        lambda e: isinstance(e, sp.log) and e.args[0].is_Integer and e.args[0] > 1,
        lambda e: sp.expand_log(e, force=True),  # log 4 = 2 log 2
    )
    return plain_expand(_constants_out(plain_expand(expr)))


def same_line(a: sp.Basic, b: sp.Basic) -> bool:
    """True when ``a`` and ``b`` are the same line, written differently at most."""
    return a == b or canonical(a) == canonical(b)


def algebra_equal(a: sp.Basic, b: sp.Basic) -> bool:
    """True when plain algebra (notation and logs as atoms) shows ``a = b``."""
    if same_line(a, b):
        return True
    try:
        ca, cb = _tidy_logs(canonical(a)), _tidy_logs(canonical(b))
        # logs are atoms for algebra: cancel would split log(p/q) of positive p, q itself
        atoms = {g: sp.Dummy("log") for g in ca.atoms(sp.log) | cb.atoms(sp.log)}
        ca, cb = ca.xreplace(atoms), cb.xreplace(atoms)
        diff = sp.together(ca - cb)
        if sp.cancel(diff) == 0 or plain_expand(sp.numer(diff)) == 0:
            return True
        return bool(sp.cancel(sp.together(ca)) == sp.cancel(sp.together(cb)))
    except (sp.PolynomialError, TypeError, ValueError):
        return False


def _tidy_logs(expr: sp.Basic) -> sp.Basic:
    """Each log's argument over one denominator, common factors cancelled."""
    return expr.replace(
        lambda e: isinstance(e, sp.log), lambda e: sp.log(sp.cancel(sp.together(e.args[0])))
    )


def _reaches(
    rule_id: str, start: sp.Expr, goal: sp.Expr, ctx: Context, depth: int = _DEPTH
) -> bool:
    target = canonical(goal)
    frontier = [start]
    seen = {canonical(start)}
    for _ in range(depth):
        nxt = []
        for expr in frontier:
            for new in rewrites(rule_id, expr, ctx):
                key = canonical(new)
                if key == target:
                    return True
                if key not in seen:
                    seen.add(key)
                    nxt.append(new)
        frontier = nxt[:_WIDTH]
        if not frontier:
            return False
    return False


def rule_applies(
    rule_id: str,
    before: sp.Expr,
    after: sp.Expr,
    *,
    ctx: Context | None = None,
    models: tuple[Mapping[sp.Basic, sp.Expr], ...] = (),
    both_ways: bool = True,
    depth: int = _DEPTH,
) -> bool:
    """True when ``after`` is what rule ``rule_id`` makes of ``before`` (or, by default, the
    other way round: an equation may be used from right to left)."""
    ctx = ctx or Context()
    if before == after:
        return False  # a step that changes nothing is not a step
    if rule_id == "algebra":
        return algebra_equal(before, after)
    special = _SPECIAL.get(rule_id)
    if special is not None and special(before, after, models):
        return True
    rule_id = _CHECKED_AS.get(rule_id, rule_id)
    raw = (before, after)
    before, after = shown_value(before), shown_value(after)
    if canonical(before) == canonical(after):
        return False  # only the way the line is written changed: that is algebra
    if rule_id in LOCAL_RULES and raw != (before, after) and _reaches(rule_id, *raw, ctx, depth):
        return True  # the rule acts on the line as written (log of a product kept unevaluated)
    if rule_id in LOCAL_RULES:
        if _reaches(rule_id, before, after, ctx, depth):
            return True
        if both_ways and (
            _reaches(rule_id, after, before, ctx) or _meet(rule_id, before, after, ctx)
        ):
            return True
    return _unfolds(before, after, models)


def _forms(rule_id: str, expr: sp.Expr, ctx: Context, depth: int = 2) -> set[sp.Basic]:
    """Canonical forms of ``expr`` and of what the rule makes of it (up to ``depth`` times)."""
    forms, frontier = {canonical(expr)}, [expr]
    for _ in range(depth):
        frontier = [new for e in frontier for new in rewrites(rule_id, e, ctx)][:_WIDTH]
        forms.update(canonical(e) for e in frontier)
    return forms


def _meet(rule_id: str, before: sp.Expr, after: sp.Expr, ctx: Context) -> bool:
    """The rule used on both lines gives one line: log(p/q) = -log(q/p) by the log rule."""
    return bool(_forms(rule_id, before, ctx) & _forms(rule_id, after, ctx))


# ---------------------------------------------------------------- rules that take a parameter


def _differentiate(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    derivs = shown_value(before).atoms(sp.Derivative)
    if not derivs:
        return False
    done = shown_value(before).xreplace({d: d.doit() for d in derivs})
    return algebra_equal(done, after) or algebra_equal(sp.expand_log(done, force=True), after)


def _solve(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    from symgen.proof.rules import solve_for

    for var in sorted(shown_value(before).free_symbols, key=str):
        try:
            if algebra_equal(solve_for(before, var), after):
                return True
        except (ValueError, NotImplementedError):
            continue
    return False


def _evaluate(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """Exact arithmetic on numbers: both lines are numbers, equal, the new one no longer."""
    b, a = shown_value(before), shown_value(after)
    if b.free_symbols or a.free_symbols:
        return False
    return bool(sp.nsimplify(b - a) == 0 and sp.count_ops(after) <= sp.count_ops(before))


def _unfolds(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """A named term (a key of a model) replaced by what it stands for.

    Derivations on a concrete model write some lines with opaque named terms (``Term``) whose
    meaning only the model gives; a step on them counts when at least one named term of the
    line before is gone and, with every named term given its meaning, the two lines agree
    by plain algebra.
    """
    for model in models:
        b, a = shown_value(before), shown_value(after)
        gone = {k for k in model if b.has(k) and not a.has(k)}
        if gone and any(
            algebra_equal(_meaning(b, model, forced), _meaning(a, model, forced))
            for forced in (True, False)
        ):
            return True
    return False


def _meaning(expr: sp.Expr, model: Mapping[sp.Basic, sp.Expr], forced: bool) -> sp.Expr:
    """The line with named terms given their meaning, logs split (``forced``: regardless of
    sign, else only where each argument is positive)."""
    for _ in range(6):
        new = expr.xreplace(dict(model))
        if new.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral):
            new = new.doit()
        if new == expr:
            break
        expr = new
    if forced:
        return sp.expand_log(expr, force=True)
    # p in (0, 1) written as s / (1 + s), s > 0: then log(p^3 (1 - p)) splits without force
    odds = {
        sym: (t := sp.Symbol(f"{sym.name}_odds", positive=True)) / (1 + t)
        for sym in expr.free_symbols
        if getattr(sym, "is_probability", False)
    }
    expr = expr.xreplace(odds)
    return expr.replace(
        lambda e: isinstance(e, sp.log), lambda e: sp.expand_log(sp.log(sp.factor(e.args[0])))
    )


def _log_bound(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """log u <= u - 1 (Gibbs): each log(u) of the line replaced by u - 1."""
    b = shown_value(before)
    logs = b.atoms(sp.log)
    return bool(logs) and algebra_equal(b.xreplace({g: g.args[0] - 1 for g in logs}), after)


# ---------------------------------------------------------------- named inequalities


def is_known_nonnegative(expr: sp.Basic) -> bool:
    """True for a sum of non-negative measures, an average of squares or of -log P.

    >>> X = sp.Symbol("X")
    >>> is_known_nonnegative(Expectation((X - Expectation(X, sp.Tuple())) ** 2, sp.Tuple()))
    True
    """
    if expr.is_nonnegative or _minus_log_probability(expr):
        return True
    if isinstance(expr, sp.Add):
        return all(is_known_nonnegative(a) for a in expr.args)
    if isinstance(expr, sp.Mul):
        return all(a.is_positive or is_known_nonnegative(a) for a in expr.args)
    if isinstance(expr, sp.Pow):
        return bool(expr.exp.is_even) or is_known_nonnegative(expr.base)
    if isinstance(expr, Expectation):
        return is_known_nonnegative(expr.body)
    return False


def _minus_log_probability(expr: sp.Basic) -> bool:
    coeff, rest = expr.as_coeff_Mul()
    return bool(coeff < 0 and isinstance(rest, sp.log) and isinstance(rest.args[0], Prob))


def _nonnegative(kinds: tuple[type, ...]) -> Callable[[sp.Expr, sp.Expr, tuple], bool]:
    """``before >= 0``: the line is a quantity of one of ``kinds`` known to be non-negative."""

    def check(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
        line = shown_value(before)
        return after == 0 and line.has(*kinds) and is_known_nonnegative(line)

    return check


# ---------------------------------------------------------------- optimisation


def _optima(before: sp.Expr, after: sp.Expr) -> bool:
    same_kind = isinstance(before, (ArgMax, ArgMin)) and type(after) is type(before)
    return same_kind and before.args[1] == after.args[1]


def _monotone(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """argmax f = argmax log f: the same problem with the log of the objective."""
    if not _optima(before, after):
        return False
    f, g = before.args[0], after.args[0]
    return canonical(sp.log(f)) == canonical(g) or canonical(sp.log(g)) == canonical(f)


def _score(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """argmax_t F = the one root of dF/dt = 0."""
    root = score_root(shown_value(before))
    return root is not None and algebra_equal(root, after)


def _drop_constant(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """argmin_v (c + f) = argmin_v f when c does not depend on v."""
    if not _optima(before, after):
        return False
    const = before.args[0] - after.args[0]
    var = before.args[1]
    return const != 0 and var not in unfold_operators(const).free_symbols


_SPECIAL = {
    "differentiate": _differentiate,
    "solve_score_equation": lambda b, a, m: _score(b, a, m) or _solve(b, a, m),
    "evaluate": _evaluate,
    "argmin_of_monotone": _monotone,
    "argmin_drop_constant": _drop_constant,
    "gibbs_inequality": lambda b, a, m: (
        _log_bound(b, a, m) or _nonnegative((KLDivergence,))(b, a, m)
    ),
    "mutual_information_nonnegative": _nonnegative((MutualInformation,)),
    "entropy_nonnegative": _nonnegative((Entropy, sp.log)),
    "jsd_nonnegative": _nonnegative((JSDivergence,)),
    "variance_nonnegative": _nonnegative((Variance, Expectation)),
    # the sample mean collected by value is the mean under the empirical distribution
    "empirical_distribution": lambda before, after, models: algebra_equal(before, after),
}
