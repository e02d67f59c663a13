"""Inequalities derived: rewrite the gap into a quantity known to be non-negative, then say why.

For ``big >= small`` the chain starts at ``big - small``, rewrites it by the rules of
:mod:`symgen.proof.rewrite` (the equality search of :mod:`symgen.proof.search`) into a
mutual information, a KL divergence, an entropy, a JSD or a variance, and ends with ``>= 0``
by the named inequality for that quantity. The candidates are built from the names the claim
uses; each is tried only when the normal form of ``gap - candidate`` is 0, so the search runs
only towards a target that is right.

>>> X, Y = sp.symbols("X Y")
>>> from symgen.notation.symbols import H
>>> d = derive_inequality(H(X), "<=", H(X) + H(Y, given=(X,)))
>>> [s.rule for s in d.steps][-1], d.relation
('entropy_nonnegative', '>=')
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator

import sympy as sp

from symgen.errors import SymgenError
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Entropy,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    Prob,
    Variance,
    is_distribution,
    is_random_variable,
)
from symgen.proof.derivation import Derivation, Step
from symgen.proof.rewrite import Context, rewrites
from symgen.proof.rewrite_check import canonical
from symgen.proof.rewrite_operators import unfold_operators
from symgen.proof.search import DEFAULT_TIMEOUT, derive
from symgen.verify.expand import expand_measures, symbolic_zero
from symgen.verify.link import check_link

# the named inequality that ends a chain at each kind of non-negative quantity
FINAL_RULE: dict[type, str] = {
    MutualInformation: "mutual_information_nonnegative",
    KLDivergence: "gibbs_inequality",
    Entropy: "entropy_nonnegative",
    JSDivergence: "jsd_nonnegative",
    Variance: "variance_nonnegative",
}
# a definition that shows why a quantity is non-negative (an average of squares, of -log P)
_SHOWN_AS: dict[type, str] = {
    Entropy: "entropy_as_expectation",
    Variance: "def_variance",
    MutualInformation: "mi_as_kl",
    JSDivergence: "jsd_as_kl",
}
_MAX_CANDIDATES = 24
_TRIALS = 6  # random models for the numeric filter of a candidate
_RESERVE = 0.5  # seconds kept for the search once a candidate passes the filter


def derive_inequality(
    lhs: sp.Expr,
    op: str,
    rhs: sp.Expr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    assumes: tuple[object, ...] = (),
    clock: Callable[[], float] = time.monotonic,
) -> Derivation | None:
    """``big - small = ... = K >= 0`` for a claim ``lhs op rhs`` (op one of <=, >=, <, >)."""
    if op not in ("<=", ">=", "<", ">"):
        return None
    big, small = (rhs, lhs) if op in ("<=", "<") else (lhs, rhs)
    gap = big - small
    deadline = clock() + timeout
    for target in _candidates(gap):
        if clock() > deadline - _RESERVE:
            return None
        steps = _chain_to(gap, target, deadline - clock(), assumes, clock)
        if steps is not None:
            return _with_final(gap, steps, target, assumes)
    return None


def _chain_to(
    gap: sp.Expr, target: sp.Expr, timeout: float, assumes: tuple[object, ...], clock: Callable
) -> tuple[Step, ...] | None:
    if canonical(gap) == canonical(target):
        return ()
    if not _same_value(gap, target):
        return None
    found = derive(gap, target, timeout=timeout, assumes=assumes, clock=clock)
    return None if found is None else found.steps


def _with_final(
    gap: sp.Expr, steps: tuple[Step, ...], target: sp.Expr, assumes: tuple[object, ...]
) -> Derivation:
    kind = _kind(target)
    chain = list(steps)
    last = chain[-1].expr if chain else gap
    shown = _SHOWN_AS.get(kind) if kind is not None else None
    if shown and kind is not None and isinstance(target, kind):
        ahead = rewrites(shown, last, Context.from_assumptions(assumes))
        if ahead:
            chain.append(Step(ahead[0], shown, assumes=tuple(str(a) for a in assumes)))
    kind = (_kind(chain[-1].expr) if chain else None) or kind
    rule = FINAL_RULE[kind] if kind is not None else "gibbs_inequality"
    said = tuple(str(a) for a in assumes)
    chain.append(Step(sp.Integer(0), rule, relation=">=", assumes=said))
    return Derivation(
        name="derived",
        topic="",
        title_en="Derivation",
        title_ko="유도",
        start=gap,
        steps=tuple(chain),
    )


def _kind(target: sp.Expr) -> type | None:
    for term in sp.Add.make_args(target):
        for cls in FINAL_RULE:
            if term.has(cls):
                return cls
    return None


def _same_value(a: sp.Expr, b: sp.Expr, *, numeric: bool = True) -> bool:
    """True when ``a = b`` by normal forms, or (``numeric``) on a few random models.

    Only a filter: the chain that follows is made of rules, each checked on its own.
    """
    try:
        if symbolic_zero(expand_measures(unfold_operators(a - b))):
            return True
        if not numeric:
            return False
        verdict = check_link(unfold_operators(a), unfold_operators(b), seed=0, trials=_TRIALS)
    except (SymgenError, ValueError, TypeError):
        return False
    return verdict.status.name in ("PROVED", "NUMERIC_ONLY")


def _candidates(gap: sp.Expr) -> Iterator[sp.Expr]:
    """Non-negative quantities over the names of ``gap``: the gap itself first, then I, H, D."""
    unfolded = unfold_operators(gap)
    names = gap.free_symbols | unfolded.free_symbols
    rvs = sorted({s for s in names if is_random_variable(s)}, key=str)
    laws = sorted({s for s in names if is_distribution(s)}, key=str)
    found: list[sp.Expr] = [gap] if _kind(gap) is not None and _nonnegative_sum(gap) else []
    for x, y in itertools.permutations(rvs, 2):
        found.append(MutualInformation(sp.Tuple(x), sp.Tuple(y), sp.Tuple(), DEFAULT_DIST))
        found.append(Entropy(sp.Tuple(x), sp.Tuple(y), DEFAULT_DIST))
        for z in rvs:
            if z not in (x, y):
                cond = MutualInformation(sp.Tuple(x), sp.Tuple(y), sp.Tuple(z), DEFAULT_DIST)
                found.append(cond)
    found.extend(Entropy(sp.Tuple(x), sp.Tuple(), DEFAULT_DIST) for x in rvs)
    found.extend(Variance(x) for x in rvs)
    for p, q in itertools.permutations(laws, 2):
        found.append(KLDivergence(p, q))
        found.append(2 * JSDivergence(p, q))
    found.extend(KLDivergence(t.p, t.q) for t in gap.atoms(KLDivergence))
    for term in unfolded.atoms(Prob):  # q(z | x) against p(z | x): the ELBO's gap
        if term.given:
            found.extend(
                KLDivergence(term, Prob(law, term.variables, term.given))
                for law in laws
                if law != term.dist
            )
    yield from dict.fromkeys(found[:_MAX_CANDIDATES])


def _nonnegative_sum(expr: sp.Expr) -> bool:
    return all(
        t.as_coeff_Mul()[0] > 0 and not t.as_coeff_Mul()[1].is_Add for t in sp.Add.make_args(expr)
    )
