"""Tests for symgen.core.numeric: numpy twins vs scipy/dit/exact values, accuracy, lambdify."""

from __future__ import annotations

import math

import dit
import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from scipy import special, stats
from strategies import pmf_pairs

import symgen as sg
from symgen.core.measures import entropy, kl_divergence
from symgen.core.numeric import (
    NumpyFunction,
    UnknownMeasure,
    batch_cross_entropy,
    batch_entropy,
    batch_js_divergence,
    batch_kl_divergence,
    batch_mutual_information,
    batch_self_information,
    lambdify_expr,
    random_pmfs,
    random_points,
    to_numpy,
)

R = sp.Rational


def exact_kl(p_row: np.ndarray, q_row: np.ndarray) -> float:
    """KL of the given doubles, computed with 60 significant digits."""
    with mpmath.workdps(60):
        terms = (
            mpmath.mpf(a) * mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))
            for a, b in zip(p_row, q_row, strict=True)
        )
        return float(mpmath.fsum(terms))


def near_pair(rows: int, k: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """q = p ± 1e-8 with alternating signs, so both rows sum to the same total."""
    p = random_pmfs(rows, k, seed=11)
    return p, p + np.tile([1e-8, -1e-8], k // 2)


# ----------------------------------------------------------------- random inputs
def test_random_pmfs_strictly_inside_simplex_and_seeded():
    """Dirichlet rows are positive, sum to 1, and the same seed gives the same rows."""
    p = random_pmfs(500, 7, seed=3, alpha=0.01)
    assert p.shape == (500, 7) and (p > 0).all()
    assert np.allclose(p.sum(axis=1), 1, atol=1e-14)
    assert np.array_equal(p, random_pmfs(500, 7, seed=3, alpha=0.01))
    assert not np.array_equal(p, random_pmfs(500, 7, seed=4, alpha=0.01))


def test_random_points_respect_symbol_kinds():
    """Probability symbols land in (0, 1), positive ones above 0, the rest on both signs."""
    p = sg.symbols("p", probability=True)
    a, t = sp.Symbol("a", positive=True), sp.Symbol("t", real=True)
    points = random_points([t, p, a], 2000, seed=5)
    assert list(points) == [a, p, t]
    assert ((points[p] > 0) & (points[p] < 1)).all() and (points[a] > 0).all()
    assert (points[t] < 0).any() and (points[t] > 0).any()


# ----------------------------------------------------------------- differential tests
def test_entropy_and_kl_twins_match_scipy():
    """On 300 random pmfs the twins agree with scipy.stats.entropy to 1e-12 (nats and bits)."""
    p, q = random_pmfs(300, 6, seed=1), random_pmfs(300, 6, seed=2)
    assert np.allclose(batch_entropy(p), stats.entropy(p, axis=1), rtol=1e-12, atol=0)
    assert np.allclose(batch_entropy(p, base=2), stats.entropy(p, base=2, axis=1), rtol=1e-12)
    assert np.allclose(batch_kl_divergence(p, q), stats.entropy(p, q, axis=1), rtol=1e-12)
    cross = stats.entropy(p, axis=1) + stats.entropy(p, q, axis=1)
    assert np.allclose(batch_cross_entropy(p, q), cross, rtol=1e-12)


def test_twins_match_dit():
    """Entropy, KL, cross-entropy, JSD and mutual information agree with dit to 1e-12 (bits)."""
    p, q = random_pmfs(5, 4, seed=7), random_pmfs(5, 4, seed=8)
    names = ["a", "b", "c", "d"]
    for pr, qr in zip(p, q, strict=True):
        dp, dq = dit.Distribution(names, pr), dit.Distribution(names, qr)
        assert math.isclose(batch_entropy(pr, base=2), dit.shannon.entropy(dp), rel_tol=1e-12)
        kl = dit.divergences.kullback_leibler_divergence(dp, dq)
        assert math.isclose(batch_kl_divergence(pr, qr, base=2), kl, rel_tol=1e-12)
        ce = dit.divergences.cross_entropy(dp, dq)
        assert math.isclose(batch_cross_entropy(pr, qr, base=2), ce, rel_tol=1e-12)
        js = dit.divergences.jensen_shannon_divergence([dp, dq])
        assert math.isclose(batch_js_divergence(pr, qr, base=2), js, rel_tol=1e-12)
        joint = dit.Distribution(["00", "01", "10", "11"], pr)
        mi = dit.shannon.mutual_information(joint, [0], [1])
        # dit takes H(X) + H(Y) - H(X,Y), which cancels for near-independent tables (I ~ 3e-4
        # here): agreement is absolute, at 1e-14 bit
        assert math.isclose(batch_mutual_information(pr.reshape(2, 2), base=2), mi, abs_tol=1e-14)


@settings(max_examples=30, deadline=None)
@given(pmf_pairs(allow_zero=True))
def test_twins_match_exact_measures(pair):
    """Each exact measure, evaluated as a float, matches its numpy twin at 1e-12."""
    p, q = pair
    pa = np.array([float(v) for v in p.values()])
    qa = np.array([float(v) for v in q.values()])
    assert math.isclose(batch_entropy(pa), float(entropy(p)), rel_tol=1e-12, abs_tol=1e-15)
    exact = float(kl_divergence(p, q))
    assert math.isclose(batch_kl_divergence(pa, qa), exact, rel_tol=1e-12, abs_tol=1e-15)


def test_mutual_information_twin_cover_thomas():
    """The MI twin gives 3/8 bit on Cover & Thomas Example 2.2.1."""
    table = np.array(
        [
            [1 / 8, 1 / 16, 1 / 32, 1 / 32],
            [1 / 16, 1 / 8, 1 / 32, 1 / 32],
            [1 / 16] * 4,
            [1 / 4, 0, 0, 0],
        ]
    )
    assert math.isclose(batch_mutual_information(table, base=2), 3 / 8, rel_tol=1e-14)


# ----------------------------------------------------------------- accuracy
def test_kl_twin_accurate_for_near_equal_pmfs():
    """q = p ± 1e-8: relative error <= 1e-8 against 60-digit KL (hand-written numpy is far off)."""
    p, q = near_pair(200)
    truth = np.array([exact_kl(a, b) for a, b in zip(p, q, strict=True)])
    twin_error = np.max(np.abs(batch_kl_divergence(p, q) - truth) / truth)
    naive_error = np.max(np.abs(np.sum(p * np.log(p / q), axis=1) - truth) / truth)
    assert twin_error <= 1e-8
    assert naive_error > 1e-6  # the case really is hard: the naive formula loses digits


def test_kl_twin_accurate_when_p_much_smaller_than_q():
    """A term with p/q ~ 1e-20 (log1p would see -1) is still exact to 1e-14."""
    p, q = np.array([1e-20, 1 - 1e-20]), np.array([0.5, 0.5])
    assert math.isclose(batch_kl_divergence(p, q), exact_kl(p, q), rel_tol=1e-14)
    assert np.isfinite(batch_kl_divergence(p, q))


# ----------------------------------------------------------------- conventions and shapes
def test_zero_conventions():
    """0 log 0 = 0; KL and cross-entropy are inf where q = 0 < p; JSD stays finite."""
    p = np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.0, 1.0, 0.0]])
    q = np.array([[0.5, 0.0, 0.5], [0.0, 0.5, 0.5], [0.5, 0.5, 0.0]])
    assert batch_kl_divergence(p, q).tolist() == [np.inf, 0.0, math.log(2)]
    assert batch_cross_entropy(p, q)[0] == np.inf and batch_cross_entropy(p, q)[2] == math.log(2)
    assert batch_entropy(p).tolist() == [math.log(2), math.log(2), 0.0]
    assert np.isfinite(batch_js_divergence(p, q)).all()
    assert batch_self_information(np.array([0.0, 0.25]), base=2).tolist() == [np.inf, 2.0]


def test_nan_input_propagates():
    """A nan probability gives nan, never a silent number."""
    assert np.isnan(batch_kl_divergence([np.nan, 0.5], [0.5, 0.5]))
    assert np.isnan(batch_entropy([np.nan, 0.5]))


def test_shapes_single_vector_batches_and_broadcast():
    """A vector gives a scalar, (N, k) gives (N,), (A, B, k) gives (A, B), q broadcasts."""
    p = random_pmfs(12, 3, seed=2)
    assert np.ndim(batch_entropy(p[0])) == 0
    assert batch_entropy(p).shape == (12,)
    assert batch_entropy(p.reshape(3, 4, 3)).shape == (3, 4)
    uniform = np.full(3, 1 / 3)
    expected = np.log(3) - batch_entropy(p)
    assert np.allclose(batch_kl_divergence(p, uniform), expected, rtol=1e-12)
    assert batch_kl_divergence(np.empty((0, 3)), np.empty((0, 3))).shape == (0,)


# ----------------------------------------------------------------- to_numpy and lambdify
def test_to_numpy_names_and_functions():
    """to_numpy accepts a measure name or the symgen function, and binds the base."""
    p = random_pmfs(4, 3, seed=9)
    assert to_numpy("entropy") is batch_entropy
    assert to_numpy(sg.kl_divergence) is batch_kl_divergence
    in_bits = to_numpy("entropy", base=2)
    assert np.allclose(in_bits(p), batch_entropy(p) / math.log(2), rtol=1e-14)


def test_to_numpy_unknown_measure():
    """An unknown name raises UnknownMeasure listing the known ones."""
    with pytest.raises(UnknownMeasure, match="known measures: cross_entropy"):
        to_numpy("kl_divergance")


def test_to_numpy_symbolic_entropy_matches_twin():
    """The lambdified H(Bern(p)) equals the entropy twin on rows (1 - p, p)."""
    p = sg.symbols("p", probability=True)
    f = to_numpy(entropy(sg.bernoulli("x", p), base=2))
    values = random_points([p], 1000, seed=1)[p]
    rows = np.stack([1 - values, values], axis=1)
    assert np.allclose(f(values), batch_entropy(rows, base=2), rtol=1e-12)


def test_to_numpy_symbolic_kl_columns_and_arguments():
    """The lambdified D(Bern(p)||Bern(q)) takes one array per symbol or one (N, 2) array."""
    p, q = sg.symbols("p q", probability=True)
    f = to_numpy(kl_divergence(sg.bernoulli("x", p), sg.bernoulli("x", q)))
    assert isinstance(f, NumpyFunction) and f.symbols == (p, q)
    points = random_points([p, q], 500, seed=2)
    pv, qv = points[p], points[q]
    twin = batch_kl_divergence(np.stack([1 - pv, pv], 1), np.stack([1 - qv, qv], 1))
    assert np.allclose(f(pv, qv), twin, rtol=1e-10)
    assert np.allclose(f(np.stack([pv, qv], axis=1)), twin, rtol=1e-10)
    with pytest.raises(TypeError, match="expected 2 arrays"):
        f(pv)
    with pytest.raises(TypeError, match="base applies to measure names"):
        to_numpy(f.expr, base=2)


def test_to_numpy_symbolic_js_and_cross_entropy_match_twins():
    """Lambdified JSD and cross-entropy of two Bernoullis agree with the twins at 1e-10."""
    p, q = sg.symbols("p q", probability=True)
    P, Q = sg.bernoulli("x", p), sg.bernoulli("x", q)
    points = random_points([p, q], 300, seed=4)
    pv, qv = points[p], points[q]
    rows_p, rows_q = np.stack([1 - pv, pv], 1), np.stack([1 - qv, qv], 1)
    js = to_numpy(sg.js_divergence(P, Q, base=2))(pv, qv)
    assert np.allclose(js, batch_js_divergence(rows_p, rows_q, base=2), rtol=1e-10)
    cross = to_numpy(sg.cross_entropy(P, Q))(pv, qv)
    assert np.allclose(cross, batch_cross_entropy(rows_p, rows_q), rtol=1e-10)


def test_lambdify_constant_expression_broadcasts():
    """A constant expression (no symbols) still returns a float."""
    f = lambdify_expr(sp.log(2) + R(1, 2))
    assert math.isclose(f(), math.log(2) + 0.5)


def test_kl_twin_rel_entr_agreement_on_skewed_rows():
    """On sparse-ish Dirichlet(0.1) rows the twin agrees with scipy.special.rel_entr to 1e-12."""
    p, q = random_pmfs(400, 8, seed=21, alpha=0.1), random_pmfs(400, 8, seed=22, alpha=0.1)
    reference = special.rel_entr(p, q).sum(axis=1)
    assert np.allclose(batch_kl_divergence(p, q), reference, rtol=1e-12)
