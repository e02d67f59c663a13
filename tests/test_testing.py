"""Tests for symgen.testing: assert_matches and the Hypothesis strategies."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from scipy import special

from symgen.testing import assert_matches, distributions, joint_distributions


def test_assert_matches_returns_report_when_correct():
    """A correct implementation passes and the report is returned."""
    report = assert_matches(lambda p, q: special.rel_entr(p, q).sum(-1), "kl_divergence")
    assert report.passed and report.trials_run == 200


def test_assert_matches_failure_message_is_readable():
    """A wrong implementation raises AssertionError naming cause, inputs, expected and got."""
    with pytest.raises(AssertionError) as info:
        assert_matches(lambda p, q: special.rel_entr(p, q).sum(-1) / np.log(2), "kl_divergence")
    message = str(info.value)
    assert message.splitlines()[0].startswith("check_implementation(")
    for part in ("FAILED", "likely cause [log_base]", "p = [", "q = [", "expected", "got"):
        assert part in message


def test_assert_matches_passes_options():
    """Options reach check_implementation: a loose rtol accepts float32 arithmetic."""
    fn = lambda p: -special.xlogy(p, p).astype(np.float32).sum(-1)  # noqa: E731
    with pytest.raises(AssertionError, match="precision_loss"):
        assert_matches(fn, "entropy")
    assert assert_matches(fn, "entropy", rtol=1e-5, atol=1e-6).passed


@settings(max_examples=60, deadline=None)
@given(distributions(k=4))
def test_distributions_are_valid_float_pmfs(p):
    """distributions(k=4) yields 4 non-negative floats summing to 1."""
    assert p.shape == (4,)
    assert np.all(p >= 0) and abs(p.sum() - 1) < 1e-12


@settings(max_examples=60, deadline=None)
@given(distributions(min_k=2, max_k=5, exact=True))
def test_distributions_exact_sum_to_one(p):
    """exact=True yields Rationals summing exactly to 1, with 2 to 5 outcomes."""
    assert 2 <= len(p) <= 5
    assert all(isinstance(v, sp.Rational) and v >= 0 for v in p)
    assert sum(p) == 1


@settings(max_examples=60, deadline=None)
@given(distributions(k=3, tiny=True, allow_zeros=False))
def test_distributions_tiny_and_positive(p):
    """allow_zeros=False gives strictly positive entries; tiny=True may go near 1e-12."""
    assert np.all(p > 0) and abs(p.sum() - 1) < 1e-12


@settings(max_examples=60, deadline=None)
@given(joint_distributions(shape=(2, 3)))
def test_joint_distributions_are_valid_tables(table):
    """joint_distributions(shape=(2, 3)) yields a 2x3 table summing to 1."""
    assert table.shape == (2, 3)
    assert np.all(table >= 0) and abs(table.sum() - 1) < 1e-12


@settings(max_examples=30, deadline=None)
@given(joint_distributions(shape=(2, 2), exact=True))
def test_joint_distributions_exact_cells(cells):
    """exact=True yields {(i, j): Rational} over all four cells, summing exactly to 1."""
    assert sorted(cells) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert sum(cells.values()) == 1


def test_strategies_feed_user_properties():
    """The strategies drive a user's own property test (Gibbs: KL >= 0)."""

    @settings(max_examples=40, deadline=None)
    @given(distributions(k=3, allow_zeros=False), distributions(k=3, allow_zeros=False))
    def gibbs(p, q):
        assert special.rel_entr(p, q).sum() >= -1e-15

    gibbs()


def test_import_symgen_testing_does_not_import_hypothesis():
    """Importing symgen and symgen.testing leaves Hypothesis unloaded."""
    code = "import sys, symgen, symgen.testing; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
