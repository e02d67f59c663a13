"""Answers built by a hostile student to be accepted: each is rejected or reported cleanly.

Classes (issue 12): functions the checker cannot evaluate (alone, tuned to the checker's
sample points, integer combinations of several), binomial/gamma/factorial near misses,
undefined forms, bits where nats are asked, and answers that would run past the time budget.
"""

from __future__ import annotations

import threading
from fractions import Fraction
from typing import Any

import pytest
import sympy as sp

from symgen.answers._evaluate import point_value, unknown_functions
from symgen.answers._sampling import _answer_points, sample_points
from symgen.answers.check import Verdict, check_answer
from symgen.catalogue.spec import read_spec
from symgen.core.parameters import symbols as make_symbols
from symgen.errors import CatalogueError

P, Q = make_symbols("p q", probability=True)
K, N, X = sp.symbols("k n x", positive=True)
MU = sp.Symbol("mu", real=True)
SYMBOLS = {s.name: s for s in (P, Q, K, N, X, MU)}
HALF = sp.Rational(1, 2)
f, g = sp.Function("f"), sp.Function("g")


def _check(expected: Any, answer: Any, **options: Any) -> Verdict:
    options.setdefault("timeout", 30.0)  # a loaded machine must not turn verdicts into timeouts
    return check_answer(expected, answer, symbols=SYMBOLS, **options)


# --------------------------------------------------------------------------- unknown functions


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        ("f(k)/2", "f"),
        ("f(k) - f(k) + 1/2", None),  # SymPy cancels it: nothing unknown is left
        ("g(p)*0 + 1/2", None),
        ("f(k)/2 + g(k)/2 - g(k)/2", "f"),
        ("1/2 + f(p) - g(p)", "f, g"),
        ("G_1(p) + 2*G_2(p) - 3*G_3(p)", "G_1, G_2, G_3"),
    ],
)
def test_unknown_functions_are_refused_never_valued(answer: str, names: str | None) -> None:
    verdict = _check(HALF, answer)
    if names is None:
        assert verdict.correct and verdict.reason == "equivalent"
        return
    assert not verdict.correct
    assert verdict.reason == "unknown_function"
    assert names in verdict.feedback_en and names in verdict.feedback_ko


def test_unknown_functions_tuned_to_every_sample_point_still_fail() -> None:
    """Whatever values a function would get at the fixed and seeded points, it gets none."""
    fixed = sample_points(("probability",))
    seeded = _answer_points(f(P), ("probability",))
    assert len(fixed) + len(seeded) > 16
    for point in (*fixed, *seeded):
        assert point_value(f(P), (P,), point) is None
        assert point_value(P + 2 * f(P) - g(P), (P,), point) is None
    combination = 3 * f(P) - 2 * g(P) + sp.Function("h")(P)
    verdict = _check(P, P + combination)
    assert verdict.reason == "unknown_function"
    assert "f, g, h" in verdict.feedback_en


def test_unknown_functions_given_as_sympy_objects_are_refused() -> None:
    for answer in (f(K) / 2, sp.Integral(K, (K, 0, 1)) / 2 + f(K), sp.Function("cot2")(K)):
        verdict = _check(HALF, answer)
        assert verdict.reason == "unknown_function", answer
        assert not verdict.correct
    assert unknown_functions(sp.cot(K) + sp.asinh(K) + sp.sign(K) + sp.binomial(N, K)) == ()


def test_the_functions_sympy_produces_are_evaluated() -> None:
    """``tan(pi/2 - k)`` is ``cot(k)`` to SymPy: evaluated, right or wrong on its merits."""
    assert _check(sp.cot(K), "tan(pi/2 - k)").correct
    assert _check(sp.cos(K) / sp.sin(K), "tan(pi/2 - k)").correct
    assert not _check(HALF, "tan(pi/2 - k)").correct
    assert _check(HALF, "tan(pi/2 - k)").reason == "not_equivalent"


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        (sp.pi / 2 - sp.acos(P), "asin(p)"),
        (sp.log(X + sp.sqrt(X**2 + 1)), "asinh(x)"),
        (sp.log((1 + P) / (1 - P)) / 2, "atanh(p)"),
        (1 / sp.cos(X), "sec(x)"),
        (1 / sp.sin(X), "csc(x)"),
        (sp.sinh(X) / sp.cosh(X), "tanh(x)"),
        (MU * sp.sign(MU), "abs(mu)"),
        (sp.sign(MU - 1) * (MU - 1), "abs(1 - mu)"),
        (sp.log(1 + X + sp.sqrt(X**2 + 2 * X)), "acosh(1 + x)"),
    ],
)
def test_every_grammar_function_is_evaluated(expected: sp.Expr, answer: str) -> None:
    verdict = _check(expected, answer)
    assert verdict.correct, verdict


def test_the_evaluator_refuses_values_off_the_real_domain() -> None:
    """acos(2), atanh(1), a pole of gamma: undefined at the point, never a number."""
    point = (Fraction(1, 2),)
    for expr in (sp.acos(2 + P), sp.atanh(P + HALF), sp.gamma(P - HALF), sp.log(P - 1)):
        assert point_value(expr, (P,), point) is None, expr


# --------------------------------------------------------------------------- near misses

TINY = sp.exp(-1600)  # about 10^-695, far below the default working precision


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        (sp.Integer(24), sp.gamma(5 + TINY)),
        (sp.Integer(24), sp.factorial(4 + TINY)),
        (sp.Integer(120), sp.binomial(10 + TINY, 3)),
        (sp.Integer(252), sp.binomial(10, 5 + TINY)),  # the peak: no first-order change
        (sp.binomial(2000, 1000), sp.binomial(2000, 1000) + TINY),
        (sp.gamma(N), sp.gamma(N + TINY)),
        (sp.gamma(N), sp.gamma(N) * (1 + TINY)),
        (sp.binomial(N, 3), sp.binomial(N + TINY, 3)),
        (sp.factorial(N), sp.factorial(N) + TINY),
        (sp.Integer(1), sp.cos(TINY)),
        (sp.Integer(1), sp.cosh(TINY)),
        (sp.pi / 2, sp.acos(TINY)),
    ],
)
def test_special_function_near_misses_are_rejected(expected: sp.Expr, answer: sp.Expr) -> None:
    verdict = _check(expected, answer, timeout=None)
    assert not verdict.correct, verdict
    assert verdict.reason != "cannot_decide" or not verdict.correct


def test_exact_special_function_values_still_pass() -> None:
    assert _check(sp.Integer(24), "factorial(4)").correct
    assert _check(sp.Integer(252), "binomial(10, 5)").correct
    assert _check(N * (N - 1) / 2, "binomial(n, 2)").correct


# --------------------------------------------------------------------------- undefined forms


@pytest.mark.parametrize(
    "answer",
    [
        "oo^0",
        "oo^0/2",
        "oo - oo",
        "0/0",
        "1/0",
        "log(x, oo)",
        "1/2 + log(2, oo)",
        "1/2 + log(x, oo)",
        "1/2 + 1/oo",
        r"\infty^0/2",
        "∞^0/2",
    ],
)
def test_undefined_forms_are_never_equal_to_a_finite_value(answer: str) -> None:
    for expected in (HALF, sp.Integer(1), sp.Integer(0)):
        verdict = _check(expected, answer)
        assert not verdict.correct
        assert verdict.reason == "undefined_answer", (answer, verdict)


def test_undefined_sympy_values_are_never_equal() -> None:
    for answer in (sp.nan, sp.zoo, sp.oo - sp.oo):
        assert not _check(HALF, answer).correct
    assert _check(sp.oo, "oo").correct  # an infinite KL divergence is still answerable


# --------------------------------------------------------------------------- units


def test_bits_are_wrong_where_nats_are_asked() -> None:
    nats = -P * sp.log(P) - (1 - P) * sp.log(1 - P)
    bits = "-p*log2(p) - (1-p)*log2(1-p)"
    verdict = _check(nats, bits, unit="nats")
    assert not verdict.correct and verdict.reason == "wrong_log_base_bits_vs_nats"
    assert _check(nats, bits, unit="free").reason == "equivalent_other_unit"
    assert not _check(sp.log(2), "1", unit="nats").correct
    assert not _check(sp.log(2) / 2, "0.5", unit="nats", rtol=1e-3).correct


def test_log_likelihoods_are_in_nats() -> None:
    from symgen.catalogue.problems import find_ask

    ask = find_ask("mle_log_likelihood:loglik")
    assert ask.unit == "nats"
    verdict = check_answer(ask, "(3*log(theta) + log(1-theta))/log(2)")
    assert not verdict.correct and verdict.reason == "wrong_log_base_bits_vs_nats"
    assert check_answer(ask, "3*log(theta) + log(1 - theta)").correct


def _problem(unit: str | None, statement: str, label: str = "Find H(X).") -> dict:
    ask = {"id": "h", "kind": "entropy", "label": {"en": label, "ko": "H(X)를 구하라."}}
    if unit is not None:
        ask["unit"] = unit
    return {
        "id": "units",
        "topic": "entropy",
        "title": {"en": "Units", "ko": "단위"},
        "statement": {"en": statement, "ko": "문제"},
        "asks": [ask],
    }


def test_loading_fails_when_a_statement_contradicts_the_unit() -> None:
    with pytest.raises(CatalogueError, match="nats"):
        read_spec(_problem("bits", "Give every answer in nats."), "units.toml")
    with pytest.raises(CatalogueError, match="bits"):
        read_spec(_problem("nats", "A coin.", label="Find H(X) in bits."), "units.toml")
    spec = read_spec(_problem("nats", "Give every answer in nats."), "units.toml")
    assert spec.asks[0].args["unit"] == "nats"
    free = read_spec(_problem("free", "In bits or nats, as you like."), "units.toml")
    assert free.asks[0].args["unit"] == "free"


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(CatalogueError, match="unknown unit"):
        read_spec(_problem("hartleys", "A coin."), "units.toml")


# --------------------------------------------------------------------------- time budget

SLOW = "sin(cos(exp(exp(exp(exp(1))))))"


def test_a_spent_budget_gives_a_timeout_verdict() -> None:
    for answer in ("1/2", SLOW, "p + 1"):
        verdict = _check(HALF, answer, timeout=0)
        assert not verdict.correct and verdict.reason == "timeout"
        assert verdict.to_dict()["reason"] == "timeout"


def test_a_pathological_answer_returns_a_verdict_not_an_exception() -> None:
    verdict = _check(HALF, SLOW, timeout=0.3)
    assert not verdict.correct
    assert verdict.reason in {"timeout", "not_equivalent", "undefined_answer", "cannot_decide"}


def test_the_budget_holds_outside_the_main_thread() -> None:
    verdicts = []
    thread = threading.Thread(target=lambda: verdicts.append(_check(HALF, "1/2", timeout=0)))
    thread.start()
    thread.join()
    assert [v.reason for v in verdicts] == ["timeout"]
    worker = threading.Thread(target=lambda: verdicts.append(_check(HALF, "2/4", timeout=5)))
    worker.start()
    worker.join()
    assert verdicts[-1].correct
