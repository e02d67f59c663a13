"""Buggy and correct numeric implementations, each with the mistake the oracle must name.

BUGGY rows are ``(case_id, target, fn, expected_cause, options)``: ``options`` are extra
keyword arguments for ``check_implementation``. CORRECT rows are ``(case_id, target, fn)``.
The functions are written the way people write them in numpy code, axis=-1 so that most
take both single vectors and batches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import special, stats
from scipy.spatial import distance

Fn = Callable[..., Any]


def _rel(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    return special.rel_entr(p, q)


# --- KL divergence ---------------------------------------------------------------------------


def kl_swapped(p, q):
    return np.sum(_rel(q, p), axis=-1)


def kl_log2(p, q):
    return np.sum(_rel(p, q), axis=-1) / np.log(2)


def kl_log10(p, q):
    return np.sum(p * np.log10(np.where(p > 0, p / np.where(q > 0, q, 1.0), 1.0)), axis=-1)


def kl_naive_nan_at_zero(p, q):
    return np.sum(p * np.log(p / q), axis=-1)


def kl_mean(p, q):
    return np.mean(_rel(p, q), axis=-1)


def kl_negated(p, q):
    """sum p log(q / p): the minus of -sum p log(q / p) was lost."""
    return np.sum(special.xlogy(p, q) - special.xlogy(p, p), axis=-1)


def kl_float32(p, q):
    return np.sum(_rel(p.astype(np.float32), q.astype(np.float32)), axis=-1)


def kl_as_cross_minus_entropy(p, q):
    """H(p, q) - H(p): right formula, but cancels catastrophically when q is close to p."""
    return -np.sum(special.xlogy(p, q), axis=-1) + np.sum(special.xlogy(p, p), axis=-1)


def kl_clip_both(p, q):
    """Avoids log(0) by clipping both arguments, which changes the zero terms."""
    p, q = np.clip(p, 1e-10, 1 - 1e-10), np.clip(q, 1e-10, 1 - 1e-10)
    return np.sum(p * np.log(p / q), axis=-1)


def kl_normalised_over_batch(p, q):
    """Normalises by the total mass of everything it is given: fine for one vector only."""
    p, q = p / p.sum(), q / q.sum()
    return np.sum(_rel(p, q), axis=-1)


# --- entropy and cross-entropy -----------------------------------------------------------------


def entropy_log2(p):
    return -np.sum(special.xlogy(p, p), axis=-1) / np.log(2)


def entropy_naive_nan_at_zero(p):
    return -np.sum(p * np.log(p), axis=-1)


def entropy_missing_minus(p):
    return np.sum(special.xlogy(p, p), axis=-1)


def entropy_elementwise(p):
    return -special.xlogy(p, p)


def cross_entropy_swapped(p, q):
    return -np.sum(special.xlogy(q, p), axis=-1)


def cross_entropy_is_kl(p, q):
    return np.sum(_rel(p, q), axis=-1)


def cross_entropy_keras_clip(p, q):
    """Keras-style: clip predictions to [1e-7, 1 - 1e-7] before the log."""
    return -np.sum(p * np.log(np.clip(q, 1e-7, 1 - 1e-7)), axis=-1)


def cross_entropy_mean(p, q):
    return -np.mean(special.xlogy(p, q), axis=-1)


# --- binary cross-entropy ------------------------------------------------------------------------


def bce_torch_order(y, p):
    """Written for (input, target), as torch's F.binary_cross_entropy, called as (y, p)."""
    pred, target = y, p
    return -(special.xlogy(target, pred) + special.xlog1py(1 - target, -pred))


def bce_naive_nan_at_zero(y, p):
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_clipped(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_missing_negative_term(y, p):
    return -special.xlogy(y, p)


def bce_logits_naive(y, z):
    s = 1 / (1 + np.exp(-z))
    return -(y * np.log(s) + (1 - y) * np.log(1 - s))


def bce_logits_sign(y, z):
    return np.logaddexp(0, z) * y + np.logaddexp(0, -z) * (1 - y)


# --- Jensen-Shannon and mutual information ------------------------------------------------------


def js_unnormalised_mixture(p, q):
    m = p + q
    return 0.5 * np.sum(_rel(p, m), axis=-1) + 0.5 * np.sum(_rel(q, m), axis=-1)


def js_missing_half(p, q):
    m = (p + q) / 2
    return np.sum(_rel(p, m), axis=-1) + np.sum(_rel(q, m), axis=-1)


def js_bits(p, q):
    return distance.jensenshannon(p, q, base=2) ** 2


def mi_log2(joint):
    outer = joint.sum(-1, keepdims=True) * joint.sum(-2, keepdims=True)
    return np.sum(_rel(joint, outer), axis=(-2, -1)) / np.log(2)


def mi_mean(joint):
    outer = joint.sum(-1, keepdims=True) * joint.sum(-2, keepdims=True)
    return np.mean(_rel(joint, outer), axis=(-2, -1))


# --- the VAE's Gaussian KL term and softmax cross-entropy ----------------------------------------


def vae_kl_plus_log(mu, sigma):
    return 0.5 * np.sum(sigma**2 + mu**2 - 1 + np.log(sigma**2), axis=-1)


def vae_kl_sigma_as_variance(mu, sigma):
    return 0.5 * np.sum(sigma + mu**2 - 1 - np.log(sigma), axis=-1)


def vae_kl_log_sigma(mu, sigma):
    return 0.5 * np.sum(sigma**2 + mu**2 - 1 - np.log(sigma), axis=-1)


def vae_kl_missing_half(mu, sigma):
    return np.sum(sigma**2 + mu**2 - 1 - np.log(sigma**2), axis=-1)


def vae_kl_mean_over_latents(mu, sigma):
    return 0.5 * np.mean(sigma**2 + mu**2 - 1 - np.log(sigma**2), axis=-1)


def vae_kl_logvar_wrong_sign(mu, logvar):
    """The usual VAE code with the leading minus lost."""
    return 0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=-1)


def vae_kl_logvar_as_log_std(mu, logvar):
    return 0.5 * np.sum(np.exp(2 * logvar) + mu**2 - 1 - 2 * logvar, axis=-1)


def softmax_ce_naive(y, z):
    s = np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True)
    return -np.sum(y * np.log(s), axis=-1)


def softmax_ce_no_logsumexp(y, z):
    return -np.sum(y * z, axis=-1)


BUGGY: list[tuple[str, str, Fn, str, dict[str, Any]]] = [
    ("kl_swapped", "kl_divergence", kl_swapped, "arguments_swapped", {}),
    ("kl_log2", "kl_divergence", kl_log2, "log_base", {}),
    ("kl_log10", "kl_divergence", kl_log10, "log_base", {}),
    ("kl_nan_at_zero", "kl_divergence", kl_naive_nan_at_zero, "nan_or_inf_at_zero", {}),
    ("kl_mean", "kl_divergence", kl_mean, "mean_instead_of_sum", {}),
    ("kl_negated", "kl_divergence", kl_negated, "sign", {}),
    ("kl_float32", "kl_divergence", kl_float32, "precision_loss", {}),
    (
        "kl_naive_cross_entropy_near_equal",
        "kl_divergence",
        kl_as_cross_minus_entropy,
        "precision_loss",
        {"atol": 0.0, "rtol": 1e-6},
    ),
    ("kl_batch_normalised", "kl_divergence", kl_normalised_over_batch, "batched_mismatch", {}),
    ("entropy_log2", "entropy", entropy_log2, "log_base", {}),
    ("entropy_nan_at_zero", "entropy", entropy_naive_nan_at_zero, "nan_or_inf_at_zero", {}),
    ("entropy_sign", "entropy", entropy_missing_minus, "sign", {}),
    ("entropy_no_sum", "entropy", entropy_elementwise, "wrong_shape", {}),
    ("ce_swapped", "cross_entropy", cross_entropy_swapped, "arguments_swapped", {}),
    ("ce_is_kl", "cross_entropy", cross_entropy_is_kl, "kl_instead_of_cross_entropy", {}),
    ("ce_mean", "cross_entropy", cross_entropy_mean, "mean_instead_of_sum", {}),
    ("ce_keras_clip", "cross_entropy", cross_entropy_keras_clip, "epsilon_clipping", {}),
    ("kl_clip_both", "kl_divergence", kl_clip_both, "epsilon_clipping", {}),
    ("bce_clipped", "binary_cross_entropy", bce_clipped, "epsilon_clipping", {}),
    ("bce_torch_order", "binary_cross_entropy", bce_torch_order, "arguments_swapped", {}),
    ("bce_nan_at_zero", "binary_cross_entropy", bce_naive_nan_at_zero, "nan_or_inf_at_zero", {}),
    ("bce_one_term", "binary_cross_entropy", bce_missing_negative_term, "missing_term", {}),
    (
        "bce_logits_naive",
        "binary_cross_entropy_with_logits",
        bce_logits_naive,
        "precision_loss",
        {},
    ),
    ("bce_logits_sign", "binary_cross_entropy_with_logits", bce_logits_sign, "sign", {}),
    ("js_m_is_p_plus_q", "js_divergence", js_unnormalised_mixture, "missing_normalisation", {}),
    ("js_missing_half", "js_divergence", js_missing_half, "factor_of_two", {}),
    ("js_bits", "js_divergence", js_bits, "log_base", {}),
    ("mi_log2", "mutual_information", mi_log2, "log_base", {}),
    ("mi_mean", "mutual_information", mi_mean, "mean_instead_of_sum", {}),
    ("vae_kl_plus_log", "gaussian_kl", vae_kl_plus_log, "sign", {}),
    ("vae_kl_sigma_as_var", "gaussian_kl", vae_kl_sigma_as_variance, "std_vs_variance", {}),
    ("vae_kl_log_sigma", "gaussian_kl", vae_kl_log_sigma, "std_vs_variance", {}),
    ("vae_kl_no_half", "gaussian_kl", vae_kl_missing_half, "factor_of_two", {}),
    ("vae_kl_mean", "gaussian_kl", vae_kl_mean_over_latents, "mean_instead_of_sum", {}),
    ("vae_kl_logvar_sign", "gaussian_kl_logvar", vae_kl_logvar_wrong_sign, "sign", {}),
    ("vae_kl_log_std", "gaussian_kl_logvar", vae_kl_logvar_as_log_std, "std_vs_variance", {}),
    ("softmax_ce_naive", "softmax_cross_entropy", softmax_ce_naive, "precision_loss", {}),
    (
        "softmax_ce_no_lse",
        "softmax_cross_entropy",
        softmax_ce_no_logsumexp,
        "missing_normalisation",
        {},
    ),
]


# --- correct implementations ---------------------------------------------------------------------


def kl_numpy(p, q):
    mask = p > 0
    ratio = np.where(mask, p / np.where(mask, q, 1.0), 1.0)
    return np.sum(np.where(mask, p * np.log(ratio), 0.0), axis=-1)


def kl_rel_entr(p, q):
    return special.rel_entr(p, q).sum(axis=-1)


def kl_scipy_stats(p, q):
    return stats.entropy(p, q, axis=-1)


def entropy_numpy(p):
    return -np.sum(special.xlogy(p, p), axis=-1)


def entropy_scipy_stats(p):
    return stats.entropy(p, axis=-1)


def cross_entropy_xlogy(p, q):
    return -np.sum(special.xlogy(p, q), axis=-1)


def bce_xlogy(y, p):
    return -(special.xlogy(y, p) + special.xlog1py(1 - y, -p))


def bce_logits_stable(y, z):
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


def bce_logits_logaddexp(y, z):
    return y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)


def js_numpy(p, q):
    m = (p + q) / 2
    return 0.5 * special.rel_entr(p, m).sum(-1) + 0.5 * special.rel_entr(q, m).sum(-1)


def mi_numpy(joint):
    outer = joint.sum(-1, keepdims=True) * joint.sum(-2, keepdims=True)
    return special.rel_entr(joint, outer).sum(axis=(-2, -1))


def vae_kl_sigma(mu, sigma):
    return 0.5 * np.sum(sigma**2 + mu**2 - 1 - 2 * np.log(sigma), axis=-1)


def vae_kl_logvar(mu, logvar):
    return -0.5 * np.sum(1 + logvar - mu**2 - np.exp(logvar), axis=-1)


def softmax_ce_logsumexp(y, z):
    return special.logsumexp(z, axis=-1) - np.sum(y * z, axis=-1)


CORRECT: list[tuple[str, str, Fn]] = [
    ("kl_numpy", "kl_divergence", kl_numpy),
    ("kl_rel_entr", "kl_divergence", kl_rel_entr),
    ("kl_scipy_stats", "kl_divergence", kl_scipy_stats),
    ("entropy_numpy", "entropy", entropy_numpy),
    ("entropy_scipy_stats", "entropy", entropy_scipy_stats),
    ("cross_entropy_xlogy", "cross_entropy", cross_entropy_xlogy),
    ("bce_xlogy", "binary_cross_entropy", bce_xlogy),
    ("bce_logits_stable", "binary_cross_entropy_with_logits", bce_logits_stable),
    ("bce_logits_logaddexp", "binary_cross_entropy_with_logits", bce_logits_logaddexp),
    ("js_numpy", "js_divergence", js_numpy),
    ("mi_numpy", "mutual_information", mi_numpy),
    ("vae_kl_sigma", "gaussian_kl", vae_kl_sigma),
    ("vae_kl_logvar", "gaussian_kl_logvar", vae_kl_logvar),
    ("softmax_ce_logsumexp", "softmax_cross_entropy", softmax_ce_logsumexp),
]
