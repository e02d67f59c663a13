"""Answer tests: the STACK-style table, soundness on tiny values, options, feedback, Ask objects."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from symgen.answers._symbolic import confirm_symbolically
from symgen.answers.check import UnknownAnswerTest, Verdict, check_answer
from symgen.answers.mistakes import TEXTS, Mistake, feedback
from symgen.core.parameters import symbols
from symgen.parsing.parser import parse


def _load_case_module(name: str) -> Any:
    path = Path(__file__).parent / "cases" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"{name}_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ANSWERS = _load_case_module("answers").ANSWERS
P, Q, R, THETA = symbols("p q r theta", probability=True)
SYMBOLS: dict[str, sp.Symbol] = {s.name: s for s in (P, Q, R, THETA)}
_POSITIVE = ["a", "b", "c", "k", "n", "s", "sigma", "x", "y"]
SYMBOLS.update({n: sp.Symbol(n, positive=True) for n in _POSITIVE})
SYMBOLS["mu"] = sp.Symbol("mu", real=True)


def _reference(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    return parse(text, symbols=SYMBOLS)


def _options(test: str) -> dict[str, Any]:
    name, *pairs = test.split("|")
    options: dict[str, Any] = {"test": name, "mistakes": []}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key == "mistake":
            reason, _, expr = value.partition(":")
            options["mistakes"].append(Mistake(parse(expr, symbols=SYMBOLS), reason))
        elif key in ("rtol", "atol"):
            options[key] = float(value)
        elif key == "decimals":
            options[key] = int(value)
        elif key == "allow_decimals":
            options[key] = value == "true"
        else:
            options[key] = value
    return options


# generous: a loaded test machine must not turn a slow-but-fine row into "timeout"
TABLE_TIMEOUT = 30.0


def _check(test: str, student: str, reference: str) -> Verdict:
    options = _options(test)
    return check_answer(
        _reference(reference), student, symbols=SYMBOLS, timeout=TABLE_TIMEOUT, **options
    )


def test_answer_table_has_at_least_300_rows():
    """The fixture table is the size the issue asks for, with passes and near misses."""
    assert len(ANSWERS) >= 300
    assert sum(row[3] for row in ANSWERS) >= 100
    assert sum(not row[3] for row in ANSWERS) >= 100


@pytest.mark.parametrize(("test", "student", "reference", "expected", "reason"), ANSWERS)
def test_check_answer_table(test, student, reference, expected, reason):
    """Every row of the table gets the stated verdict and answer note."""
    result = _check(test, student, reference)
    assert (result.correct, result.reason) == (expected, reason), result


def test_check_answer_tiny_power_is_not_zero():
    """p**100 is not 0, nor 0 p**100, whichever side is expected."""
    assert not check_answer(P**100, "0", symbols=SYMBOLS).correct
    assert not check_answer(sp.Integer(0), "p^100", symbols=SYMBOLS).correct
    assert not check_answer(sp.Integer(0), P**300 * sp.log(P) ** 2, symbols=SYMBOLS).correct


def test_check_answer_true_zero_from_cancelling_logs():
    """A true zero that only cancels numerically (log 6 - log 2 - log 3) is accepted."""
    result = check_answer(sp.Integer(0), "log(6) - log(2) - log(3)")
    assert result.correct and result.reason == "equivalent"


def test_check_answer_absorbed_term_is_seen():
    """A term far below 100 digits of the others still makes the answer wrong."""
    assert not check_answer(sp.log(P), sp.log(P) + P**5000, symbols=SYMBOLS).correct
    assert not check_answer(sp.log(6), "log(2) + log(3) + p^9000", symbols=SYMBOLS).correct


def test_check_answer_method_reports_how_equality_was_decided():
    """Rational answers are decided exactly, log identities symbolically."""
    assert check_answer(P * (1 - P), "p - p^2", symbols=SYMBOLS).method == "exact"
    a, b = SYMBOLS["a"], SYMBOLS["b"]
    assert check_answer(sp.log(a / b), "log(a) - log(b)", symbols=SYMBOLS).method == "symbolic"


def test_check_answer_accepts_numbers_and_expressions():
    """Submitted ints, floats, Fractions and SymPy expressions are read too."""
    from fractions import Fraction

    half = sp.Rational(1, 2)
    assert check_answer(half, Fraction(1, 2)).correct
    assert check_answer(half, 0.5).correct
    assert check_answer(half, 0.5, test="exact").reason == "decimals_not_allowed"
    assert check_answer(half, sp.Rational(2, 4)).correct
    assert not check_answer(half, 1).correct


def test_check_answer_expected_as_exact_string():
    """The expected value may be an exact string such as "1/12" or "0.25"."""
    assert check_answer("1/12", r"\frac{1}{12}").correct
    assert check_answer("0.25", "1/4").correct


def test_check_answer_unknown_test_raises():
    """An unknown answer-test name is an error, not a silent default."""
    with pytest.raises(UnknownAnswerTest):
        check_answer("1/2", "1/2", test="fuzzy")


def test_check_answer_tolerance_implies_numeric_test():
    """Giving a tolerance without a test name selects the numeric test."""
    result = check_answer(sp.log(2), "0.6931", rtol=1e-3)
    assert result.correct and result.reason == "numeric_within_tolerance"


def test_check_answer_undefined_answer():
    """An answer undefined wherever the expected value exists is reported as such."""
    result = check_answer(sp.log(P), "log(-p)", symbols=SYMBOLS)
    assert not result.correct and result.reason == "undefined_answer"


def test_check_answer_symbol_names_follow_the_problem():
    """The parser's real symbol p is matched by name to the problem's probability p."""
    p = sp.Symbol("p", positive=True)
    assert check_answer(
        -p * sp.log(p) - (1 - p) * sp.log(1 - p), "-p log p - (1-p) log(1-p)"
    ).correct


@dataclass(frozen=True)
class _Ask:
    expected: Any
    test: str = "equivalent"
    rtol: float | None = None
    atol: float | None = None
    decimals: int | None = None
    allow_decimals: bool = True
    unit: str | None = None
    mistakes: tuple[Any, ...] = ()
    symbols: dict[str, sp.Symbol] | None = None


@dataclass(frozen=True)
class _CatalogueMistake:
    expr: Any
    reason: str
    feedback_en: str
    feedback_ko: str


def test_check_answer_reads_options_from_an_ask():
    """An Ask-like object supplies the expected value, unit, policy and mistakes."""
    swapped = _CatalogueMistake(sp.Rational(1, 12), "joint_for_conditional", "joint!", "결합!")
    ask = _Ask(sp.Rational(1, 2), test="exact", allow_decimals=False, mistakes=(swapped,))
    assert check_answer(ask, "1/2").correct
    assert check_answer(ask, "0.5").reason == "decimals_not_allowed"
    wrong = check_answer(ask, "1/12")
    assert (wrong.reason, wrong.feedback, wrong.feedback_in("ko")) == (
        "joint_for_conditional",
        "joint!",
        "결합!",
    )


def test_check_answer_keywords_override_the_ask():
    """Keyword options given to check_answer win over the Ask's own."""
    ask = _Ask(sp.log(2), unit="nats")
    assert check_answer(ask, "1").reason == "wrong_log_base_bits_vs_nats"
    assert check_answer(ask, "log(2)^2", unit="bits").reason == "wrong_log_base_bits_vs_nats"
    assert check_answer(ask, "0.6931", test="numeric").correct


def test_check_answer_catalogue_mistake_text_is_parsed_safely():
    """A catalogue mistake given as text goes through the safe parser."""
    mistake = _CatalogueMistake("1/12", "joint_for_conditional", "", "")
    assert check_answer("1/2", "1/12", mistakes=[mistake]).reason == "joint_for_conditional"


def test_check_answer_boolean_asks():
    """True/false asks take yes/no words in English and Korean."""
    assert check_answer(sp.true, "yes").correct
    assert check_answer(_Ask(sp.false), "거짓").correct
    assert check_answer(True, "no").reason == "not_equivalent"
    assert check_answer(True, "").reason == "empty_answer"
    erratum = _CatalogueMistake(sp.true, "notes_erratum", "the notes are wrong here", "노트 오류")
    wrong = check_answer(_Ask(sp.false, mistakes=(erratum,)), "true")
    assert (wrong.correct, wrong.reason, wrong.feedback) == (
        False,
        "notes_erratum",
        "the notes are wrong here",
    )


def test_verdict_feedback_and_dict():
    """A verdict has English and Korean feedback and a JSON-ready dict without the answer key."""
    result = check_answer(sp.Rational(1, 6), "6")
    assert result.reason == "reciprocal"
    assert result.feedback == result.feedback_en and result.feedback_in("ko") == result.feedback_ko
    data = json.loads(json.dumps(result.to_dict()))
    assert data["correct"] is False and data["reason"] == "reciprocal" and data["answer"] == "6"
    assert "1/6" not in json.dumps(data)
    assert "\\times" in result._repr_latex_() and not bool(result)


def test_every_note_has_both_languages():
    """Each answer note has non-empty English and Korean text, distinct from each other."""
    for reason, (en, ko) in TEXTS.items():
        assert en and ko and en != ko, reason
        assert all(ord(c) < 0x3000 for c in en), reason
    assert any("\uac00" <= c <= "\ud7a3" for c in feedback("reciprocal")[1])


def test_confirm_symbolically_proves_nothing_when_it_fails():
    """A failed symbolic confirmation returns False rather than guessing."""
    assert confirm_symbolically(sp.log(6), sp.log(2) + sp.log(3)) in (True, False)
    assert not confirm_symbolically(P, P + 1)


REFUSALS = {"parse_error", "too_large", "empty_answer", "undefined_answer", "unknown_function"}
REFUSALS |= {"not_equivalent", "unexpected_symbol"}  # a harmless reading such as x(y) = x*y


def test_check_answer_hostile_corpus_never_runs_code_or_raises(tmp_path):
    """Every hostile input is rejected with a note, quickly, and no payload runs."""
    sentinel = tmp_path / "pwned"
    cases = _load_case_module("hostile").cases(str(sentinel))
    hostile = [case for case in cases if case[2] == "auto"]  # answers are read in auto mode
    assert len(hostile) >= 500
    for _, text, _, _ in hostile:
        result = check_answer(sp.Rational(1, 2), text, symbols=SYMBOLS, timeout=TABLE_TIMEOUT)
        assert not result.correct, text
        assert result.reason in REFUSALS, (text, result)
    assert not sentinel.exists()


def test_check_answer_infinite_kl():
    """An infinite expected value (KL with Q(x) = 0 < P(x)) accepts only infinity."""
    assert check_answer(sp.oo, "oo").correct
    assert check_answer(sp.oo, r"\infty").correct
    assert check_answer(sp.oo, "1000").reason == "not_equivalent"
    assert not check_answer(sp.Integer(1), "oo").correct


@pytest.mark.parametrize(
    "text", ["exp(exp(exp(10)))", "exp(p*10^90)", "p^10000 + q^10000 + 1", "1 + 10^-3000*log(p)"]
)
def test_check_answer_huge_but_parseable_answers_are_wrong_not_stuck(text):
    """Answers whose values are astronomically large or small are judged wrong (timing of such
    answers is measured in benchmarks/bench_checker.py, not asserted here)."""
    result = check_answer(sp.Rational(1, 2) + sp.log(P), text, symbols=SYMBOLS)
    assert not result.correct and result.reason != "timeout"


def test_check_answer_binomials_vanishing_on_the_fixed_grid_are_seen():
    """A product of binomials that is 0 at every a/P grid point still makes the answer wrong."""
    from symgen.answers._sampling import _PRIMES

    zero_on_grid = sp.Mul(*(sp.binomial(n * P - 3, n - 5) for n in _PRIMES), evaluate=False)
    verdict = check_answer(P, P + zero_on_grid, symbols=SYMBOLS, timeout=None)
    assert verdict.reason == "not_equivalent"


def test_check_answer_seeded_point_is_off_the_fixed_grid():
    """The answer-seeded point has a 64-bit denominator outside the fixed prime set."""
    from symgen.answers._sampling import _PRIMES, _answer_points

    for point in _answer_points(P + 1, ("probability", "positive", "real")):
        assert all(value.denominator not in _PRIMES for value in point)
        assert all(value.denominator > 2**60 for value in point)


def test_check_answer_rational_functions_are_decided_exactly():
    """Rational answers are decided by cancelling the difference, never by points alone."""
    from symgen.answers._symbolic import rational_equal

    assert check_answer(P / (1 - P), "1/(1-p) - 1", symbols=SYMBOLS).method == "exact"
    grid = sp.prod([P - sp.Rational(k, 97) for k in range(3, 95)])
    assert rational_equal(P + grid, P) is False


def test_check_answer_saturated_functions_are_not_taken_for_their_limit():
    """erf(30), tanh(100), atan(e^1000) and exp(10^-200) are not 1 or pi/2."""
    for expected, answer in [
        (1, sp.erf(30)),
        (1, sp.tanh(100)),
        (sp.pi / 2, sp.atan(sp.exp(1000))),
        (1, sp.exp(sp.Rational(1, 10**200))),
    ]:
        assert check_answer(expected, answer).reason == "not_equivalent"


def test_check_answer_plain_symbols_take_both_signs():
    """A Symbol with no assumptions is sampled as real (both signs), not as positive."""
    x, y = sp.Symbol("x"), sp.Symbol("y")
    assert not check_answer(x, "sqrt(x^2)", symbols=[x]).correct
    assert not check_answer(sp.log(x * y), "log(x)+log(y)", symbols=[x, y]).correct
    assert check_answer(x**2 - 1, "(x-1)*(x+1)", symbols=[x]).correct


def test_check_answer_sympy_and_numpy_floats_are_read_as_written():
    """Float('0.333333') is not 1/3 under any test; numpy floats are read like floats."""
    import numpy as np

    third = sp.Rational(1, 3)
    assert check_answer(third, sp.Float("0.333333", 6), test="exact").reason == (
        "decimals_not_allowed"
    )
    assert check_answer(third, sp.Float("0.333333", 6)).reason == "inexact_decimal"
    assert check_answer(sp.Rational(1, 2), np.float64(0.5)).correct
    assert check_answer(third, np.float64(1 / 3)).reason == "inexact_decimal"


def test_check_answer_exact_test_refuses_decimals_even_if_the_ask_allowed_them():
    """An Ask's allow_decimals belongs to its own test; asking for "exact" refuses 0.5."""
    from types import SimpleNamespace

    ask = SimpleNamespace(expected="1/2", test="equivalent", allow_decimals=True)
    assert check_answer(ask, "0.5").correct
    assert check_answer(ask, "0.5", test="exact").reason == "decimals_not_allowed"
    assert check_answer(ask, "0.5", test="exact", allow_decimals=True).correct


def test_check_answer_unit_direction_follows_the_expected_value():
    """Bits are accepted in nats and back, but never a value divided by ln 2 twice."""
    from symgen.answers.mistakes import log_unit, unit_variants

    bits = sp.log(3) / sp.log(2)
    assert log_unit(bits) == "bits" and log_unit(sp.log(3)) == "nats"
    assert [unit for _, unit in unit_variants(bits)] == ["nats"]
    assert check_answer(bits, "log(3)/log(2)^2").reason == "not_equivalent"
    assert check_answer(sp.log(2), "1", unit="nats").reason == "wrong_log_base_bits_vs_nats"


def test_check_answer_unit_named_in_the_ask_label_is_respected():
    """An Ask labelled "in nats" without a unit field refuses the value in bits."""
    from types import SimpleNamespace

    ask = SimpleNamespace(expected="log(2)", label={"en": "Find the largest entropy in nats."})
    assert check_answer(ask, "1").reason == "wrong_log_base_bits_vs_nats"
    assert check_answer(ask, "log(2)").correct
    both = SimpleNamespace(expected="log(2)", label={"en": "in bits or nats"})
    assert check_answer(both, "1").reason == "equivalent_other_unit"


def test_check_answer_special_functions_of_symbols_get_two_seeded_points():
    """binomial/gamma of a symbol is compared at two off-grid points; identities still pass."""
    from symgen.answers._sampling import _Session
    from symgen.answers.check import _options

    opts = _options(P, None, None, None, None, None, None, (), SYMBOLS)
    session = _Session(opts, P + sp.binomial(97 * P - 3, 92))
    assert len(session.points) - session.extra == 2
    assert session.extra + 1 in session.indices
    n = SYMBOLS["n"]
    assert check_answer(n * (n - 1) / 2, "binomial(n, 2)", symbols=SYMBOLS).correct
