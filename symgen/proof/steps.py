"""Step chains: each link checked, the first wrong step found, and a near-miss hint."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sympy as sp

from symgen.errors import CheckTimeout, ParseError
from symgen.notation.symbols import CrossEntropy, Entropy, JSDivergence, KLDivergence, Prob
from symgen.parsing.budget import time_budget
from symgen.proof.fallacies import _text, recognise
from symgen.verify.link import check_link
from symgen.verify.models import scan
from symgen.verify.verdict import Status, StepsVerdict

__all__ = ["DEFAULT_BUDGET", "DEFAULT_TIMEOUT", "check_steps", "near_miss"]

DEFAULT_BUDGET = 30.0  # seconds: the web's and sheet's limit for one claim or chain
DEFAULT_TIMEOUT = 2.0  # seconds: verify_claim / check_steps return 'timeout' after them
_MAX_STEPS = 50


# --------------------------------------------------------------------------- step chains
_LEAD = re.compile(r"^\s*(>=|<=|≥|≤|=|>|<|\\geq|\\leq|\\ge|\\le)\s*")
_LEAD_OPS = {"≥": ">=", "≤": "<=", "\\geq": ">=", "\\ge": ">=", "\\leq": "<=", "\\le": "<="}


def _step(item: Any) -> tuple[str, sp.Expr]:
    """Relation to the previous step (a leading ``=``, ``>=`` ... in text) and the expression."""
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0]), item[1]
    if not isinstance(item, str):
        return "=", item
    match = _LEAD.match(item)
    op = "=" if match is None else _LEAD_OPS.get(match.group(1), match.group(1))
    from symgen.parsing.parser import parse

    return op, parse(item[match.end() :] if match else item)


def check_steps(
    steps: Sequence[Any],
    *,
    assumes: Sequence[Any] = (),
    seed: int = 0,
    timeout: float | None = None,
    budget: float | None = DEFAULT_BUDGET,
) -> StepsVerdict:
    """Check a chain ``s0 = s1 = s2 ...`` (a step may start with ``>=``/``<=`` instead).

    ``first_wrong`` is the first refuted step; ``unproved`` lists inequality steps that no
    model breaks but nothing proves (``ok`` is False for them too). ``timeout``: seconds for
    the whole chain; when they run out, ``reason`` is ``timeout`` and no step counts as
    checked (``ok`` is False). Without a timeout, ``budget`` (30 s; None for none) raises
    CheckTimeout instead.

    >>> check_steps(["P(a,b)", "P(a|b) P(b)", "P(b|a) P(a)"]).ok
    True
    """
    if len(steps) > _MAX_STEPS:
        raise ParseError(f"{len(steps)} steps (max {_MAX_STEPS})")
    if len(steps) < 2:
        raise ParseError("a chain needs at least two steps")
    if timeout is None:
        with time_budget(budget):
            return _check_steps(steps, assumes=assumes, seed=seed)
    try:
        with time_budget(timeout):
            return _check_steps(steps, assumes=assumes, seed=seed)
    except CheckTimeout as exc:
        shown = tuple(s if isinstance(s, str) else str(s) for s in steps)
        return StepsVerdict(
            shown, (), None, unproved=tuple(range(1, len(shown))), reason=f"timeout: {exc}"
        )


def _check_steps(steps: Sequence[Any], *, assumes: Sequence[Any], seed: int) -> StepsVerdict:
    parsed = [_step(s) for s in steps]
    exprs = [e for _, e in parsed]
    ops = tuple(op for op, _ in parsed[1:])
    verdicts = tuple(
        check_link(a, b, relation=op, assumes=assumes, seed=seed)
        for (a, b), op in zip(itertools.pairwise(exprs), ops, strict=True)
    )
    first = next((i + 1 for i, v in enumerate(verdicts) if not v.ok), None)
    hint = hint_ko = None
    if first is not None:
        hint, hint_ko = near_miss(exprs[first - 1], exprs[first], ops[first - 1], assumes=assumes)
    texts = tuple(s if isinstance(s, str) else str(s) for s in steps)
    unproved = tuple(
        i + 1
        for i, (v, op) in enumerate(zip(verdicts, ops, strict=True))
        if op != "=" and v.status is Status.NUMERIC_ONLY
    )
    return StepsVerdict(texts, verdicts, first, hint, hint_ko, ops, unproved)


# --------------------------------------------------------------------------- near misses
def _swap_conditions(expr: sp.Expr) -> sp.Expr:
    return expr.replace(
        lambda e: isinstance(e, Prob) and bool(e.given),
        lambda e: Prob(e.dist, e.given, e.variables),
    )


def _swap_laws(expr: sp.Expr) -> sp.Expr:
    return expr.replace(
        lambda e: isinstance(e, (KLDivergence, JSDivergence, CrossEntropy)),
        lambda e: e.func(e.q, e.p),
    )


def _independence_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """P(u) P(v) -> P(u | v) P(v): undo an independence that was assumed."""
    out = []
    for mul in after.atoms(sp.Mul):
        singles = [t for t in mul.args if isinstance(t, Prob) and not t.given]
        for u, v in itertools.permutations(singles, 2):
            if u.dist == v.dist:
                fixed = Prob(u.dist, u.variables, v.variables) * v
                out.append(after.xreplace({mul: mul / (u * v) * fixed}))
    return out


def _new_first(before: sp.Expr, terms: Iterable[sp.Basic]) -> list[sp.Basic]:
    """Terms the step introduced come first: they are the likelier culprits."""
    old = before.atoms(*{type(t) for t in terms}) if terms else set()
    return sorted(terms, key=lambda t: (t in old, str(t)))


def _entropy_condition_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """H(Y) -> H(Y | X): put back one dropped condition."""
    rvs = sorted(scan([before, after]).rvs, key=str)
    out = []
    for term in _new_first(before, after.atoms(Entropy)):
        if term.variables and not term.given:
            for rv in rvs:
                if rv not in term.variables:
                    fixed = Entropy(term.variables, sp.Tuple(rv), term.dist)
                    out.append(after.xreplace({term: fixed}))
    return out


def _prob_condition_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """P(u) -> P(u | v): put back one dropped condition."""
    outcomes = sorted({s for t in before.atoms(Prob) for s in t.variables + t.given}, key=str)
    out = []
    for term in _new_first(before, after.atoms(Prob)):
        for s in outcomes:
            if not term.given and s not in term.variables:
                out.append(after.xreplace({term: Prob(term.dist, term.variables, sp.Tuple(s))}))
    return out


def _normalisation_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """after / P(b) and after * P(b) for every conditioning set b in sight."""
    givens = {(t.dist, t.given) for side in (before, after) for t in side.atoms(Prob) if t.given}
    out = []
    for dist, given in sorted(givens, key=str):
        marginal = Prob(dist, given, sp.Tuple())
        out += [after / marginal, after * marginal]
    return out


_REPAIRS = (
    (
        lambda before, after: [_swap_conditions(after)],
        "the conditioning looks swapped (P(a | b) is not P(b | a))",
        "조건이 뒤바뀐 것 같습니다 (P(a | b)와 P(b | a)는 다릅니다)",
    ),
    (
        lambda before, after: [_swap_laws(after)],
        "the arguments of D_KL or H(P, Q) look swapped (neither is symmetric)",
        "D_KL 또는 H(P, Q)의 인자가 뒤바뀐 것 같습니다 (둘 다 대칭이 아닙니다)",
    ),
    (lambda before, after: [-after], "a sign looks lost", "부호가 빠진 것 같습니다"),
    (
        _independence_repairs,
        "independence looks assumed without being given",
        "주어지지 않은 독립성을 가정한 것 같습니다",
    ),
    (
        _entropy_condition_repairs,
        "a condition looks dropped (H(Y | X) is H(Y) only for independent X, Y)",
        "조건이 빠진 것 같습니다 (H(Y | X)는 X, Y가 독립일 때만 H(Y)와 같습니다)",
    ),
    (
        _prob_condition_repairs,
        "a condition looks dropped (P(u | v) is P(u) only when u and v are independent)",
        "조건이 빠진 것 같습니다 (P(u | v)는 u, v가 독립일 때만 P(u)와 같습니다)",
    ),
    (
        _normalisation_repairs,
        "a normalisation (division by a marginal probability) looks missing",
        "정규화(주변 확률로 나누기)가 빠진 것 같습니다",
    ),
)


def near_miss(
    before: sp.Expr, after: sp.Expr, op: str = "=", *, assumes: Sequence[Any] = ()
) -> tuple[str | None, str | None]:
    """A likely intended step: a known mistake, or a repair of ``after`` that makes it true.

    A repair is named only when the repaired link passes the full check.
    """
    known = recognise(before, op, after)
    if known is not None:
        mistake, (cl, cop, cr) = known
        return (
            f"{mistake.en} Correct: {_text(cl, cop, cr)}.",
            f"{mistake.ko} 올바른 식: {_text(cl, cop, cr)}.",
        )
    for repairs, en, ko in _REPAIRS:
        for fixed in repairs(before, after):
            if fixed == after:
                continue
            repaired = check_link(before, fixed, relation=op, assumes=assumes)
            # an inequality repair must be proved: numeric evidence does not make it hold
            if repaired.ok and (op == "=" or repaired.status is Status.PROVED):
                return (
                    f"{en}: {before} {op} {fixed} would hold.",
                    f"{ko}: {before} {op} {fixed} 은(는) 성립합니다.",
                )
    if _dropped_sum(before, after):
        return ("a sum over outcomes looks dropped", "결과값에 대한 합이 빠진 것 같습니다")
    return None, None


def _dropped_sum(before: sp.Expr, after: sp.Expr) -> bool:
    from symgen.notation.symbols import OutcomeSum

    return before.has(OutcomeSum) and not after.has(OutcomeSum)
