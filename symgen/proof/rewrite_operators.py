"""Definitions of the textbook operators, as rules: ELBO, C(G), D*, measures of mixtures.

Each function maps one node to the line its definition gives (or nothing):

* ``ELBO(q(z | x)) = E_{q(z|x)}[log p(x, z) - log q(z | x)]``;
* ``C(G) = E_{p_data}[log D*(x)] + E_{p_g}[log(1 - D*(x))]`` with
  ``D*(x) = p_data(x) / (p_data(x) + p_g(x))``;
* measures of laws written by formula, ``D_KL(P || (P + Q)/2)``, ``D_KL(P(X, Y) || P(X)P(Y))``,
  ``H((P + Q)/2)``: sums over outcomes of the component laws.

>>> from symgen.notation.operators import OptimalDiscriminator
>>> str(optimal_discriminator(OptimalDiscriminator(sp.Symbol("x"), sp.Symbol("G"))))
'p_data(x)/(p_data(x) + p_g(x))'
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from symgen.notation.laws import Mixture, ProductLaw
from symgen.notation.operators import (
    ArgMax,
    ArgMin,
    EvidenceLowerBound,
    GANCriterion,
    OptimalDiscriminator,
)
from symgen.notation.symbols import (
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    OutcomeSum,
    Prob,
    is_random_variable,
    outcome_symbol,
)

_DATA, _GEN = sp.Symbol("p_data"), sp.Symbol("p_g")


def _prob(law: sp.Basic, outs: Sequence[sp.Basic], given: Sequence[sp.Basic] = ()) -> Prob:
    return Prob(law, sp.Tuple(*outs), sp.Tuple(*given))


def evidence_lower_bound(node: sp.Basic) -> sp.Expr | None:
    """ELBO(q(z | x)) = E_{q(z|x)}[log p(x, z) - log q(z | x)]."""
    if not isinstance(node, EvidenceLowerBound):
        return None
    q = node.args[0]
    if isinstance(q, Prob):
        law, latent, observed = q.dist, tuple(q.variables), tuple(q.given)
    else:
        law, latent, observed = q, (sp.Symbol("z"),), (sp.Symbol("x"),)
    if not latent or not observed:
        return None
    term = _prob(law, latent, observed)
    joint = _prob(sp.Symbol("p"), (*observed, *latent))
    return Expectation(sp.log(joint) - sp.log(term), term)


def _best(x: sp.Symbol) -> sp.Expr:
    data, gen = _prob(_DATA, (x,)), _prob(_GEN, (x,))
    return data / (data + gen)


def optimal_discriminator(node: sp.Basic) -> sp.Expr | None:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x))."""
    return _best(node.args[0]) if isinstance(node, OptimalDiscriminator) else None


def discriminator_problem(node: sp.Basic) -> sp.Expr:
    """D*(x) = argmax_D [p_data(x) log D + p_g(x) log(1 - D)], maximised point by point."""
    x, d = node.args[0], sp.Symbol("D")
    data, gen = _prob(_DATA, (x,)), _prob(_GEN, (x,))
    return ArgMax(data * sp.log(d) + gen * sp.log(1 - d), d)


def gan_criterion(node: sp.Basic) -> sp.Expr | None:
    """C(G) = V(G, D*) = E_{p_data}[log D*(x)] + E_{p_g}[log(1 - D*(x))]."""
    if not isinstance(node, GANCriterion):
        return None
    best = _best(sp.Symbol("x"))
    return Expectation(sp.log(best), _DATA) + Expectation(sp.log(1 - best), _GEN)


# ---------------------------------------------------------------- laws written by formula


def _variables(law: sp.Basic) -> tuple[sp.Basic, ...]:
    if isinstance(law, (Prob, Mixture, ProductLaw)):
        return tuple(law.variables)
    return ()


def _outcomes(laws: Sequence[sp.Basic]) -> tuple[sp.Symbol, ...]:
    for law in laws:
        found = _variables(law)
        if found:
            return tuple(outcome_symbol(v) if is_random_variable(v) else v for v in found)
    return (sp.Symbol("x"),)


def _value(law: sp.Basic, outs: tuple[sp.Symbol, ...]) -> sp.Expr | None:
    """The probability ``law`` gives the outcomes ``outs`` (None for a law it cannot read)."""
    if isinstance(law, Mixture):
        parts = [_value(c, outs) for c in law.components]
        if any(p is None for p in parts):
            return None
        return sp.Add(*(w * p for w, p in zip(law.weights, parts, strict=True)))
    if isinstance(law, ProductLaw):
        parts = [_value(f, _own(f, outs)) for f in law.args]
        return None if any(p is None for p in parts) else sp.Mul(*parts)
    if isinstance(law, Prob):
        return None if law.given else _prob(law.dist, outs)
    return _prob(law, outs) if isinstance(law, sp.Symbol) else None


def _own(factor: sp.Basic, outs: tuple[sp.Symbol, ...]) -> tuple[sp.Symbol, ...]:
    names = [outcome_symbol(v) if is_random_variable(v) else v for v in _variables(factor)]
    return tuple(o for o in outs if o in names) or outs


def is_composite(node: sp.Basic) -> bool:
    """A measure whose law is written by formula: (P + Q)/2, P(X)P(Y)."""
    laws = (node.dist,) if isinstance(node, Entropy) else node.args[:2]
    return any(isinstance(law, (Mixture, ProductLaw)) for law in laws)


def composite_measure(node: sp.Basic) -> sp.Expr | None:
    """H, H(P, Q), D_KL or JSD of laws written by formula, as a sum over outcomes."""
    if isinstance(node, Entropy) and isinstance(node.dist, Mixture) and not node.variables:
        outs = _outcomes((node.dist,))
        v = _value(node.dist, outs)
        return None if v is None else -OutcomeSum(v * sp.log(v), sp.Tuple(*outs))
    if not isinstance(node, (CrossEntropy, KLDivergence, JSDivergence)) or not is_composite(node):
        return None
    outs = _outcomes(node.args[:2])
    a, b = (_value(law, outs) for law in node.args[:2])
    if a is None or b is None:
        return None
    if isinstance(node, CrossEntropy):
        term = -a * sp.log(b)
    elif isinstance(node, KLDivergence):
        term = a * sp.log(a / b)
    else:
        m = (a + b) / 2
        term = a * sp.log(a / m) / 2 + b * sp.log(b / m) / 2
    return OutcomeSum(term, sp.Tuple(*outs))


OPERATORS = (evidence_lower_bound, gan_criterion, optimal_discriminator, composite_measure)


def unfold_operators(expr: sp.Basic) -> sp.Basic:
    """Every textbook operator of ``expr`` replaced by its definition (innermost first)."""
    if not expr.args or isinstance(expr, (sp.Tuple, Prob)):
        return expr
    expr = expr.func(*(unfold_operators(a) for a in expr.args))
    for definition in OPERATORS:
        new = definition(expr)
        if new is not None:
            return unfold_operators(new)
    return expr


# ---------------------------------------------------------------- optimisation


def sums_split(expr: sp.Expr) -> sp.Expr:
    """Indexed sums split over + with factors free of the index taken out; sum_i 1 = n."""

    def split(node: sp.Sum) -> sp.Expr:
        index = {lim[0] for lim in node.limits}
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(node.function)):
            const = [f for f in sp.Mul.make_args(term) if not f.free_symbols & index]
            rest = [f for f in sp.Mul.make_args(term) if f.free_symbols & index]
            total += sp.Mul(*const) * sp.Sum(sp.Mul(*rest), *node.limits).doit()
        return total

    return expr.replace(lambda e: isinstance(e, sp.Sum), split)


def score_root(node: sp.Basic) -> sp.Expr | None:
    """argmax_t F(t) as the one root of the score dF/dt = 0 (None when there is not one)."""
    if not isinstance(node, (ArgMax, ArgMin)):
        return None
    body, var = node.args
    try:
        score = sums_split(sp.diff(body, var))
        roots = sp.solve(score, var, dict=False)
    except (NotImplementedError, ValueError, TypeError):
        return None
    return sp.simplify(roots[0]) if len(roots) == 1 else None
