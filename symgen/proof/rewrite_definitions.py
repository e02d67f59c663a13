"""Definitions as rules: H, H(P, Q), D_KL, JSD, I, self-information, E, Var, Cov, operators.

Each function maps one node to the line its definition gives: ``H(X)`` to
``-sum_x P(x) log P(x)``, ``E[f(X)]`` to ``sum_x P(x) f(x)``, and the expectation forms
``H(X) = E[-log P(X)]``, ``D_KL(P || Q) = E_P[log P/Q]``, ``H(P, Q) = E_P[-log Q]``.

>>> X = sp.Symbol("X")
>>> from symgen.notation.symbols import H
>>> str(_def_entropy(H(X), Context())[0])
'-sum_{x} (log(P(x))*P(x))'
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from symgen.notation.laws import Mixture, ProductLaw
from symgen.notation.operators import OptimalDiscriminator
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    MutualInformation,
    Prob,
    SelfInformation,
    Variance,
    random_variable,
)
from symgen.proof.rewrite_base import (
    Context,
    Local,
    _joint,
    _law_outcomes,
    _osum,
    _out,
    _prob,
    _sorted,
    _to_outcomes,
)
from symgen.proof.rewrite_operators import (
    composite_measure,
    discriminator_problem,
    evidence_lower_bound,
    gan_criterion,
    is_composite,
    optimal_discriminator,
)
from symgen.verify.models import averaged_variables


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


def _mi_as_kl(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """I(X; Y) = D_KL(P(X, Y) || P(X) P(Y))."""
    if not isinstance(node, MutualInformation) or node.given:
        return []
    law = node.dist
    left, right = [_out(v) for v in node.left], [_out(v) for v in node.right]
    product = ProductLaw(_prob(law, left), _prob(law, right))
    return [KLDivergence(_joint(law, (*left, *right)), product)]


def _jsd_as_kl(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """JSD(P || Q) = D_KL(P || M)/2 + D_KL(Q || M)/2 with the mixture M = (P + Q)/2."""
    if not isinstance(node, JSDivergence) or is_composite(node):
        return []
    half = sp.Rational(1, 2)
    mix = Mixture(sp.Tuple(half, half), sp.Tuple(node.p, node.q))
    return [half * KLDivergence(node.p, mix) + half * KLDivergence(node.q, mix)]


def _pointwise_maximum(node: sp.Basic, ctx: Context) -> list[sp.Expr]:
    """D*(x): the maximisation problem it solves, or its solution."""
    if not isinstance(node, OptimalDiscriminator):
        return []
    return [discriminator_problem(node), optimal_discriminator(node)]


DEFINITIONS: dict[str, Local] = {
    "mi_as_kl": _mi_as_kl,
    "jsd_as_kl": _jsd_as_kl,
    "def_entropy": _def_entropy,
    "def_cross_entropy": _def_cross_entropy,
    "def_kl": _def_kl,
    "def_jsd": _def_jsd,
    "def_mutual_information": _def_mutual_information,
    "def_self_information": _def_self_information,
    "def_expectation": _def_expectation,
    "def_variance": _def_variance,
    "def_covariance": _def_covariance,
    "entropy_as_expectation": _entropy_as_expectation,
    "kl_as_expectation": _kl_as_expectation,
    "cross_entropy_as_expectation": _cross_entropy_as_expectation,
    "def_elbo": _operator(evidence_lower_bound),
    "gan_value": _operator(gan_criterion),
    "pointwise_maximum": _pointwise_maximum,
}
