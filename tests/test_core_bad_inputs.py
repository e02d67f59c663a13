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
