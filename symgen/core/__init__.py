"""Exact finite distributions, their moments and information measures, and numpy twins."""

from __future__ import annotations

from symgen.core.constructors import (
    bernoulli,
    categorical,
    coin,
    die,
    independent,
    sum_of,
    uniform,
)
from symgen.core.distribution import Distribution
from symgen.core.measures import (
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    kl_support_violation,
    mutual_information,
    self_information,
)
from symgen.core.moments import correlation, covariance, expectation, variance
from symgen.core.numeric import to_numpy
from symgen.core.parameters import symbols

__all__ = [
    "Distribution",
    "bernoulli",
    "categorical",
    "coin",
    "conditional_entropy",
    "correlation",
    "covariance",
    "cross_entropy",
    "die",
    "entropy",
    "expectation",
    "independent",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "kl_support_violation",
    "mutual_information",
    "self_information",
    "sum_of",
    "symbols",
    "to_numpy",
    "uniform",
    "variance",
]
