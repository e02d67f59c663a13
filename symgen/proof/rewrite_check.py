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

from collections.abc import Mapping

import sympy as sp

from symgen.notation.symbols import Expectation, MutualInformation, OutcomeSum, Prob
from symgen.proof.rewrite import LOCAL_RULES, Context, plain_expand, rewrites
from symgen.proof.terms import ShownRatio

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
    return plain_expand(_constants_out(plain_expand(_ordered(shown_value(expr)))))


def same_line(a: sp.Basic, b: sp.Basic) -> bool:
    """True when ``a`` and ``b`` are the same line, written differently at most."""
    return a == b or canonical(a) == canonical(b)


def algebra_equal(a: sp.Basic, b: sp.Basic) -> bool:
    """True when plain algebra (notation and logs as atoms) shows ``a = b``."""
    if same_line(a, b):
        return True
    try:
        ca, cb = canonical(a), canonical(b)
        diff = sp.together(ca - cb)
        if sp.cancel(diff) == 0 or plain_expand(sp.numer(diff)) == 0:
            return True
        return bool(sp.cancel(sp.together(ca)) == sp.cancel(sp.together(cb)))
    except (sp.PolynomialError, TypeError, ValueError):
        return False


def _reaches(rule_id: str, start: sp.Expr, goal: sp.Expr, ctx: Context) -> bool:
    target = canonical(goal)
    frontier = [start]
    seen = {canonical(start)}
    for _ in range(_DEPTH):
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
) -> bool:
    """True when ``after`` is what rule ``rule_id`` makes of ``before`` (or, by default, the
    other way round: an equation may be used from right to left)."""
    ctx = ctx or Context()
    if before == after:
        return False  # a step that changes nothing is not a step
    if rule_id == "algebra":
        return algebra_equal(before, after)
    special = _SPECIAL.get(rule_id)
    if special is not None:
        return special(before, after, models)
    if rule_id not in LOCAL_RULES:
        return False
    if _reaches(rule_id, before, after, ctx):
        return True
    return both_ways and _reaches(rule_id, after, before, ctx)


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


def _substitute(before: sp.Expr, after: sp.Expr, models: tuple) -> bool:
    """Known terms replaced by their values (a model of the derivation gives them)."""
    for model in models:
        keys = set(model)
        used_before = {k for k in keys if shown_value(before).has(k)}
        used_after = {k for k in keys if shown_value(after).has(k)}
        if used_after < used_before:
            partial = shown_value(before).xreplace({k: model[k] for k in used_before - used_after})
            if algebra_equal(partial, after):
                return True
    return False


_SPECIAL = {
    "differentiate": _differentiate,
    "solve_score_equation": _solve,
    "evaluate": _evaluate,
    "substitute": _substitute,
    "def_joint": _substitute,
    "def_pmf": _substitute,
}
