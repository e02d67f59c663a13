"""Bad inputs to the probability core: each raises its specific error with a clear message."""

from __future__ import annotations

import pytest

import symgen as sg
from symgen.errors import (
    InvalidDistribution,
    InvalidEvent,
    InvalidProbability,
    SymgenError,
    UnknownVariable,
    ZeroProbabilityCondition,
)


def _joint():
    return sg.independent(sg.die("x"), sg.coin("y"))


p, q = sg.symbols("p q", probability=True)

BAD = [
    (
        "symbolic negative cell",
        lambda: sg.Distribution.from_table("a", {0: p - q, 1: 1 - p + q}),
        InvalidDistribution,
        "outside \\[0, 1\\]",
    ),
    ("symbolic cell above one", lambda: sg.bernoulli("a", 2 * p), InvalidDistribution, "outside"),
    (
        "sum over one",
        lambda: sg.Distribution.from_table("x", {0: "1/2", 1: "1/3"}),
        InvalidDistribution,
        "sum to 5/6",
    ),
    (
        "negative",
        lambda: sg.Distribution.from_table("x", {0: "-1/2", 1: "3/2"}),
        InvalidDistribution,
        "not in \\[0, 1\\]",
    ),
    (
        "above one",
        lambda: sg.Distribution.from_table("x", {0: 2, 1: -1}),
        InvalidDistribution,
        "not in",
    ),
    (
        "word probability",
        lambda: sg.Distribution.from_table("x", {0: "half", 1: "1/2"}),
        InvalidDistribution,
        "cannot read 'half'",
    ),
    (
        "code as probability",
        lambda: sg.Distribution.from_table("x", {0: "__import__('os')", 1: 1}),
        InvalidDistribution,
        "cannot read",
    ),
    (
        "division by zero",
        lambda: sg.Distribution.from_table("x", {0: "1/0", 1: 1}),
        InvalidDistribution,
        "divides by zero",
    ),
    (
        "nan",
        lambda: sg.Distribution.from_table("x", {0: float("nan"), 1: 1}),
        InvalidDistribution,
        "not a finite",
    ),
    ("boolean", lambda: sg.Distribution.from_table("x", {0: True}), InvalidDistribution, "boolean"),
    (
        "empty",
        lambda: sg.Distribution.from_table("x", {}),
        InvalidDistribution,
        "at least one outcome",
    ),
    (
        "wrong width",
        lambda: sg.Distribution.from_table(["a", "b"], {(0,): 1}),
        InvalidDistribution,
        "expected 2",
    ),
    (
        "bad name",
        lambda: sg.Distribution.from_table("1x", {0: 1}),
        InvalidDistribution,
        "must start with a letter",
    ),
    (
        "name with code",
        lambda: sg.Distribution.from_table("os.system", {0: 1}),
        InvalidDistribution,
        "variable name",
    ),
    (
        "float outcome",
        lambda: sg.Distribution.from_table("x", {0.5: 1}),
        InvalidDistribution,
        "not a float",
    ),
    (
        "not a mapping",
        lambda: sg.Distribution.from_table("x", [(0, 1)]),
        InvalidDistribution,
        "must be a mapping",
    ),
    (
        "duplicate variable",
        lambda: sg.independent(sg.die("x"), sg.die("x")),
        InvalidDistribution,
        "repeat",
    ),
    ("die sides", lambda: sg.die("x", 0), InvalidDistribution, "positive whole number"),
    ("uniform repeats", lambda: sg.uniform("x", [1, 1]), InvalidDistribution, "repeated"),
    ("unknown variable", lambda: _joint().prob("z=1"), UnknownVariable, "'z'"),
    ("unknown marginal", lambda: _joint().marginal("w"), UnknownVariable, "the variables are x, y"),
    ("typo outcome", lambda: _joint().prob("y=h"), InvalidEvent, "no outcome 'h'"),
    ("garbage event", lambda: _joint().prob("x=>3"), InvalidEvent, "expected a value"),
    (
        "event code",
        lambda: _joint().prob("__import__('os').system('x')"),
        InvalidEvent,
        "cannot read|expected",
    ),
    ("event too long", lambda: _joint().prob("x=1," * 400), InvalidEvent, "max 1000"),
    (
        "double given",
        lambda: _joint().prob("x=1 | y=H", given={"y": "T"}),
        InvalidEvent,
        "not both",
    ),
    ("zero condition", lambda: _joint().prob("x=1", given="x=9"), ZeroProbabilityCondition, "= 0"),
    ("order on text", lambda: _joint().prob("y>=H"), InvalidEvent, "non-numeric"),
    ("event type", lambda: _joint().prob(42), InvalidEvent, "dict or text"),
    ("apply unknown arg", lambda: _joint().apply("s", lambda w: w), UnknownVariable, "'w'"),
    ("apply float", lambda: _joint().apply("s", lambda x: x / 2), InvalidDistribution, "float"),
    (
        "apply existing",
        lambda: _joint().apply("x", lambda x: x),
        InvalidDistribution,
        "already exists",
    ),
    (
        "mean of text",
        lambda: sg.expectation(sg.coin("y")),
        InvalidDistribution,
        "non-numeric outcome",
    ),
    ("mean ambiguous", lambda: sg.expectation(_joint()), InvalidDistribution, "say which quantity"),
    ("sum of joint", lambda: sg.sum_of([_joint()]), InvalidDistribution, "one variable"),
    ("prob text", lambda: sg.bernoulli("x", "p+1"), InvalidProbability, "cannot read"),
]


@pytest.mark.parametrize(("label", "make", "error", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_raises_specific_error(label, make, error, message):
    """Each bad input raises its own error class (a SymgenError) naming the problem."""
    with pytest.raises(error, match=message) as caught:
        make()
    assert isinstance(caught.value, SymgenError)
    assert "\n" not in str(caught.value)


# --- sums of valid pmfs that are not literally 1 (issue 12) ----------------------------

import sympy as sp  # noqa: E402

from symgen.core.validation import require_normalised  # noqa: E402


def test_exact_irrational_cells_that_sum_to_one_are_valid():
    """1/(1+√2) + √2/(1+√2) is 1: radsimp shows it, the table is accepted unchanged."""
    s2 = sp.sqrt(2)
    d = sg.Distribution.from_table("x", {0: 1 / (1 + s2), 1: s2 / (1 + s2)})
    assert sp.simplify(d.prob({"x": 1}) - s2 / (1 + s2)) == 0
    nested = {0: sp.sqrt(3) - 1, 1: 2 - sp.sqrt(3)}
    assert sg.Distribution.from_table("x", nested).prob({"x": 0}) == sp.sqrt(3) - 1


@pytest.mark.parametrize("symbolic", [False, True])
def test_beta_binomial_cells_written_with_beta_are_valid(symbolic):
    """BetaBinomial(n=3, a, b) with beta(...) cells sums to 1 (expand_func, gammasimp)."""
    a, b = sp.symbols("a b", positive=True) if symbolic else (sp.Integer(2), sp.Integer(3))
    n = 3
    table = {k: sp.binomial(n, k) * sp.beta(k + a, n - k + b) / sp.beta(a, b) for k in range(4)}
    d = sg.Distribution.from_table("k", table)
    assert d.variables == ("k",)


def test_a_total_certified_off_by_1e_minus_70_is_refused():
    """No numeric shortcut: a total 1 + √2·10^-70 is certified to differ from 1."""
    tiny = sp.sqrt(2) / sp.Integer(10) ** 70
    with pytest.raises(InvalidDistribution, match="not 1"):
        require_normalised({(0,): 1 - tiny, (1,): 2 * tiny})
    with pytest.raises(InvalidDistribution, match=r"2\*sqrt\(2\) = 1 \+ 0\.828"):
        require_normalised({(0,): 1 / (1 + sp.sqrt(2)), (1,): sp.sqrt(2) / (2 + sp.sqrt(2)) + 1})


def test_float_pmf_within_1e_9_is_accepted_with_a_warning_and_rescaled():
    """[1/3, 1/3, 1/3] as floats sums to 0.9999999999999999: accepted, warned, exactly 1/3."""
    with pytest.warns(UserWarning, match="rescaled"):
        d = sg.Distribution.from_table("x", dict.fromkeys(range(3), 1 / 3))
    assert d.prob({"x": 0}) == sp.Rational(1, 3)
    with pytest.warns(UserWarning):
        assert sg.entropy(dict.fromkeys(range(3), 1 / 3)) == sp.log(3)
    with pytest.raises(InvalidDistribution, match="sum to"):
        sg.Distribution.from_table("x", {0: 0.5, 1: 0.5 + 1e-6})


def test_exact_cells_off_by_a_little_are_never_rescaled_silently():
    """The float tolerance is for floats only: exact cells 1e-12 short of 1 are refused."""
    third = "333333333333/1000000000000"
    with pytest.raises(InvalidDistribution, match="2999999999999/3000000000000"):
        sg.Distribution.from_table("x", {0: "1/3", 1: "1/3", 2: third})


def test_normalize_rescales_on_request():
    """normalize=True divides by the total; a non-positive total is still refused."""
    d = sg.Distribution.from_table("x", {0: 1, 1: 2, 2: 1}, normalize=True)
    assert [d.prob({"x": k}) for k in range(3)] == [sp.Rational(1, 4), sp.Rational(1, 2),
                                                    sp.Rational(1, 4)]  # fmt: skip
    with pytest.raises(InvalidDistribution):
        sg.Distribution.from_table("x", {0: 0, 1: 0}, normalize=True)
