"""Mutation corpus for the step checker: wrong steps (all must be REFUTED) and true rewrites.

``IDENTITIES`` are correct textbook identities written with :mod:`symgen.notation.symbols`. Wrong
steps are generated from them by systematic mutation operators (swapped conditioning,
swapped KL / cross-entropy arguments, dropped or sign-flipped terms, dropped sums, wrong
log laws, missing normalisation, independence assumed, off-by-one conditioning in the chain
rule, wrong coefficients) plus hand-written ones; ``TRUE_STEPS`` are correct but rewritten
links. A mutation that happens to give a *true* identity is excluded by hand in
``EXCLUDED`` with the reason (never by asking the verifier, which would make the test
circular).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sympy as sp

from symgen.notation.symbols import (
    JSD,
    Cov,
    CrossEntropy,
    D,
    E,
    Entropy,
    H,
    Hx,
    I,
    KLDivergence,
    OutcomeSum,
    P,
    Pmf,
    Prob,
    SelfInfo,
    Sum,
    Var,
)

a, b, c, d, x, y, z = sp.symbols("a b c d x y z")
X, Y, Z = sp.symbols("X Y Z")
PP, QQ = sp.symbols("P Q")
p, q, p_data, p_g = sp.symbols("p q p_data p_g")
log = sp.log

Link = tuple[str, sp.Expr, sp.Expr]  # (label, before, after)


def _q(*args: sp.Basic, given: tuple = ()) -> Prob:
    return Pmf(q, *args, given=given)


def _p(*args: sp.Basic, given: tuple = ()) -> Prob:
    return Pmf(p, *args, given=given)


def _gan_value() -> sp.Expr:
    pd, pg = Pmf(p_data, x), Pmf(p_g, x)
    return Sum(pd * log(pd / (pd + pg)), x) + Sum(pg * log(pg / (pd + pg)), x)


IDENTITIES: list[Link] = [
    ("product_rule", P(a, b), P(a, given=b) * P(b)),
    ("product_rule_other", P(a, b), P(b, given=a) * P(a)),
    ("bayes", P(a, given=b), P(b, given=a) * P(a) / P(b)),
    ("bayes_total", P(a, given=b), P(b, given=a) * P(a) / Sum(P(b, given=c) * P(c), c)),
    ("chain_rule_3", P(a, b, c), P(a, given=(b, c)) * P(b, given=c) * P(c)),
    ("chain_rule_3_other", P(a, b, c), P(c, given=(a, b)) * P(b, given=a) * P(a)),
    (
        "chain_rule_4",
        P(a, b, c, d),
        P(a, given=(b, c, d)) * P(b, given=(c, d)) * P(c, given=d) * P(d),
    ),
    ("marginalisation", P(a), Sum(P(a, b), b)),
    ("total_probability", P(a), Sum(P(a, given=b) * P(b), b)),
    ("conditional_total", P(a, given=c), Sum(P(a, given=(b, c)) * P(b, given=c), b)),
    ("normalisation", Sum(P(a, given=b), a), sp.Integer(1)),
    ("conditional_product", P(a, b, given=c), P(a, given=(b, c)) * P(b, given=c)),
    ("expectation_def", E(X), Sum(x * P(x), x)),
    ("variance_shortcut", Var(X), E(X**2) - E(X) ** 2),
    ("covariance_shortcut", Cov(X, Y), E(X * Y) - E(X) * E(Y)),
    ("variance_is_cov", Var(X), Cov(X, X)),
    ("linearity", E(X + Y), E(X) + E(Y)),
    ("affine_expectation", E(2 * X + 3), 2 * E(X) + 3),
    ("variance_of_sum", E((X + Y) ** 2) - E(X + Y) ** 2, Var(X) + Var(Y) + 2 * Cov(X, Y)),
    ("self_information", SelfInfo(x), -log(P(x))),
    ("entropy_is_expected_surprise", H(X), E(SelfInfo(X))),
    ("entropy_def", H(X), -Sum(P(x) * log(P(x)), x)),
    ("cross_entropy_decomposition", Hx(PP, QQ), H(PP) + D(PP, QQ)),
    ("kl_def", D(PP, QQ), Sum(Pmf(PP, x) * log(Pmf(PP, x) / Pmf(QQ, x)), x)),
    ("cross_entropy_def", Hx(PP, QQ), -Sum(Pmf(PP, x) * log(Pmf(QQ, x)), x)),
    ("joint_entropy_chain", H(X, Y), H(X) + H(Y, given=X)),
    ("joint_entropy_chain_other", H(X, Y), H(Y) + H(X, given=Y)),
    ("mi_reduction", I(X, Y), H(X) - H(X, given=Y)),
    ("mi_reduction_other", I(X, Y), H(Y) - H(Y, given=X)),
    ("mi_sum", I(X, Y), H(X) + H(Y) - H(X, Y)),
    ("entropy_chain_3", H(X, Y, Z), H(X) + H(Y, given=X) + H(Z, given=(X, Y))),
    ("conditional_mi", I(X, Y, given=Z), H(X, given=Z) - H(X, given=(Y, Z))),
    ("kl_is_cross_minus_entropy", D(PP, QQ), Hx(PP, QQ) - H(PP)),
    ("conditional_entropy", H(X, given=Y), H(X, Y) - H(Y)),
    ("log_product", log(P(a) * P(b)), log(P(a)) + log(P(b))),
    ("log_conditional", log(P(a, given=b)), log(P(a, b)) - log(P(b))),
    ("log_bayes", log(P(a, given=b)), log(P(b, given=a)) + log(P(a)) - log(P(b))),
    ("mi_symmetric", H(X) - H(X, given=Y), H(Y) - H(Y, given=X)),
    (
        "elbo",
        log(_p(x)),
        E(log(_p(x, z) / _q(z, given=x)), over=_q(z, given=x)) + D(_q(z, given=x), _p(z, given=x)),
    ),
    ("gan_value", _gan_value(), -log(4) + 2 * JSD(p_data, p_g)),
    (
        "jsd_def",
        JSD(PP, QQ),
        Sum(Pmf(PP, x) * log(2 * Pmf(PP, x) / (Pmf(PP, x) + Pmf(QQ, x))), x) / 2
        + Sum(Pmf(QQ, x) * log(2 * Pmf(QQ, x) / (Pmf(PP, x) + Pmf(QQ, x))), x) / 2,
    ),
    ("mle_kl", D(p_data, q), -H(p_data) - Sum(Pmf(p_data, x) * log(Pmf(q, x)), x)),
    ("map_objective", log(P(a, given=b) * P(b)), log(P(b, given=a)) + log(P(a))),
]


# --------------------------------------------------------------------------- operators
def _each(expr: sp.Expr, match: Callable[[sp.Basic], bool], change: Callable) -> Iterator:
    """Every expression obtained by changing exactly one matching node."""
    nodes = [n for n in sp.preorder_traversal(expr) if match(n)]
    for node in dict.fromkeys(nodes):
        for new in change(node):
            yield expr.xreplace({node: new})


def _conditioned(n: sp.Basic) -> bool:
    return isinstance(n, Prob) and bool(n.given)


def swap_conditioning(expr: sp.Expr) -> Iterator:
    yield from _each(expr, _conditioned, lambda n: [Prob(n.dist, n.given, n.variables)])


def _without(n: Prob) -> list:
    return [
        Prob(n.dist, n.variables, sp.Tuple(*(g for g in n.given if g != drop))) for drop in n.given
    ]


def drop_condition(expr: sp.Expr) -> Iterator:
    """Off-by-one in the chain rule: P(a | b, c) -> P(a | b) or P(a | c)."""
    yield from _each(expr, lambda n: _conditioned(n) and len(n.given) > 1, _without)


def drop_only_condition(expr: sp.Expr) -> Iterator:
    """Independence assumed: P(a | b) -> P(a)."""
    yield from _each(expr, lambda n: _conditioned(n) and len(n.given) == 1, _without)


def missing_normalisation(expr: sp.Expr) -> Iterator:
    """P(a | b) written as P(a, b): the division by P(b) is lost."""
    yield from _each(
        expr,
        _conditioned,
        lambda n: [Prob(n.dist, sp.Tuple(*n.variables, *n.given), sp.Tuple())],
    )


def assume_independence(expr: sp.Expr) -> Iterator:
    """P(a, b) -> P(a) P(b) (also inside conditionals)."""

    def variants(n: Prob) -> list:
        return [sp.Mul(*(Prob(n.dist, sp.Tuple(v), n.given) for v in n.variables))]

    yield from _each(expr, lambda n: isinstance(n, Prob) and len(n.variables) > 1, variants)


def swap_laws(expr: sp.Expr) -> Iterator:
    yield from _each(
        expr,
        lambda n: isinstance(n, (KLDivergence, CrossEntropy)),
        lambda n: [n.func(n.q, n.p)],
    )


def entropy_condition(expr: sp.Expr) -> Iterator:
    """H(X | Y) -> H(Y | X) and H(X | Y) -> H(X)."""

    def variants(n: Entropy) -> list:
        return [Entropy(n.given, n.variables, n.dist), Entropy(n.variables, sp.Tuple(), n.dist)]

    yield from _each(expr, lambda n: isinstance(n, Entropy) and bool(n.given), variants)


def flip_signs(expr: sp.Expr) -> Iterator:
    if expr != 0:
        yield -expr
    if isinstance(expr, sp.Add):
        for term in expr.args:
            yield expr - 2 * term


def drop_terms(expr: sp.Expr) -> Iterator:
    if isinstance(expr, sp.Add):
        for term in expr.args:
            yield expr - term


def drop_sums(expr: sp.Expr) -> Iterator:
    yield from _each(expr, lambda n: isinstance(n, OutcomeSum), lambda n: [n.body])


def wrong_log_laws(expr: sp.Expr) -> Iterator:
    """log(u v) -> log u * log v; log(u + v) -> log u + log v; log(u / v) -> log u + log v."""

    def variants(n: sp.log) -> list:
        arg = n.args[0]
        if isinstance(arg, sp.Mul):
            parts = arg.as_numer_denom()
            out = [sp.Mul(*(log(f) for f in arg.args))]
            if parts[1] != 1:
                out.append(log(parts[0]) + log(parts[1]))
            return out
        if isinstance(arg, sp.Add):
            return [sp.Add(*(log(t) for t in arg.args))]
        return []

    yield from _each(expr, lambda n: isinstance(n, sp.log), variants)


def wrong_coefficients(expr: sp.Expr) -> Iterator:
    if isinstance(expr, sp.Add):
        for term in expr.args:
            yield expr + term
    elif expr != 0:
        yield 2 * expr


OPERATORS: dict[str, Callable[[sp.Expr], Iterator]] = {
    "swapped_conditioning": swap_conditioning,
    "chain_rule_off_by_one": drop_condition,
    "missing_normalisation": missing_normalisation,
    "independence_assumed": assume_independence,
    "conditioning_dropped": drop_only_condition,
    "swapped_kl_arguments": swap_laws,
    "entropy_conditioning": entropy_condition,
    "sign_flip": flip_signs,
    "dropped_term": drop_terms,
    "dropped_sum": drop_sums,
    "wrong_log_law": wrong_log_laws,
    "wrong_coefficient": wrong_coefficients,
}

# Mutations that are true after all, excluded by hand with the reason.
EXCLUDED: dict[tuple[str, str], str] = {
    ("bayes_total", "P(a)*P(b | a)/sum_{c} (P(b)*P(c))"): (
        "P(b | c) -> P(b) inside the normaliser: sum_c P(b) P(c) = P(b), still Bayes' rule"
    ),
    ("marginalisation", "sum_{b} (P(a)*P(b))"): "sum_b P(a) P(b) = P(a) sum_b P(b) = P(a)",
    ("total_probability", "sum_{b} (P(a)*P(b))"): "the same: sum_b P(a) P(b) = P(a)",
    ("normalisation", "sum_{a} (P(a))"): "sum_a P(a) = 1 is normalisation too",
    ("conditional_total", "sum_{b} (P(a | c)*P(b | c))"): (
        "sum_b P(a | c) P(b | c) = P(a | c): the dropped condition sums away"
    ),
    ("elbo", "E_{q(z)}[log(p(x, z)/q(z))] + D_KL(q(z) || p(z | x))"): (
        "the ELBO identity holds for every q, also for q(z) not depending on x"
    ),
}


def generated_wrong_steps() -> list[Link]:
    """Every operator applied to either side of every identity, deduplicated."""
    seen: set = set()
    out: list[Link] = []
    for name, lhs, rhs in IDENTITIES:
        for op_name, op in OPERATORS.items():
            for side, target in (("rhs", rhs), ("lhs", lhs)):
                for new in op(target):
                    link = (lhs, new) if side == "rhs" else (new, rhs)
                    if new == target or link in seen or (name, str(new)) in EXCLUDED:
                        continue
                    seen.add(link)
                    out.append((f"{name}/{side}/{op_name}", *link))
    return out


# Hand-written wrong steps: the mistakes students and notes actually make.
HAND_WRONG: list[Link] = [
    ("erratum_cross_entropy_is_kl", Hx(PP, QQ), D(PP, QQ)),
    ("kl_symmetric", D(PP, QQ), D(QQ, PP)),
    ("joint_entropy_additive", H(X, Y), H(X) + H(Y)),
    ("conditional_swapped", P(a, given=b), P(b, given=a)),
    ("independence_joint", P(a, b), P(a) * P(b)),
    ("independence_conditional", P(a, given=b), P(a)),
    ("independence_given_c", P(a, b, given=c), P(a, given=c) * P(b, given=c)),
    ("log_of_sum", log(P(a) + P(b)), log(P(a)) + log(P(b))),
    ("log_of_product_as_product", log(P(a) * P(b)), log(P(a)) * log(P(b))),
    ("log_of_quotient_as_quotient", log(P(a) / P(b)), log(P(a)) / log(P(b))),
    ("log_of_power", log(P(a) ** 2), log(P(a)) ** 2),
    ("entropy_without_minus", H(X), Sum(P(x) * log(P(x)), x)),
    ("kl_without_log_ratio", D(PP, QQ), Sum(Pmf(PP, x) * log(Pmf(QQ, x) / Pmf(PP, x)), x)),
    ("cross_entropy_swapped", Hx(PP, QQ), -Sum(Pmf(QQ, x) * log(Pmf(PP, x)), x)),
    ("variance_of_sum_no_cov", E((X + Y) ** 2) - E(X + Y) ** 2, Var(X) + Var(Y)),
    ("variance_linear", E((2 * X) ** 2) - E(2 * X) ** 2, 2 * Var(X)),
    ("expectation_of_product", E(X * Y), E(X) * E(Y)),
    ("expectation_of_square", E(X**2), E(X) ** 2),
    ("expectation_of_log", E(log(P(X))), log(E(P(X)))),
    ("bayes_without_prior", P(a, given=b), P(b, given=a) / P(b)),
    ("bayes_without_evidence", P(a, given=b), P(b, given=a) * P(a)),
    ("total_probability_unweighted", P(a), Sum(P(a, given=b), b)),
    ("chain_rule_skips", P(a, b, c), P(a, given=b) * P(b, given=c) * P(c)),
    ("mi_plus", I(X, Y), H(X) + H(X, given=Y)),
    ("conditional_entropy_swapped", H(X, given=Y), H(X, Y) - H(X)),
    ("elbo_without_kl", log(_p(x)), E(log(_p(x, z) / _q(z, given=x)), over=_q(z, given=x))),
    (
        "elbo_kl_swapped",
        log(_p(x)),
        E(log(_p(x, z) / _q(z, given=x)), over=_q(z, given=x)) + D(_p(z, given=x), _q(z, given=x)),
    ),
    ("gan_log2", _gan_value(), -log(2) + 2 * JSD(p_data, p_g)),
    ("gan_no_factor", _gan_value(), -log(4) + JSD(p_data, p_g)),
    ("jsd_is_mean_kl", JSD(PP, QQ), (D(PP, QQ) + D(QQ, PP)) / 2),
    ("normalisation_over_condition", Sum(P(a, given=b), b), sp.Integer(1)),
    ("self_information_sign", SelfInfo(x), log(P(x))),
    ("entropy_of_joint_as_sum_of_conditionals", H(X, Y), H(X, given=Y) + H(Y, given=X)),
    ("mle_sign", D(p_data, q), H(p_data) - Sum(Pmf(p_data, x) * log(Pmf(q, x)), x)),
]

# --------------------------------------------------------------------------- true rewrites
TRUE_HAND: list[Link] = [
    ("bayes_from_two_products", P(a, given=b) * P(b), P(b, given=a) * P(a)),
    ("bayes_divided", P(a, given=b) / P(b, given=a), P(a) / P(b)),
    ("log_bayes_rearranged", log(P(a, given=b)) + log(P(b)), log(P(a, b))),
    (
        "chain_rule_renamed",
        Pmf(q, x, y, z),
        Pmf(q, x, given=(y, z)) * Pmf(q, y, given=z) * Pmf(q, z),
    ),
    ("marginal_of_three", P(a, b), Sum(P(a, b, c), c)),
    ("double_marginal", P(a), Sum(Sum(P(a, b, c), b), c)),
    ("normalisation_joint", Sum(P(a, b), a, b), sp.Integer(1)),
    ("expected_conditional", Sum(P(a, given=b) * P(b), a, b), sp.Integer(1)),
    ("kl_plus_entropy", D(PP, QQ) + H(PP), Hx(PP, QQ)),
    ("cross_minus_kl", Hx(PP, QQ) - D(PP, QQ), H(PP)),
    ("kl_renamed", D(p_data, p_g), Hx(p_data, p_g) - H(p_data)),
    ("mi_via_joint", I(X, Y), H(X, Y) - H(X, given=Y) - H(Y, given=X)),
    ("mi_symmetric_def", I(X, Y), I(Y, X)),
    ("joint_entropy_sym", H(X) + H(Y, given=X), H(Y) + H(X, given=Y)),
    ("entropy_log_base_sum", -Sum(P(x) * log(P(x)), x), Sum(P(x) * log(1 / P(x)), x)),
    ("variance_as_cov", Cov(X, X), E(X**2) - E(X) ** 2),
    ("expectation_scaled", E(3 * X), 3 * Sum(x * P(x), x)),
    ("gan_value_split", _gan_value() + log(4), 2 * JSD(p_data, p_g)),
    ("jsd_symmetric", JSD(PP, QQ), JSD(QQ, PP)),
    (
        "elbo_rearranged",
        log(_p(x)) - D(_q(z, given=x), _p(z, given=x)),
        E(log(_p(x, z)), over=_q(z, given=x)) - E(log(_q(z, given=x)), over=_q(z, given=x)),
    ),
    ("self_information_quotient", SelfInfo(x) - SelfInfo(y), log(P(y) / P(x))),
    ("conditional_entropy_def", H(X, given=Y), -Sum(P(x, y) * log(P(x, given=y)), x, y)),
    ("mi_def", I(X, Y), Sum(P(x, y) * log(P(x, y) / (P(x) * P(y))), x, y)),
]


def true_rewrites() -> list[Link]:
    """Hand-written rewrites plus each identity turned round, moved across and scaled."""
    out = list(TRUE_HAND)
    for name, lhs, rhs in IDENTITIES:
        out.append((f"{name}/reversed", rhs, lhs))
        out.append((f"{name}/difference", lhs - rhs, sp.Integer(0)))
    return out


def wrong_steps() -> list[Link]:
    """All wrong steps: generated and hand-written."""
    return generated_wrong_steps() + HAND_WRONG
