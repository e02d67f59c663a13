"""Inequalities proved by a named non-negative quantity.

``lhs <= rhs`` is proved when ``rhs - lhs``, expanded by definitions, has the normal form of
one textbook non-negative quantity (possibly times 2 or 1/2), or of one minus a mutual
information that an assumed independence makes 0 (data processing). The quantity and the
inequality that makes it non-negative are returned as a :class:`Witness`, so the proof can
end on the named inequality:

* D_KL >= 0 (Gibbs), JSD >= 0, I >= 0, H >= 0, Var >= 0;
* ``sum_x P(x) log(|X| P(x)) >= 0``: Gibbs against the uniform law (H(X) <= log |X|);
* ``sum_x [P log((P + Q)/P) + Q log((P + Q)/Q)] / 2 >= 0``, term by term (JSD <= log 2);
* ``D_KL(Bern(p) || Bern(1/2)) >= 0`` for a parameter p in (0, 1) (binary entropy <= log 2);
* ``P(a) - P(a, b) >= 0``, monotonicity of probability.

>>> import sympy as sp
>>> from symgen.notation.symbols import H
>>> from symgen.notation.operators import SupportSize
>>> X = sp.Symbol("X")
>>> w = find_witness(H(X), sp.log(SupportSize(X)), "<=", ())
>>> w.name_en
"Gibbs' inequality against the uniform law on the |X| values of X"
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import sympy as sp

from symgen.notation.laws import BernoulliLaw
from symgen.notation.operators import SupportSize
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Entropy,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    OutcomeSum,
    Prob,
    Variance,
    outcome_symbol,
)
from symgen.parsing.budget import checkpoint
from symgen.verify._lower import lower
from symgen.verify.assumptions import Independence
from symgen.verify.expand import _Context, _expand, symbolic_zero
from symgen.verify.models import MAX_VARIABLES, ModelError, model_variables, scan

__all__ = ["Witness", "find_witness"]

_NAMES: dict[type, tuple[str, str]] = {
    KLDivergence: ("Gibbs' inequality: D_KL >= 0", "깁스 부등식: D_KL ≥ 0"),
    JSDivergence: (
        "the Jensen-Shannon divergence is non-negative",
        "젠슨-섀넌 발산은 음이 아니다",
    ),
    MutualInformation: ("mutual information is non-negative", "상호정보량은 음이 아니다"),
    Entropy: ("entropy is non-negative", "엔트로피는 음이 아니다"),
    Variance: ("variance is non-negative", "분산은 음이 아니다"),
}


@dataclass(frozen=True)
class Witness:
    """``gap = quantity (- vanishing terms)``, and why ``quantity >= 0``."""

    gap: sp.Expr  # the side difference that must be >= 0
    quantity: sp.Expr  # what it equals (shown)
    name_en: str
    name_ko: str
    vanishing: tuple[sp.Expr, ...] = ()  # terms that are 0 by an assumed independence

    def steps(self) -> tuple[tuple[str, str, str, str], ...]:
        """``(expression, relation, justification en, ko)`` from the gap to ``>= 0``."""
        out = []
        if self.vanishing:
            rest = self.quantity - sp.Add(*self.vanishing)
            out.append((str(rest), "=", "the chain rule, both ways", "연쇄 법칙을 두 가지로 적용"))
            out.append(
                (
                    str(self.quantity),
                    "=",
                    "the assumed independence makes it 0",
                    "가정한 조건부 독립에 의해 0",
                )
            )
        else:
            out.append((str(self.quantity), "=", "by the definitions", "정의에 의해"))
        out.append(("0", ">=", self.name_en, self.name_ko))
        return tuple(out)


def find_witness(
    before: sp.Expr, after: sp.Expr, relation: str, indeps: Sequence[Independence]
) -> Witness | None:
    """The named quantity ``before - after`` (for ``>=``) or ``after - before`` equals."""
    if relation not in (">=", "<="):
        return None
    gap = before - after if relation == ">=" else after - before
    try:
        rvs = model_variables([before, after], indeps)
        ctx = _Context(tuple(rvs), tuple(indeps))
        plain = _Context(tuple(rvs), ())
        diff = _expand(gap, ctx)
        generic = _expand(gap, plain) if indeps else diff
        for quantity, names in _candidates(before, after, ctx):
            checkpoint()
            if symbolic_zero(diff - _expand(lower(quantity), ctx), simplify=False):
                return Witness(gap, quantity, *names)
        for quantity, names in _candidates(before, after, ctx):
            for ind in indeps:
                zero = _vanishing(ind)
                if zero is None:
                    continue
                checkpoint()
                target = _expand(lower(quantity) - zero, plain)
                if symbolic_zero(generic - target, simplify=False):
                    return Witness(gap, quantity, *names, vanishing=(zero,))
    except (ModelError, TypeError, ValueError, RecursionError, ZeroDivisionError):
        return None
    return _monotone(gap)


def _vanishing(ind: Independence) -> sp.Expr | None:
    if not ind.left or not ind.right:
        return None
    parts = (sp.Tuple(*sorted(s, key=str)) for s in (ind.left, ind.right, ind.given))
    return MutualInformation(*parts, DEFAULT_DIST)


def _candidates(
    before: sp.Expr, after: sp.Expr, ctx: _Context
) -> Iterator[tuple[sp.Expr, tuple[str, str]]]:
    for quantity in _templates(before, after, ctx):
        names = _NAMES[type(quantity)]
        yield quantity, names
        if isinstance(quantity, (KLDivergence, JSDivergence, MutualInformation)):
            yield 2 * quantity, names
            yield quantity / 2, names
    yield from _special(before, after, ctx)


def _special(
    before: sp.Expr, after: sp.Expr, ctx: _Context
) -> Iterator[tuple[sp.Expr, tuple[str, str]]]:
    both = sp.Tuple(before, after)
    for size in sorted(both.atoms(SupportSize), key=str):
        rv = size.args[0]
        x = outcome_symbol(rv)
        px = Prob(DEFAULT_DIST, sp.Tuple(x), sp.Tuple())
        yield (
            OutcomeSum(px * sp.log(size * px), sp.Tuple(x)),
            (
                f"Gibbs' inequality against the uniform law on the |{rv}| values of {rv}",
                f"{rv}의 |{rv}|개 값 위의 균등 분포에 대한 깁스 부등식",
            ),
        )
    laws = sorted(scan([before, after]).laws, key=str)
    outs = tuple(outcome_symbol(v) for v in ctx.rvs)
    for p, q in itertools.combinations(laws, 2):
        pp, qq = (Prob(law, sp.Tuple(*outs), sp.Tuple()) for law in (p, q))
        term = pp * sp.log((pp + qq) / pp) / 2 + qq * sp.log((pp + qq) / qq) / 2
        yield (
            OutcomeSum(term, sp.Tuple(*outs)),
            (
                f"every term is non-negative, since {p}(x) + {q}(x) >= {p}(x) and >= {q}(x)",
                f"{p}(x) + {q}(x) ≥ {p}(x), {q}(x) 이므로 모든 항이 음이 아니다",
            ),
        )
    for p in sorted(both.free_symbols, key=str):
        if getattr(p, "is_probability", False):
            yield (
                KLDivergence(BernoulliLaw(p), BernoulliLaw(sp.S.Half)),
                (
                    "Gibbs' inequality: D_KL(Bern(p) || Bern(1/2)) >= 0",
                    "깁스 부등식: D_KL(Bern(p) || Bern(1/2)) ≥ 0",
                ),
            )


def _templates(before: sp.Expr, after: sp.Expr, ctx: _Context) -> Iterable[sp.Expr]:
    nonnegative = (KLDivergence, JSDivergence, MutualInformation, Entropy)
    for side in (before, after):
        yield from sorted(side.atoms(*nonnegative), key=str)
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


def _monotone(gap: sp.Expr) -> Witness | None:
    """``P(a) - P(a, b)`` (same law and condition): the probability of a smaller event."""
    terms = sp.Add.make_args(sp.expand(gap))
    if len(terms) != 2:
        return None
    pos = [t for t in terms if isinstance(t, Prob)]
    neg = [-t for t in terms if isinstance(-t, Prob)]
    if len(pos) != 1 or len(neg) != 1:
        return None
    big, small = pos[0], neg[0]
    if (
        big.dist == small.dist
        and big.given == small.given
        and set(big.variables) < set(small.variables)
    ):
        return Witness(
            gap,
            gap,
            "monotonicity of probability: the event on the right contains the one on the left",
            "확률의 단조성: 오른쪽 사건이 왼쪽 사건을 포함한다",
        )
    return None
