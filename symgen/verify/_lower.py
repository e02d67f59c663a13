"""Textbook operators rewritten by their definitions into the base notation the checks read.

Before a link is checked, every operator that :mod:`symgen.verify.expand` and
:mod:`symgen.verify._evaluate` do not know is replaced by its definition:

* measures of laws written by formula: ``D_KL(P || (P + Q)/2)``, ``D_KL(P(X, Y) || P(X)P(Y))``,
  ``H((P + Q)/2)`` become sums over outcomes of the component laws; ``H(Bern(p))`` and
  ``D_KL(Bern(p) || Bern(q))`` become their closed forms (a sum over the values 0 and 1);
* ``Var(aX + b) = E[(aX + b)^2] - E[aX + b]^2`` and ``Cov(U, V) = E[UV] - E[U]E[V]`` for
  expressions of random variables;
* ``E[X | Y]``: ``sum_x P(x | y) x``, a function of the outcome y (so ``E[X | Y] = E[X]`` is
  a statement for every y), and ``E[g(X, Y, E[X | Y])] = sum_{x, y} P(x, y) g(...)``;
* ``ELBO(q(z | x)) = E_{q(z|x)}[log p(x, z) - log q(z | x)]``, the GAN criterion
  ``C(G) = E_{p_data}[log D*(x)] + E_{p_g}[log(1 - D*(x))]`` and
  ``D*_G(x) = p_data(x) / (p_data(x) + p_g(x))``.

``|X|`` (the support size) stays an atom: the evaluator reads it from the model.

>>> from symgen.notation.symbols import Var
>>> X = sp.Symbol("X")
>>> str(lower(Var(2 * X)))
'-E[2*X]**2 + E[4*X**2]'
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from symgen.errors import ParseError
from symgen.notation.laws import BernoulliLaw, CategoricalLaw, FamilyLaw, Mixture, ProductLaw
from symgen.notation.operators import (
    ConditionalExpectation,
    EvidenceLowerBound,
    GANCriterion,
    OptimalDiscriminator,
)
from symgen.notation.symbols import (
    DEFAULT_DIST,
    Covariance,
    CrossEntropy,
    Entropy,
    Expectation,
    JSDivergence,
    KLDivergence,
    Law,
    OutcomeSum,
    Prob,
    Variance,
    is_random_variable,
    outcome_symbol,
)

__all__ = ["lower"]

_DATA, _GEN = sp.Symbol("p_data"), sp.Symbol("p_g")
_TWO_LAWS = (CrossEntropy, KLDivergence, JSDivergence)


def lower(expr: sp.Basic) -> sp.Basic:
    """``expr`` with every textbook operator replaced by its definition (bottom-up)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    if isinstance(expr, Expectation) and expr.body.has(ConditionalExpectation):
        return lower(_nested_expectation(expr))
    args = tuple(lower(a) for a in expr.args)
    if isinstance(expr, (Law, Prob, sp.Tuple)):
        return expr.func(*args) if args != expr.args else expr
    new = expr.func(*args) if args != expr.args else expr
    return _rewrite(new)


def _rewrite(expr: sp.Basic) -> sp.Basic:
    if isinstance(expr, _TWO_LAWS) and _composite(expr.p, expr.q):
        return _two_law_measure(expr)
    if isinstance(expr, Entropy) and isinstance(expr.dist, Law):
        if expr.variables or expr.given:
            raise ParseError(f"{expr}: an entropy of variables under a law written by formula")
        return _entropy_of_law(expr.dist)
    if isinstance(expr, Variance) and not isinstance(expr.args[0], sp.Symbol):
        u = expr.args[0]
        return Expectation(sp.expand(u**2), sp.Tuple()) - Expectation(u, sp.Tuple()) ** 2
    if isinstance(expr, Covariance) and not all(isinstance(a, sp.Symbol) for a in expr.args):
        u, v = expr.args
        both = Expectation(sp.expand(u * v), sp.Tuple())
        return both - Expectation(u, sp.Tuple()) * Expectation(v, sp.Tuple())
    if isinstance(expr, ConditionalExpectation):
        return _conditional_expectation(expr)
    if isinstance(expr, EvidenceLowerBound):
        return _elbo(expr.args[0])
    if isinstance(expr, GANCriterion):
        return _gan_criterion()
    if isinstance(expr, OptimalDiscriminator):
        x = expr.point
        return Prob(_DATA, sp.Tuple(x), sp.Tuple()) / (
            Prob(_DATA, sp.Tuple(x), sp.Tuple()) + Prob(_GEN, sp.Tuple(x), sp.Tuple())
        )
    return expr


# --------------------------------------------------------------------------- laws by formula
def _composite(*laws: sp.Basic) -> bool:
    return any(isinstance(law, Law) for law in laws)


def _law_variables(law: sp.Basic) -> tuple[sp.Symbol, ...]:
    if isinstance(law, Prob):
        return tuple(law.variables)
    if isinstance(law, (Mixture, ProductLaw)):
        return tuple(law.variables)
    return ()


def _outcomes(laws: Sequence[sp.Basic]) -> tuple[sp.Symbol, ...]:
    for law in laws:
        found = _law_variables(law)
        if found:
            return tuple(outcome_symbol(v) if is_random_variable(v) else v for v in found)
    return (sp.Symbol("x"),)


def _value(law: sp.Basic, outs: tuple[sp.Symbol, ...]) -> sp.Expr:
    """The probability that ``law`` gives the outcomes ``outs``."""
    if isinstance(law, Mixture):
        return sp.Add(
            *(w * _value(c, outs) for w, c in zip(law.weights, law.components, strict=True))
        )
    if isinstance(law, ProductLaw):
        return sp.Mul(*(_value(f, _own(f, outs)) for f in law.args))
    if isinstance(law, Prob):
        if law.given:
            raise ParseError(f"{law}: a conditional law inside a measure of laws by formula")
        return Prob(law.dist, sp.Tuple(*outs), sp.Tuple())
    if isinstance(law, FamilyLaw):
        raise ParseError(f"{law}: a named family mixed with other laws in one measure")
    return Prob(law, sp.Tuple(*outs), sp.Tuple())


def _own(factor: sp.Basic, outs: tuple[sp.Symbol, ...]) -> tuple[sp.Symbol, ...]:
    names = [outcome_symbol(v) if is_random_variable(v) else v for v in _law_variables(factor)]
    return tuple(o for o in outs if o in names) or outs


def _points(law: sp.Basic) -> list[sp.Expr] | None:
    """Probabilities of the values of a named family with finitely many values, else None."""
    if isinstance(law, BernoulliLaw):
        (p,) = law.params
        return [1 - p, p]
    if isinstance(law, CategoricalLaw) and len(law.params) > 1:
        return list(law.params)
    return None


def _two_law_measure(expr: sp.Basic) -> sp.Expr:
    p, q = expr.p, expr.q
    left, right = _points(p), _points(q)
    if left is not None and right is not None:
        if len(left) != len(right):
            raise ParseError(f"{expr}: the two laws have different numbers of values")
        return sp.Add(*(_term(expr, a, b) for a, b in zip(left, right, strict=True)))
    outs = _outcomes((p, q))
    return OutcomeSum(_term(expr, _value(p, outs), _value(q, outs)), sp.Tuple(*outs))


def _term(expr: sp.Basic, a: sp.Expr, b: sp.Expr) -> sp.Expr:
    if isinstance(expr, CrossEntropy):
        return -a * sp.log(b)
    if isinstance(expr, KLDivergence):
        return a * sp.log(a / b)
    m = (a + b) / 2
    return a * sp.log(a / m) / 2 + b * sp.log(b / m) / 2


def _entropy_of_law(law: sp.Basic) -> sp.Expr:
    points = _points(law)
    if points is not None:
        return -sp.Add(*(v * sp.log(v) for v in points))
    outs = _outcomes((law,))
    v = _value(law, outs)
    return -OutcomeSum(v * sp.log(v), sp.Tuple(*outs))


# --------------------------------------------------------------------------- E[X | Y]
def _rvs_in(expr: sp.Basic) -> set[sp.Symbol]:
    return {s for s in expr.free_symbols if is_random_variable(s)}


def _conditional_expectation(expr: ConditionalExpectation) -> sp.Expr:
    given = tuple(outcome_symbol(g) if is_random_variable(g) else g for g in expr.given)
    given_rvs = {g for g in expr.given if is_random_variable(g)}
    averaged = sorted(_rvs_in(expr.body) - given_rvs, key=str)
    outs = [outcome_symbol(v) for v in averaged]
    body = expr.body.xreplace(
        {**{v: outcome_symbol(v) for v in averaged}, **{g: outcome_symbol(g) for g in given_rvs}}
    )
    if not outs:
        return body
    law = Prob(expr.dist, sp.Tuple(*outs), sp.Tuple(*given))
    return OutcomeSum(law * body, sp.Tuple(*outs))


def _nested_expectation(expr: Expectation) -> sp.Expr:
    """E[g] whose body holds E[. | Y]: a sum over every variable of g under the law of E."""
    if expr.over != sp.Tuple():
        raise ParseError(f"{expr}: a conditional expectation inside E under another law")
    given: set[sp.Symbol] = set()
    for inner in expr.body.atoms(ConditionalExpectation):
        given |= {g for g in inner.given if is_random_variable(g)}
    body = expr.body.replace(
        lambda e: isinstance(e, ConditionalExpectation),
        lambda e: _conditional_expectation(e),
    )
    order = sorted(_rvs_in(body) | given, key=str)
    body = body.xreplace({v: outcome_symbol(v) for v in order})
    outs = tuple(outcome_symbol(v) for v in order)
    return OutcomeSum(Prob(DEFAULT_DIST, sp.Tuple(*outs), sp.Tuple()) * body, sp.Tuple(*outs))


# --------------------------------------------------------------------------- ELBO, GAN
def _elbo(q: sp.Basic) -> sp.Expr:
    if isinstance(q, Prob):
        law, latent, observed = q.dist, tuple(q.variables), tuple(q.given)
    else:
        law, latent, observed = q, (sp.Symbol("z"),), (sp.Symbol("x"),)
    if not latent or not observed:
        raise ParseError(f"ELBO({q}): write the variational law as q(z | x)")
    term = Prob(law, sp.Tuple(*latent), sp.Tuple(*observed))
    joint = Prob(sp.Symbol("p"), sp.Tuple(*observed, *latent), sp.Tuple())
    return Expectation(sp.log(joint) - sp.log(term), term)


def _gan_criterion() -> sp.Expr:
    x = sp.Symbol("x")
    data, gen = (Prob(law, sp.Tuple(x), sp.Tuple()) for law in (_DATA, _GEN))
    # D*(x) = p_data / (p_data + p_g), so 1 - D*(x) = p_g / (p_data + p_g)
    return Expectation(sp.log(data / (data + gen)), _DATA) + Expectation(
        sp.log(gen / (data + gen)), _GEN
    )
