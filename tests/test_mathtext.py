"""Tests for symgen.sheet.mathtext: ASCII maths in data prose typeset, everything else escaped."""

from __future__ import annotations

import re

import pytest

from symgen.sheet.chains import tidy_note, wrapped
from symgen.sheet.mathtext import name_tex, prose_tex


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("x ~ Bernoulli(p)", r"x \sim \mathrm{Bernoulli}(p)"),
        ("D_KL(P || Q) >= 0", r"D_{\mathrm{KL}}(P \,\|\, Q) \ge 0"),
        ("log t <= t - 1", r"\log t \le t - 1"),
        ("theta_k^2", r"\theta_{k}^{2}"),
        ("E[X^2]", r"E[X^{2}]"),
        ("x' = D_Φ(E_𝜽(x))", r"x' = D_{\Phi}(E_{\theta}(x))"),
        ("theta^", r"\hat{\theta}"),
    ],
)
def test_prose_tex_typesets_ascii_maths(text, math):
    """Each ASCII formula becomes one math run with the textbook commands."""
    assert prose_tex(text) == f"${math}$"


def test_prose_tex_leaves_words_and_korean_particles_as_text():
    """Hyphenated words, snake_case names and Korean particles stay outside maths."""
    out = prose_tex("the log-likelihood of test_case_name: P(x)를 구하라, a 12-cell table")
    assert "$P(x)$를" in out and "log-{}likelihood" in out
    assert "test\\texttt{\\char95}case" in out and "$12$-{}cell" in out
    assert "$a" not in out  # the article "a" is a word


def test_prose_tex_never_lets_a_command_through():
    """Backslashes, braces and dollars from data print literally, even next to maths."""
    out = prose_tex(r"\input{x} $y$ x^2 & 100% #")
    assert "\\input" not in out.replace("\\texttt{\\char92}input", "")
    assert out.count("$") % 2 == 0 and "\\$y\\$" in out and "\\&" in out and "\\%" in out


def test_prose_tex_keeps_a_non_breaking_gloss_together():
    """A multi-word English gloss joined by U+00A0 prints with TeX's ~."""
    assert prose_tex("결합 확률 (joint\u00a0probability)") == "결합 확률 (joint~probability)"


def test_name_tex_and_wrapped_rows():
    """Data names get subscripts; a long sum breaks at top-level signs only."""
    assert name_tex("p_data") == r"p_{\mathrm{data}}" and name_tex("a&b") == r"\mathrm{a\&b}"
    long_sum = " + ".join([r"\log\left(a + b\right)"] * 8)
    rows = wrapped(long_sum, width=60).split(r" \\ & \qquad ")
    assert len(rows) > 1 and all(r.count(r"\left(") == r.count(r"\right)") for r in rows)


def test_tidy_note_cites_identities_and_drops_code():
    """An identity id becomes its title; Python calls and rule ids do not reach the page."""
    names = {"cross_entropy_decomposition": "Cross-entropy = entropy + KL"}
    assert tidy_note("cross_entropy_decomposition", names) == "Cross-entropy = entropy + KL"
    note = tidy_note(
        "from the table (independent(die('x'), coin('y'))) (argmin_drop_constant)", names
    )
    assert note == "from the table" and not re.search(r"[a-z]_[a-z]", note)
