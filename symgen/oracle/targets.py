"""What the oracle checks against: exact references, input domains and known mistakes.

A :class:`Target` bundles, for one measure, the reference evaluated with mpmath at
:data:`DIGITS` significant digits (every float input is read as the exact binary rational
it is), a seeded generator of valid inputs that puts the hard cases first (zeros in the
support, near-identical distributions, probabilities near 1e-12, huge logits), and the
*variants*: the same formula with one classic mistake, used to name a likely cause.

>>> t = TARGETS["kl_divergence"]
>>> t.arg_names, t.formula
(('p', 'q'), 'D_KL(p || q) = sum_i p_i log(p_i / q_i)   (natural log)')
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

from symgen.oracle._inputs import (
    _bce_cases,
    _bce_logits_cases,
    _entropy_cases,
    _gaussian_cases,
    _js_cases,
    _kl_cases,
    _mi_cases,
    _softmax_cases,
)
from symgen.oracle._references import (
    Case,
    MpFn,
    Target,
    UnknownTarget,
    Variant,
    _bce,
    _bce_logits,
    _cross_entropy,
    _entropy,
    _gaussian_kl,
    _gaussian_kl_logvar,
    _js,
    _kl,
    _mutual_information,
    _softmax_ce,
    xlogy,
)
from symgen.oracle._variants import (
    clipping_variants,
    common_variants,
    swapped_variant,
)

# --- the registry ---------------------------------------------------------------------------


def _zero_in_any(case: Case) -> bool:
    return any(bool(np.any(a == 0)) for a in case)


def _bce_has_zero(case: Case) -> bool:
    return bool(case[1] == 0 or case[1] == 1)


def _kl_target() -> Target:
    variants = (
        swapped_variant(_kl, "D_KL", ("p", "q")),
        *common_variants(_kl, mean_over="the outcomes"),
        *clipping_variants(_kl, (1,), "q"),
        *clipping_variants(_kl, (0, 1), "p and q"),
    )
    return Target(
        "kl_divergence",
        "D_KL(p || q) = sum_i p_i log(p_i / q_i)   (natural log)",
        ("p", "q"),
        _kl,
        _kl_cases,
        variants,
        _zero_in_any,
    )


def _cross_entropy_target() -> Target:
    variants = (
        swapped_variant(_cross_entropy, "H", ("p", "q")),
        *common_variants(_cross_entropy, mean_over="the outcomes"),
        Variant(
            "kl_instead_of_cross_entropy",
            "computes D_KL(p || q) instead of H(p, q) = H(p) + D_KL(p || q)",
            _kl,
        ),
        *clipping_variants(_cross_entropy, (1,), "q"),
    )
    return Target(
        "cross_entropy",
        "H(p, q) = -sum_i p_i log q_i   (natural log)",
        ("p", "q"),
        _cross_entropy,
        _kl_cases,
        variants,
        _zero_in_any,
    )


def _entropy_target() -> Target:
    return Target(
        "entropy",
        "H(p) = -sum_i p_i log p_i   (natural log, 0 log 0 = 0)",
        ("p",),
        _entropy,
        _entropy_cases,
        (
            *common_variants(_entropy, mean_over="the outcomes"),
            *clipping_variants(_entropy, (0,), "p"),
        ),
        _zero_in_any,
    )


def _js_target() -> Target:
    unnormalised = Variant(
        "missing_normalisation",
        "uses the mixture m = p + q instead of m = (p + q) / 2 (off by log 2)",
        lambda p, q: _js(p, q, half=False),
    )
    double = Variant(
        "factor_of_two",
        "drops the factor 1/2: computes D_KL(p||m) + D_KL(q||m), twice the JSD",
        lambda p, q: 2 * _js(p, q),
    )
    one_sided = Variant(
        "missing_term",
        "keeps only one half, (1/2) D_KL(p || m), and drops (1/2) D_KL(q || m)",
        lambda p, q: _kl(p, [(a + b) / 2 for a, b in zip(p, q, strict=True)]) / 2,
    )
    return Target(
        "js_divergence",
        "JSD(p || q) = (D_KL(p || m) + D_KL(q || m)) / 2, m = (p + q) / 2   (natural log)",
        ("p", "q"),
        _js,
        _js_cases,
        (unnormalised, double, one_sided, *common_variants(_js, mean_over="the outcomes")),
        _zero_in_any,
    )


def _mi_target() -> Target:
    return Target(
        "mutual_information",
        "I(X; Y) = sum_xy p(x,y) log(p(x,y) / (p(x) p(y))) for a joint table p[x, y]",
        ("joint",),
        _mutual_information,
        _mi_cases,
        common_variants(_mutual_information, mean_over="the cells of the table"),
        _zero_in_any,
        "the last two axes",
    )


def _bce_target() -> Target:
    one_term = Variant(
        "missing_term",
        "drops the (1 - y) log(1 - p) term of the negative class",
        lambda y, p: -xlogy(y, p),
    )
    return Target(
        "binary_cross_entropy",
        "BCE(y, p) = -(y log p + (1 - y) log(1 - p)), target y first, 0 log 0 = 0",
        ("y", "p"),
        _bce,
        _bce_cases,
        (
            swapped_variant(_bce, "BCE", ("y", "p")),
            one_term,
            *common_variants(_bce),
            *clipping_variants(_bce, (1,), "p"),
        ),
        _bce_has_zero,
        "nothing (elementwise)",
    )


def _bce_logits_target() -> Target:
    logit_sign = Variant(
        "sign",
        "flips the sign of the logit: computes BCE(y, sigmoid(-z))",
        lambda y, z: _bce_logits(y, -z),
    )
    return Target(
        "binary_cross_entropy_with_logits",
        "BCE(y, sigmoid(z)) = y log(1 + e^-z) + (1 - y) log(1 + e^z), target y first",
        ("y", "z"),
        _bce_logits,
        _bce_logits_cases,
        (
            swapped_variant(_bce_logits, "BCE_logits", ("y", "z")),
            logit_sign,
            *common_variants(_bce_logits),
        ),
        reduces="nothing (elementwise)",
    )


def _softmax_target() -> Target:
    no_lse = Variant(
        "missing_normalisation",
        "drops the log-partition: uses -sum y z without the logsumexp(z) of the softmax",
        lambda y, z: -mpmath.fsum(a * b for a, b in zip(y, z, strict=True)),
    )
    return Target(
        "softmax_cross_entropy",
        "CE(y, softmax(z)) = logsumexp(z) - sum_i y_i z_i, target distribution y first",
        ("y", "z"),
        _softmax_ce,
        _softmax_cases,
        (no_lse, *common_variants(_softmax_ce, mean_over="the classes")),
    )


def _gaussian_variants(f: MpFn, *, logvar: bool) -> tuple[Variant, ...]:
    if logvar:

        def plus_log(m: Any, v: Any) -> Any:
            return f(m, v) + mpmath.fsum(v)

        def as_log_std(m: Any, v: Any) -> Any:
            return f(m, [2 * x for x in v])

        std_msg = "treats logvar as log sigma (uses exp(2 logvar) for the variance)"
    else:

        def plus_log(m: Any, v: Any) -> Any:
            return f(m, v) + mpmath.fsum(mpmath.log(s * s) for s in v)

        def as_log_std(m: Any, v: Any) -> Any:
            return f(m, [mpmath.sqrt(s) for s in v])

        std_msg = "treats sigma as the variance (uses sigma where sigma^2 was meant)"
        half_log = Variant(
            "std_vs_variance",
            "uses log sigma where log sigma^2 was meant",
            lambda m, v: f(m, v) + mpmath.fsum(mpmath.log(s) for s in v) / 2,
        )
        return (*_gaussian_common(f, plus_log, as_log_std, std_msg), half_log)
    return _gaussian_common(f, plus_log, as_log_std, std_msg)


def _gaussian_common(
    f: MpFn, plus_log: MpFn, as_log_std: MpFn, std_msg: str
) -> tuple[Variant, ...]:
    return (
        Variant(
            "sign", "adds log sigma^2 where it must be subtracted (sign of one term)", plus_log
        ),
        Variant("std_vs_variance", std_msg, as_log_std),
        Variant("factor_of_two", "drops the factor 1/2 of the closed form", lambda *a: 2 * f(*a)),
        *common_variants(f, mean_over="the latent dimensions"),
    )


def _gaussian_target(*, logvar: bool) -> Target:
    f: MpFn
    if logvar:
        name, args, f = "gaussian_kl_logvar", ("mu", "logvar"), _gaussian_kl_logvar
        formula = "KL(N(mu, e^logvar) || N(0, 1)) = 1/2 sum_j (e^logvar + mu^2 - 1 - logvar)"
    else:
        name, args, f = "gaussian_kl", ("mu", "sigma"), _gaussian_kl
        formula = "KL(N(mu, sigma^2) || N(0, 1)) = 1/2 sum_j (sigma^2 + mu^2 - 1 - log sigma^2)"

    def cases(rng: np.random.Generator, n: int) -> list[Case]:
        return _gaussian_cases(rng, n, logvar=logvar)

    return Target(name, formula, args, f, cases, _gaussian_variants(f, logvar=logvar))


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        _kl_target(),
        _cross_entropy_target(),
        _entropy_target(),
        _js_target(),
        _mi_target(),
        _bce_target(),
        _bce_logits_target(),
        _softmax_target(),
        _gaussian_target(logvar=False),
        _gaussian_target(logvar=True),
    )
}

ALIASES = {
    "kl": "kl_divergence",
    "jsd": "js_divergence",
    "jensen_shannon": "js_divergence",
    "bce": "binary_cross_entropy",
    "bce_with_logits": "binary_cross_entropy_with_logits",
    "vae_kl": "gaussian_kl",
}


def target_by_name(name: str) -> Target:
    """The registered target called `name` (or one of its aliases).

    >>> target_by_name("kl").name, target_by_name("Binary cross-entropy").name
    ('kl_divergence', 'binary_cross_entropy')
    """
    key = "_".join(name.strip().lower().replace("-", " ").split())
    key = ALIASES.get(key, key)
    if key not in TARGETS:
        known = ", ".join(sorted(TARGETS))
        raise UnknownTarget(f"unknown target {name!r}; known targets: {known}")
    return TARGETS[key]
