"""The safe parser against hostile input: specific errors, and nothing ever runs.

No wall-clock assertions here (the machine is shared): the bounds in LIMITS are what keep
every input fast, and benchmarks/bench_parse.py times the corpus.
"""

from __future__ import annotations

import builtins
import subprocess
import sys

import pytest
from cases.hostile import SENTINEL_PAYLOADS, cases
from hypothesis import given, settings
from hypothesis import strategies as st

from symgen import errors
from symgen.parsing.parser import parse, parse_claim, parse_relation

CASES = cases()
#: Every message names where (a column) or which bound; nothing generic like "error".
SPECIFIC = ("column", "characters long", "tokens", "parts", "empty input", "ends too early")
SPECIFIC += ("undefined",)


def _error_of(text: str, mode: str) -> errors.ParseError:
    with pytest.raises(errors.ParseError) as info:
        parse(text, mode=mode)
    return info.value


def test_hostile_corpus_is_large_and_varied():
    """The corpus holds at least 500 inputs with unique ids over every payload family."""
    ids = [case_id for case_id, *_ in CASES]
    assert len(CASES) >= 500
    assert len(set(ids)) == len(ids)
    families = {case_id.split("-")[0] for case_id in ids}
    assert {"code", "power", "factorial", "nesting", "size", "latex", "confusable"} <= families


@pytest.mark.parametrize(("case_id", "text", "mode", "error"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_gets_specific_error(case_id, text, mode, error):
    """Each hostile input raises the expected class with a one-line message."""
    raised = _error_of(text, mode)
    message = str(raised)
    assert type(raised).__name__ == error, message
    assert message and "\n" not in message and len(message) < 200
    assert any(word in message for word in SPECIFIC), message


def test_hostile_corpus_as_claims_too():
    """What parse_relation refuses, parse_claim refuses too (a relation is a valid claim)."""
    for _, text, mode, _ in CASES:
        try:
            parse_relation(text, mode=mode)
        except errors.ParseError:
            with pytest.raises(errors.ParseError):
                parse_claim(text, mode=mode)
    assert parse("1/2 + 0.5") == 1


def test_hostile_relations_rejected_too():
    """parse_relation applies the same gates to both sides of a claim."""
    for text in ["__import__('os') = 1", r"\input{x} \geq 0", "9^9^9^9 <= 1", "H(X) = " + "(" * 60]:
        with pytest.raises(errors.ParseError):
            parse_relation(text)


def test_hostile_sentinel_proves_nothing_ran(tmp_path):
    """Payloads that would create a file or set a global leave no trace when parsed."""
    sentinel = tmp_path / "pwned"
    for payload in SENTINEL_PAYLOADS:
        text = payload.replace("{path}", str(sentinel))
        for mode in ("auto", "text", "latex"):
            with pytest.raises(errors.ParseError):
                parse(text, mode=mode)
    assert not sentinel.exists()
    assert not hasattr(builtins, "SYMGEN_PWNED")
    assert "SYMGEN_PWNED" not in globals()


def test_hostile_sentinel_would_detect_eval(tmp_path):
    """Control: the same payload does create the sentinel when sympy.parse_expr reads it."""
    sentinel = tmp_path / "pwned-by-parse-expr"
    payload = SENTINEL_PAYLOADS[-1].replace("{path}", str(sentinel))
    script = f"import sympy; sympy.parse_expr({payload!r})"
    subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert sentinel.exists()


def test_hostile_recursion_limit_untouched():
    """Deep inputs are refused by bounds, not by raising the interpreter's recursion limit."""
    limit = sys.getrecursionlimit()
    with pytest.raises(errors.InputTooLarge):
        parse("-" * 500 + "x")
    assert sys.getrecursionlimit() == limit


def test_hostile_non_text_input_rejected():
    """Bytes, numbers and None are not text: a ParseError, not a TypeError."""
    for value in (b"1/2", 0.5, None, ["1"]):
        with pytest.raises(errors.ParseError, match="expected text"):
            parse(value)  # type: ignore[arg-type]


SEEDS = [
    r"-p\log p - (1-p)\log(1-p)",
    "2p(1-p) + 0.25",
    r"\frac{1}{2}\log_2\frac{p}{q}",
    "H(X|Y) + D_KL(P||Q)",
    r"\mathbb{E}_{x \sim P}[\log p(x)]",
    r"\sum_x P(x) \log P(x)",
    "binomial(4, 2) p^2 (1-p)^2",
    "sqrt(p q)/e^2",
    r"\sum_{k=0}^{3} \binom{3}{k} p^k (1-p)^{3-k}",
    "p^k(1-p)^(n-k) + p(1-p)^2",
    r"E[X|Y=y] + aE[X] + Var(X+Y)",
    r"D_{KL}(P(X,Y) \| P(X)P(Y)) + D_KL(P || (P+Q)/2)",
    r"\arg\max_\theta \prod_{i=1}^{n} p(x_i; \theta)",
    "H(X) = -p log p - (1-p) log(1-p) where X ~ Bern(p), 0 < p < 1",
    r"C(G) + D^*(x) + |X| + \hat p_{data}(x) + softmax(z)_i + \sin^{-1} x",
]
PIECES = [
    *"0123456789.+-*/^()[]{}|,;=!%_~ \\pqxePHDEIf",
    r"\frac",
    r"\log",
    "^{",
    "_{",
    "**",
    "||",
    "99999",
    r"\sum_x",
    "E[",
    "P(",
    r"\sqrt[",
    r"\binom",
    "\x00",
    "р",
    "__",
    "where",
    "->",
    r"\hat",
    "^*",
    "Bern(",
    "argmax_",
]


@st.composite
def _mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + 1 :]
    return text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_mutants())
def test_hostile_mutants_parse_or_fail_cleanly(text):
    """Any mutation of a valid answer gives an expression or a one-line ParseError, nothing else."""
    for read in (parse, parse_relation, parse_claim):
        try:
            read(text)
        except errors.ParseError as error:
            assert str(error) and "\n" not in str(error)
