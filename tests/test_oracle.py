"""Tests for symgen.oracle: user code checked against exact targets."""

from __future__ import annotations

import json
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from cases.buggy_implementations import BUGGY, CORRECT
from hypothesis import given, settings
from scipy import special
from scipy.spatial import distance

from symgen.core.parameters import symbols
from symgen.oracle._references import DIGITS, to_mp
from symgen.oracle.check import InvalidCheck, UnknownTarget, check_implementation, resolve_target
from symgen.oracle.targets import TARGETS
from symgen.testing import distributions


def _replay(fn, inputs: dict) -> float:
    args = [np.asarray(v, dtype=float) for v in inputs.values()]
    with np.errstate(all="ignore"):
        return float(np.asarray(fn(*args)))


@pytest.mark.parametrize(("case_id", "target", "fn", "cause", "options"), BUGGY)
def test_check_implementation_names_cause_of_buggy(case_id, target, fn, cause, options):
    """Each buggy implementation fails, with the expected likely cause and a real counterexample."""
    report = check_implementation(fn, target, **options)
    assert not report.passed
    assert report.likely_cause is not None
    assert report.likely_cause.id == cause, str(report)
    cx = report.counterexample
    assert cx is not None and set(cx.inputs) == set(resolve_target(target).arg_names)
    if cx.mode == "single" and cx.error is None:
        got = _replay(fn, cx.inputs)
        assert got == cx.got or (math.isnan(got) and math.isnan(cx.got))
        expected = float(cx.expected)
        tol = options.get("atol", 1e-12) + options.get("rtol", 1e-9) * abs(expected)
        assert not abs(got - expected) <= tol


def test_buggy_table_is_large_enough():
    """The table holds at least 15 buggy implementations covering the required causes."""
    causes = {row[3] for row in BUGGY}
    assert len(BUGGY) >= 15
    required = {"arguments_swapped", "log_base", "nan_or_inf_at_zero", "sign"}
    assert required | {"mean_instead_of_sum", "missing_normalisation", "precision_loss"} <= causes


@pytest.mark.parametrize(("case_id", "target", "fn"), CORRECT)
def test_check_implementation_passes_correct(case_id, target, fn):
    """Correct numpy and scipy implementations pass on single inputs and on batches."""
    report = check_implementation(fn, target)
    assert report.passed, str(report)
    assert report.modes == ("single", "batched")
    assert report.counterexample is None and report.likely_cause is None
    assert report.worst_relative_error <= 2e-9


def test_reference_matches_sympy_exact_value():
    """The KL reference equals SymPy's exact value of the first fixed input to 40 digits."""
    p, q = TARGETS["kl_divergence"].cases(np.random.default_rng(0), 1)[0]
    exact = sum(
        sp.Rational(a) * sp.log(sp.Rational(a) / sp.Rational(b)) for a, b in zip(p, q, strict=True)
    )
    with mpmath.workdps(DIGITS):
        value = TARGETS["kl_divergence"].reference(to_mp(p), to_mp(q))
        assert abs(value - mpmath.mpf(str(sp.N(exact, 60)))) < mpmath.mpf(10) ** -40


def test_reference_reads_floats_exactly():
    """A float input is read as its exact binary value, not as its shortest decimal."""
    with mpmath.workdps(DIGITS):
        assert to_mp(np.array(0.1)) == mpmath.mpf(0.1)
        assert to_mp(np.array(0.1)) != mpmath.mpf("0.1")


def test_check_implementation_report_is_readable():
    """The text report names the verdict, the cause, the inputs, expected and got."""
    report = check_implementation(lambda p, q: special.rel_entr(q, p).sum(-1), "kl_divergence")
    text = str(report)
    for part in ("FAILED", "arguments_swapped", "p = [0.5, 0.25, 0.25]", "expected", "got"):
        assert part in text
    assert "passed" in str(check_implementation(lambda p: special.entr(p).sum(-1), "entropy"))


def test_check_implementation_to_dict_is_json():
    """to_dict() is JSON-serialisable, nan and inf included."""
    report = check_implementation(lambda p, q: np.sum(p * np.log(p / q), -1), "kl_divergence")
    data = json.loads(json.dumps(report.to_dict()))
    assert data["passed"] is False
    assert data["likely_cause"]["id"] == "nan_or_inf_at_zero"
    assert data["counterexample"]["got"] == "nan"
    assert data["trials_run"] == 200


def test_check_implementation_is_deterministic():
    """The same seed gives the same report; trials sets the number of inputs."""
    fn = TARGETS and (lambda p, q: special.rel_entr(p, q).sum(-1) / np.log(2))
    first = check_implementation(fn, "kl", seed=3, trials=50).to_dict()
    assert first == check_implementation(fn, "kl", seed=3, trials=50).to_dict()
    assert first["trials_run"] == 50


def test_check_implementation_batched_only_function():
    """A function written for (N, k) batches only is checked with batched=True or detected."""

    def kl_rows(p, q):
        return special.rel_entr(p, q).sum(axis=1)

    assert check_implementation(kl_rows, "kl_divergence", batched=True).passed
    auto = check_implementation(kl_rows, "kl_divergence")
    assert auto.passed and auto.modes == ("batched",)
    forced = check_implementation(kl_rows, "kl_divergence", batched=False)
    assert not forced.passed and forced.likely_cause.id == "raises"


def test_check_implementation_single_only_function():
    """A pure-Python loop over one vector is detected as single-input only."""

    def entropy_loop(p):
        return -sum(x * math.log(x) for x in p if x > 0)

    report = check_implementation(entropy_loop, "entropy")
    assert report.passed and report.modes == ("single",)


def test_check_implementation_math_log_raises_at_zero():
    """math.log(0) raising on zero probabilities is named nan_or_inf_at_zero."""

    def entropy_loop(p):
        return -sum(x * math.log(x) for x in p)

    report = check_implementation(entropy_loop, "entropy")
    assert report.likely_cause.id == "nan_or_inf_at_zero"
    assert "ValueError" in report.counterexample.error


def test_resolve_target_maps_symgen_measure_function():
    """A function from symgen.core.measures is mapped to the target of the same name."""

    def kl_divergence(p, q):
        raise AssertionError("never called")

    kl_divergence.__module__ = "symgen.core.measures"
    assert resolve_target(kl_divergence).name == "kl_divergence"


def test_resolve_target_unknown_name():
    """An unknown target name raises UnknownTarget listing the known ones."""
    with pytest.raises(UnknownTarget, match="kl_divergence"):
        check_implementation(lambda p: 0.0, "kl_divergance")
    with pytest.raises(UnknownTarget):
        resolve_target(42)


def test_expression_target_sorted_order_and_signature():
    """A SymPy expression target passes symbol values in sorted-name order or by signature."""
    p, q = symbols("p q", probability=True)
    kl = p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))

    def bern_kl(p, q):
        return special.rel_entr(p, q) + special.rel_entr(1 - p, 1 - q)

    assert check_implementation(bern_kl, kl).passed
    assert check_implementation(lambda q, p: bern_kl(p, q), kl, signature=["q", "p"]).passed
    swapped = check_implementation(lambda p, q: bern_kl(q, p), kl)
    assert swapped.likely_cause.id == "arguments_swapped"
    with pytest.raises(UnknownTarget):
        check_implementation(bern_kl, kl, signature=["p"])


def test_expression_target_names_log_base():
    """A log2 implementation of an expression with natural logs is named log_base."""
    mu, s = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)
    closed = (s**2 + mu**2 - 1 - sp.log(s**2)) / 2
    report = check_implementation(
        lambda mu, sigma: (sigma**2 + mu**2 - 1) / 2 - np.log2(sigma), closed
    )
    assert report.likely_cause.id == "log_base"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_targets_have_hard_valid_inputs(name):
    """Every target yields finite references on its inputs; fixed hard cases come first."""
    target = TARGETS[name]
    cases = target.cases(np.random.default_rng(1), 200)
    assert len(cases) == 200
    with mpmath.workdps(DIGITS):
        values = [target.reference(*map(to_mp, c)) for c in cases]
    assert all(mpmath.isfinite(v) for v in values)


@pytest.mark.parametrize("name", ["kl_divergence", "cross_entropy", "js_divergence", "entropy"])
def test_distribution_inputs_are_pmfs_with_hard_cases(name):
    """Pmf inputs sum to 1, include zeros, entries near 1e-12 and near-identical pairs."""
    cases = TARGETS[name].cases(np.random.default_rng(2), 200)
    arrays = [a for c in cases for a in c]
    assert all(np.all(a >= 0) and abs(a.sum() - 1) < 1e-12 for a in arrays)
    assert any(np.any(a == 0) for a in arrays)
    assert any(np.any((a > 0) & (a < 1e-11)) for a in arrays)
    if len(cases[0]) == 2:
        gaps = [np.max(np.abs(p - q)) for p, q in cases]
        assert any(0 < g <= 1.1e-8 for g in gaps)


def test_kl_inputs_keep_support_inside_q():
    """KL and cross-entropy inputs have q > 0 wherever p > 0, so the truth is finite."""
    for p, q in TARGETS["kl_divergence"].cases(np.random.default_rng(3), 200):
        assert not np.any((p > 0) & (q == 0))


def test_check_implementation_rejects_zero_trials():
    """trials < 1 leaves nothing to check and raises InvalidCheck."""
    with pytest.raises(InvalidCheck):
        check_implementation(lambda p: 0.0, "entropy", trials=0)


def test_check_implementation_mixed_mistakes_named_with_note():
    """log2 plus nan at zeros: the log base is named and the nan is mentioned."""
    report = check_implementation(lambda p: -np.sum(p * np.log2(p), -1), "entropy")
    assert report.likely_cause.id == "log_base"
    assert "nan" in report.likely_cause.message


def test_resolve_target_uses_derivation_end_only_when_it_holds():
    """A derivation-like record gives its final expression, and is refused if it fails."""
    s = sp.Symbol("sigma", positive=True)

    class Record:
        name, holds, end = "closed_form", True, s**2 - 1 - sp.log(s**2)

    assert resolve_target(Record()).arg_names == ("sigma",)
    Record.holds = False
    with pytest.raises(UnknownTarget, match="does not hold"):
        resolve_target(Record())


def _pmf(values) -> dict:
    return {i: sp.Rational(v) for i, v in enumerate(values)}


@pytest.mark.parametrize("name", ["kl_divergence", "cross_entropy", "js_divergence", "entropy"])
def test_reference_agrees_with_symgen_measures(name):
    """The mpmath reference equals symgen's exact symbolic measure on dyadic inputs."""
    import symgen.core.measures as measures

    p, q = np.array([0.5, 0.25, 0.25]), np.array([0.125, 0.5, 0.375])
    args = (p,) if name == "entropy" else (p, q)
    exact = getattr(measures, name)(*map(_pmf, args))
    assert resolve_target(getattr(measures, name)).name == name
    with mpmath.workdps(DIGITS):
        value = TARGETS[name].reference(*map(to_mp, args))
        assert abs(value - mpmath.mpf(str(sp.N(exact, 60)))) < mpmath.mpf(10) ** -40


def test_mutual_information_reference_agrees_with_symgen():
    """The MI reference on a joint table equals symgen.mutual_information on that table."""
    import symgen as sg

    table = np.array([[0.25, 0.0, 0.25], [0.125, 0.25, 0.125]])
    cells = {(i, j): sp.Rational(v) for (i, j), v in np.ndenumerate(table)}
    exact = sg.mutual_information(sg.Distribution.from_table(["x", "y"], cells), "x", "y")
    with mpmath.workdps(DIGITS):
        value = TARGETS["mutual_information"].reference(to_mp(table))
        assert abs(value - mpmath.mpf(str(sp.N(exact, 60)))) < mpmath.mpf(10) ** -40


def test_check_implementation_batch_reduced_to_scalar_is_wrong_shape():
    """With batched=True, a function that averages over the batch is a wrong_shape failure."""
    report = check_implementation(
        lambda p, q: special.rel_entr(p, q).sum(-1).mean(), "kl_divergence", batched=True
    )
    assert report.likely_cause.id == "wrong_shape"
    assert "expected (" in report.counterexample.error


def test_check_implementation_first_counterexample_is_a_fixed_hard_case():
    """Hard, readable inputs come first, so the counterexample is a small dyadic one."""
    report = check_implementation(lambda p: -special.xlogy(p, p).sum(-1) * 1.5, "entropy")
    assert report.counterexample.inputs == {"p": [0.5, 0.25, 0.25]}
    assert report.counterexample.expected.startswith("1.039720770839917964")


@settings(max_examples=40, deadline=None)
@given(distributions(k=4, allow_zeros=True), distributions(k=4, allow_zeros=False))
def test_references_agree_with_scipy(p, q):
    """The 50-digit references agree with scipy's float KL, entropy and JSD on random pmfs."""
    with mpmath.workdps(DIGITS):
        kl = TARGETS["kl_divergence"].reference(to_mp(p), to_mp(q))
        h = TARGETS["entropy"].reference(to_mp(p))
        js = TARGETS["js_divergence"].reference(to_mp(p), to_mp(q))
    assert float(kl) == pytest.approx(special.rel_entr(p, q).sum(), rel=1e-9, abs=1e-12)
    assert float(h) == pytest.approx(special.entr(p).sum(), rel=1e-9, abs=1e-12)
    assert float(js) == pytest.approx(distance.jensenshannon(p, q) ** 2, rel=1e-6, abs=1e-12)


def test_near_equal_inputs_separate_cancellation_from_rel_entr():
    """With atol=0, rel_entr stays accurate on q = p ± 1e-8 while H(p,q) - H(p) does not."""
    from cases.buggy_implementations import kl_as_cross_minus_entropy, kl_rel_entr

    strict = {"atol": 0.0, "rtol": 1e-6}
    assert check_implementation(kl_rel_entr, "kl_divergence", **strict).passed
    naive = check_implementation(kl_as_cross_minus_entropy, "kl_divergence", **strict)
    assert naive.likely_cause.id == "precision_loss"
    p, q = (np.array(v) for v in naive.counterexample.inputs.values())
    assert 0 < np.max(np.abs(p - q)) <= 1.1e-8


def test_check_implementation_missing_return():
    """A function that returns None is reported as such, not as a nan."""

    def entropy(p):
        -special.xlogy(p, p).sum(-1)

    report = check_implementation(entropy, "entropy")
    assert report.likely_cause.id == "wrong_shape"
    assert "returned None" in report.likely_cause.message


def test_expression_target_without_valid_inputs_raises():
    """An expression that is never a finite real number leaves nothing to check."""
    x = sp.Symbol("x", positive=True)
    with pytest.raises(InvalidCheck):
        check_implementation(lambda x: 0.0, sp.log(-x))


@pytest.mark.parametrize("bad_size", [6, 7, 11, 16])
def test_wrong_only_at_one_support_size_is_caught(bad_size):
    """Code that is right except at one support size k still fails (sizes 2..33 are drawn)."""

    def kl(p, q):
        p, q = np.asarray(p, float), np.asarray(q, float)
        value = special.rel_entr(p, q).sum(axis=-1)
        return value * 1.01 if p.shape[-1] == bad_size else value

    assert not check_implementation(kl, "kl_divergence").passed


def test_gaussian_kl_wrong_only_in_high_dimension_is_caught():
    """A VAE KL term that drops the last latent dimension beyond 4 dims is caught."""

    def vae_kl(mu, sigma):
        mu, sigma = np.asarray(mu, float), np.asarray(sigma, float)
        terms = 0.5 * (sigma**2 + mu**2 - 1 - np.log(sigma**2))
        return terms[..., : min(terms.shape[-1], 4)].sum(axis=-1)

    assert not check_implementation(vae_kl, "gaussian_kl").passed
