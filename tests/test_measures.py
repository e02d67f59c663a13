"""Tests for symgen.core.measures: textbook values, closed forms, edge cases, properties."""

from __future__ import annotations

import math

import dit
import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from scipy import stats
from strategies import pmf_pairs, rational_joints, rational_pmfs

import symgen as sg
from symgen.core.measures import (
    InvalidBase,
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
from symgen.core.parameters import is_probability_symbol
from symgen.errors import (
    IncompatibleDistributions,
    InvalidDistribution,
    InvalidProbability,
    UnknownVariable,
)

R = sp.Rational
SETTINGS = settings(max_examples=40, deadline=None)

# Cover & Thomas, Elements of Information Theory, Example 2.2.1: rows y = 1..4, columns x = 1..4.
COVER_THOMAS_ROWS = [
    ["1/8", "1/16", "1/32", "1/32"],
    ["1/16", "1/8", "1/32", "1/32"],
    ["1/16", "1/16", "1/16", "1/16"],
    ["1/4", "0", "0", "0"],
]
COVER_THOMAS = {(x + 1, y + 1): COVER_THOMAS_ROWS[y][x] for y in range(4) for x in range(4)}


def canonical(expr: sp.Expr) -> sp.Expr:
    """Logs split over primes, so equal sums of rational*log(prime) compare structurally."""
    return sp.expand_log(sp.expand(expr), force=True, factor=True)


def is_same(a: sp.Expr, b: sp.Expr) -> bool:
    return canonical(a - b) == 0


def bits_float(pmf: dict) -> list[float]:
    return [float(v) for v in pmf.values()]


# ----------------------------------------------------------------- textbook values
def test_entropy_dyadic_is_exact_rational():
    """H(1/2, 1/4, 1/8, 1/8) is the Rational 7/4 in bits, not a float or a sum of logs."""
    h = entropy({"a": "1/2", "b": "1/4", "c": "1/8", "d": "1/8"}, base=2)
    assert h == R(7, 4) and isinstance(h, sp.Rational)


@pytest.mark.parametrize("n", [2, 3, 6, 12, 1000])
def test_entropy_uniform_is_log_n(n):
    """A uniform pmf over n outcomes has entropy exactly log(n) nats."""
    assert entropy({k: R(1, n) for k in range(n)}) == sp.log(n)


def test_entropy_uniform_in_bits_is_integer_for_powers_of_two():
    """Uniform over 8 outcomes is 3 bits and over 6 is 1 + log2(3)."""
    assert entropy(sg.uniform("u", range(8)), base=2) == 3
    assert is_same(entropy(sg.die("x"), base=2), 1 + sp.log(3) / sp.log(2))


@pytest.mark.parametrize("as_distribution", [True, False])
def test_cover_thomas_joint_table_values(as_distribution):
    """Example 2.2.1: H(X)=7/4, H(Y)=2, H(X|Y)=11/8, H(Y|X)=13/8, H(X,Y)=27/8, I=3/8 bits."""
    if as_distribution:
        table, x, y = sg.Distribution.from_table(["x", "y"], COVER_THOMAS), "x", "y"
    else:
        table, x, y = COVER_THOMAS, 0, 1
    got = [
        joint_entropy(table, x, base=2),
        joint_entropy(table, y, base=2),
        conditional_entropy(table, x, y, base=2),
        conditional_entropy(table, y, x, base=2),
        joint_entropy(table, base=2),
        mutual_information(table, x, y, base=2),
    ]
    assert got == [R(7, 4), 2, R(11, 8), R(13, 8), R(27, 8), R(3, 8)]
    assert all(isinstance(v, sp.Rational) for v in got)


def test_kl_between_bernoullis_both_directions():
    """Cover & Thomas Ex. 2.3.1 (r=1/2, s=1/4): D(p||q) = 1 - log2(3)/2, D(q||p) = 3/4 log2(3)-1."""
    p, q = sg.bernoulli("x", R(1, 2)), sg.bernoulli("x", R(1, 4))
    log2_3 = sp.log(3) / sp.log(2)
    assert is_same(kl_divergence(p, q, base=2), 1 - log2_3 / 2)
    assert is_same(kl_divergence(q, p, base=2), R(3, 4) * log2_3 - 1)
    assert kl_divergence(p, q, base=2) != kl_divergence(q, p, base=2)


def test_kl_symbolic_bernoulli_closed_form():
    """D(Bern(p)||Bern(q)) = p log(p/q) + (1-p) log((1-p)/(1-q)), symbolically and numerically."""
    p, q = sg.symbols("p q", probability=True)
    got = kl_divergence(sg.bernoulli("x", p), sg.bernoulli("x", q))
    textbook = p * sp.log(p / q) + (1 - p) * sp.log((1 - p) / (1 - q))
    assert sp.simplify(got - textbook) == 0
    value = got.subs({p: R(1, 3), q: R(3, 5)})
    expected = (1 / 3) * math.log((1 / 3) / (3 / 5)) + (2 / 3) * math.log((2 / 3) / (2 / 5))
    assert math.isclose(float(value), expected, rel_tol=1e-12)


def test_entropy_symbolic_keeps_probability_assumptions():
    """H(Bern(p)) is a formula in the same ProbabilitySymbol p, equal to 1 bit at p = 1/2."""
    p = sg.symbols("p", probability=True)
    h = entropy(sg.bernoulli("x", p), base=2)
    assert h.free_symbols == {p}
    assert is_probability_symbol(next(iter(h.free_symbols))) and p.is_positive
    assert sp.simplify(h.subs(p, R(1, 2))) == 1
    assert math.isclose(float(h.subs(p, R(1, 4))), stats.entropy([0.25, 0.75], base=2))


def test_cross_entropy_symbolic_is_entropy_plus_kl():
    """H(P, Q) - H(P) - D(P||Q) simplifies to 0 for two symbolic Bernoullis."""
    p, q = sg.symbols("p q", probability=True)
    P, Q = sg.bernoulli("x", p), sg.bernoulli("x", q)
    gap = cross_entropy(P, Q) - entropy(P) - kl_divergence(P, Q)
    assert sp.simplify(sp.expand_log(gap, force=True)) == 0


def test_mutual_information_binary_symmetric_channel_closed_form():
    """Uniform input through a BSC with flip probability e: I(X;Y) = log 2 - H_b(e)."""
    e = sg.symbols("e", probability=True)
    half = R(1, 2)
    cells = {(0, 0): half * (1 - e), (0, 1): half * e, (1, 0): half * e, (1, 1): half * (1 - e)}
    channel = sg.Distribution.from_table(["x", "y"], cells)
    i = mutual_information(channel, "x", "y")
    textbook = sp.log(2) + e * sp.log(e) + (1 - e) * sp.log(1 - e)
    assert sp.simplify(sp.expand_log(i - textbook, force=True)) == 0
    assert i.free_symbols == {e}
    value = float(i.subs(e, R(1, 10)))
    assert math.isclose(value, math.log(2) - stats.entropy([0.1, 0.9]), rel_tol=1e-12)


def test_n1000_rational_pmf_collects_logs_over_primes():
    """p_i = i/T against its reverse, n = 1000: one term per prime <= 1000, no digit-limit error."""
    n = 1000
    total = n * (n + 1) // 2
    P = {i: R(i, total) for i in range(1, n + 1)}
    Q = {i: R(n + 1 - i, total) for i in range(1, n + 1)}
    h, d = entropy(P), kl_divergence(P, Q)
    assert len(h.args) <= 168 + 1 and len(d.args) <= 168
    ref_h = -sum(i / total * math.log(i / total) for i in range(1, n + 1))
    ref_d = sum(i / total * math.log(i / (n + 1 - i)) for i in range(1, n + 1))
    assert math.isclose(float(h), ref_h, rel_tol=1e-12)
    assert math.isclose(float(d), ref_d, rel_tol=1e-12)


def test_huge_denominators_stay_exact_without_digit_limit():
    """A 1500-digit denominator is handled exactly (small primes split off, no str() of it)."""
    big = sp.Integer(2) ** 5000 + 1
    pmf = {0: R(1, big), 1: 1 - R(1, big)}
    h = entropy(pmf)
    with mpmath.workdps(3200):
        p = 1 / mpmath.mpf(int(big))
        ref = -(p * mpmath.log(p) + (1 - p) * mpmath.log(1 - p))
    assert mpmath.almosteq(mpmath.mpf(str(sp.N(h, 20, maxn=4000))), ref, rel_eps=1e-15)
    assert kl_divergence(pmf, pmf) == 0


# ----------------------------------------------------------------- edge cases
def test_entropy_skips_zero_terms():
    """0 log 0 = 0: a zero-probability outcome changes nothing (SymPy alone would give nan)."""
    assert entropy({0: 1, 1: 0}) == 0
    assert entropy({0: "1/2", 1: "1/2", 2: 0}, base=2) == 1


def test_kl_infinite_with_reason_naming_outcome():
    """D(P||Q) = oo when Q(x) = 0 < P(x), and the violation names x and P(x)."""
    P, Q = {"a": "1/2", "b": "1/2"}, {"a": 1}
    assert kl_divergence(P, Q) == sp.oo and cross_entropy(P, Q) == sp.oo
    violation = kl_support_violation(P, Q)
    assert violation.outcome == "b" and violation.p_value == R(1, 2)
    assert "Q('b') = 0" in violation.reason and "infinite" in violation.reason
    assert kl_support_violation(Q, P) is None
    assert kl_divergence(Q, P, base=2) == 1


def test_kl_symbolic_support_violation_respects_interval():
    """Bern(p) against a point mass is oo: p in (0, 1) makes 1 - p nonzero too."""
    p = sg.symbols("p", probability=True)
    assert kl_divergence(sg.bernoulli("x", p), sg.bernoulli("x", 0)) == sp.oo
    assert kl_divergence(sg.bernoulli("x", p), sg.bernoulli("x", 1)) == sp.oo


def test_kl_plain_symbol_that_may_be_zero_gives_piecewise():
    """A real symbol that may be 0 gives oo only where it is nonzero."""
    t = sp.Symbol("t", nonnegative=True)
    d = kl_divergence({0: t, 1: 1 - t}, {1: 1})
    assert d.subs(t, 0) == 0 and d.subs(t, R(1, 2)) == sp.oo


def test_supports_aligned_by_outcome():
    """Outcomes missing from one side count as probability 0 there, whatever the order."""
    P = {1: "1/2", 2: "1/2"}
    Q = {3: "1/4", 2: "1/4", 1: "1/2"}
    assert is_same(kl_divergence(P, Q), sp.log(2) / 2)
    assert kl_divergence(Q, P) == sp.oo
    assert kl_support_violation(Q, P).outcome == 3


def test_js_divergence_properties():
    """JSD is symmetric, 1 bit for disjoint supports, 0 for equal pmfs."""
    P, Q = {0: "1/2", 1: "1/2"}, {0: "1/4", 1: "3/4"}
    assert js_divergence({0: 1}, {1: 1}, base=2) == 1
    assert js_divergence(P, P) == 0
    assert is_same(js_divergence(P, Q), js_divergence(Q, P))
    jsd = dit.divergences.jensen_shannon_divergence(
        [dit.Distribution(["0", "1"], [0.5, 0.5]), dit.Distribution(["0", "1"], [0.25, 0.75])]
    )
    assert math.isclose(float(js_divergence(P, Q, base=2)), jsd, rel_tol=1e-12)


def test_self_information_values():
    """I(x) = -log P(x): 3 bits for 1/8, oo for an impossible outcome, a dict for a whole pmf."""
    assert self_information("1/8", base=2) == 3
    assert self_information(sg.die("x"), 3) == sp.log(6)
    assert self_information({0: 1}, 5) == sp.oo
    assert self_information({"H": "1/2", "T": "1/2"}, base=2) == {"H": 1, "T": 1}
    with pytest.raises(InvalidProbability, match="not in"):
        self_information("3/2")


def test_mutual_information_independent_is_zero_and_conditional():
    """I(X;Y) = 0 for an independent product; I(X;X) = H(X); I(X;Y|Y) = 0."""
    J = sg.independent(sg.die("x"), sg.coin("y"))
    assert mutual_information(J, "x", "y") == 0
    assert mutual_information(J, "x", "x") == sp.log(6)
    T = sg.Distribution.from_table(["x", "y"], COVER_THOMAS)
    assert mutual_information(T, "x", "y", given="y") == 0
    assert entropy(J) == sp.log(12) and joint_entropy(J) == sp.log(12)


def test_entropy_of_independent_product_adds_factor_entropies():
    """30 independent dice: H = 30 log 6 without building the 6^30 joint cells."""
    dice = sg.independent(*[sg.die(f"d{i}") for i in range(30)])
    assert entropy(dice) == 30 * sp.log(6)
    assert joint_entropy(dice, "d3", "d7") == sp.log(36)
    assert mutual_information(dice, "d3", "d7") == 0


def test_conditional_entropy_sequence_arguments():
    """H(X, Y | Y) = H(X | Y) and H(X | X, Y) = 0 with names given as sequences."""
    T = sg.Distribution.from_table(["x", "y"], COVER_THOMAS)
    assert conditional_entropy(T, ["x", "y"], "y", base=2) == R(11, 8)
    assert conditional_entropy(T, "x", ("x", "y")) == 0


# ----------------------------------------------------------------- errors
def test_error_different_variable_names():
    """Comparing distributions of different variables names both in the message."""
    with pytest.raises(IncompatibleDistributions, match=r"\('x',\).*\('y',\)"):
        kl_divergence(sg.die("x"), sg.die("y"))


def test_error_different_outcome_types():
    """Number outcomes against text outcomes are incompatible, and the message says which."""
    with pytest.raises(IncompatibleDistributions, match=r"number.*text"):
        cross_entropy({1: "1/2", 2: "1/2"}, {"1": "1/2", "2": "1/2"})


@pytest.mark.parametrize(
    ("pmf", "pattern"),
    [
        ({0: "1/2", 1: "1/3"}, "sum to 5/6"),
        ({0: "3/2", 1: "-1/2"}, "not in"),
        ({}, "at least one outcome"),
        ([0.5, 0.5], "mapping"),
    ],
)
def test_error_invalid_pmf(pmf, pattern):
    """Mappings that are not pmfs raise InvalidDistribution naming the problem."""
    with pytest.raises(InvalidDistribution, match=pattern):
        entropy(pmf)


@pytest.mark.parametrize("base", [1, 0, -2, 2.5, "2", True])
def test_error_invalid_base(base):
    """Only None, e and integers >= 2 are log bases."""
    with pytest.raises(InvalidBase, match="log base"):
        entropy({0: 1}, base=base)


def test_error_unknown_variable():
    """An unknown variable name is reported with the names the distribution has."""
    with pytest.raises(UnknownVariable, match=r"'z'.*'x', 'y'"):
        joint_entropy(sg.independent(sg.die("x"), sg.coin("y")), "z")


def test_base_e_is_natural_log():
    """base=sp.E is the same as the default natural log."""
    assert entropy({0: "1/2", 1: "1/2"}, base=sp.E) == sp.log(2)


# ----------------------------------------------------------------- properties
@SETTINGS
@given(rational_pmfs(allow_zero=True))
def test_property_cross_entropy_with_itself_is_entropy(p):
    """H(P, P) = H(P)."""
    assert is_same(cross_entropy(p, p), entropy(p))


@SETTINGS
@given(rational_pmfs(allow_zero=True))
def test_property_kl_with_itself_is_zero(p):
    """D(P||P) = 0 exactly."""
    assert kl_divergence(p, p) == 0


@SETTINGS
@given(pmf_pairs(allow_zero=True))
def test_property_gibbs_and_decomposition(pair):
    """D(P||Q) >= 0 with equality iff P = Q, and H(P, Q) = H(P) + D(P||Q)."""
    p, q = pair
    d = kl_divergence(p, q)
    assert (float(d) > 0) if p != q else d == 0
    assert is_same(cross_entropy(p, q), entropy(p) + d)


@SETTINGS
@given(rational_joints())
def test_property_mutual_information_identity(table):
    """I(X;Y) = H(X) + H(Y) - H(X,Y) >= 0, and H(X|Y) = H(X,Y) - H(Y)."""
    i = mutual_information(table, 0, 1)
    hx, hy, hxy = (joint_entropy(table, *v) for v in ((0,), (1,), (0, 1)))
    assert is_same(i, hx + hy - hxy) and float(i) >= -1e-15
    assert is_same(conditional_entropy(table, 0, 1), hxy - hy)
    assert is_same(hxy, hx + conditional_entropy(table, 1, 0))  # chain rule
    assert float(conditional_entropy(table, 0, 1)) <= float(hx) + 1e-12  # conditioning helps


@SETTINGS
@given(rational_pmfs(allow_zero=True))
def test_property_entropy_at_most_log_support(p):
    """0 <= H(X) <= log |X|, with equality for uniform pmfs."""
    h = float(entropy(p))
    assert -1e-15 <= h <= math.log(len(p)) + 1e-12


@SETTINGS
@given(pmf_pairs(allow_zero=True))
def test_property_matches_scipy_and_floats(pair):
    """Substituted exact values match scipy.stats.entropy at 1e-12 (entropy and KL, bits)."""
    p, q = pair
    assert math.isclose(
        float(entropy(p, base=2)), stats.entropy(bits_float(p), base=2), rel_tol=1e-12
    )
    ref = stats.entropy(bits_float(p), bits_float(q), base=2)
    assert math.isclose(float(kl_divergence(p, q, base=2)), ref, rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=15, deadline=None)
@given(rational_joints(max_size=3))
def test_property_matches_dit(table):
    """Entropy, conditional entropy and mutual information match dit at 1e-12 (bits)."""
    outcomes = [f"{x}{y}" for x, y in table]
    d = dit.Distribution(outcomes, [float(v) for v in table.values()])
    pairs = [
        (joint_entropy(table, base=2), dit.shannon.entropy(d)),
        (conditional_entropy(table, 0, 1, base=2), dit.shannon.conditional_entropy(d, [0], [1])),
        (mutual_information(table, 0, 1, base=2), dit.shannon.mutual_information(d, [0], [1])),
    ]
    for exact, ref in pairs:
        assert math.isclose(float(exact), ref, rel_tol=1e-12, abs_tol=1e-13)
