"""Tests for symgen.notation.symbols: factories, kinds of names, LaTeX and text forms."""

from __future__ import annotations

import pytest
import sympy as sp

from symgen.notation.symbols import (
    JSD,
    Cov,
    CrossEntropy,
    D,
    E,
    Entropy,
    H,
    Hx,
    I,
    OutcomeSum,
    P,
    Pmf,
    Prob,
    SelfInfo,
    Sum,
    Var,
    is_distribution,
    is_outcome,
    is_random_variable,
    outcome_symbol,
    random_variable,
)

a, b, c, x, y, z = sp.symbols("a b c x y z")
X, Y, Z = sp.symbols("X Y Z")
PP, QQ = sp.symbols("P Q")

LATEX = [
    (P(y, given=x), r"P(y \mid x)"),
    (P(a, b, given=(c,)), r"P(a, b \mid c)"),
    (Pmf("q", z, given=x), r"q(z \mid x)"),
    (H(X), "H(X)"),
    (H(X, Y), "H(X, Y)"),
    (H(X, given=Y), r"H(X \mid Y)"),
    (H(PP), "H(P)"),
    (H(PP, QQ), "H(P, Q)"),
    (Hx(PP, QQ), "H(P, Q)"),
    (D(PP, QQ), r"D_{\mathrm{KL}}(P \,\|\, Q)"),
    (I(X, Y), "I(X; Y)"),
    (I(X, Y, given=Z), r"I(X; Y \mid Z)"),
    (SelfInfo(x), "I(x)"),
    (JSD(PP, QQ), r"\mathrm{JSD}(P \,\|\, Q)"),
    (E(X), r"\mathbb{E}[X]"),
    (Var(X), r"\operatorname{Var}(X)"),
    (Cov(X, Y), r"\operatorname{Cov}(X, Y)"),
    (Sum(P(x), x), r"\sum_{x} P(x)"),
]


@pytest.mark.parametrize(("expr", "latex"), LATEX, ids=[t for _, t in LATEX])
def test_latex_prints_textbook_notation(expr: sp.Expr, latex: str) -> None:
    """Every notation object prints as the textbook LaTeX."""
    assert sp.latex(expr) == latex


def test_str_forms_are_readable() -> None:
    """Plain-text forms use the same spelling as the parser's input."""
    assert str(P(a, b, given=c)) == "P(a, b | c)"
    assert str(D(PP, QQ)) == "D_KL(P || Q)"
    assert str(I(X, Y, given=Z)) == "I(X; Y | Z)"
    assert str(JSD(PP, QQ)) == "JSD(P || Q)"
    assert str(H(X, given=Y)) == "H(X | Y)"


def test_expectation_under_a_law_prints_subscript() -> None:
    """E_{q(z|x)}[...] keeps its law as a subscript."""
    q_zx = Pmf("q", z, given=x)
    assert sp.latex(E(sp.log(Pmf("p", x, z)), over=q_zx)).startswith(r"\mathbb{E}_{q(z \mid x)}")


def test_h_of_two_laws_is_cross_entropy() -> None:
    """H(P, Q) with two distribution names is cross-entropy; H(X, Y) stays joint entropy."""
    assert isinstance(H(PP, QQ), CrossEntropy)
    assert isinstance(H(X, Y), Entropy)
    assert H(PP).variables == sp.Tuple()


def test_name_kinds_follow_spelling() -> None:
    """Distributions, random variables and outcomes are told apart by their names."""
    assert all(is_distribution(sp.Symbol(n)) for n in ("P", "Q", "q", "p_data", "p_g", "q_phi"))
    assert is_random_variable(X) and not is_random_variable(PP)
    assert is_outcome(x) and not is_outcome(sp.Symbol("p"))
    assert random_variable(sp.Symbol("x_1")) == sp.Symbol("X_1")
    assert random_variable(sp.Symbol("x'")) == X
    assert outcome_symbol(Y) == y


def test_notation_is_unevaluated_and_structural() -> None:
    """Objects compare structurally, never evaluate, and survive expand_log."""
    assert P(a, given=b) == P(a, given=b) != P(b, given=a)
    assert sp.expand_log(sp.log(P(a) * P(b))) == sp.log(P(a)) + sp.log(P(b))
    assert isinstance(Sum(P(x), x), OutcomeSum)
    assert isinstance(P(a), Prob) and P(a).is_positive


def test_sum_binds_its_outcomes() -> None:
    """Outcomes summed over are not free symbols of the sum."""
    assert x not in Sum(P(x, y), x).free_symbols
    assert y in Sum(P(x, y), x).free_symbols


@pytest.mark.parametrize(
    "bad",
    [
        lambda: D(X, Y),
        lambda: JSD(x, QQ),
        lambda: E("X"),
        lambda: Sum(P(x)),
        lambda: P(1.5),
        lambda: P(sp.Integer(1)),
        lambda: H(X + Y),
    ],
)
def test_factories_reject_bad_arguments(bad) -> None:
    """Random variables are not laws, text is never sympified, sums need outcomes."""
    with pytest.raises(TypeError):
        bad()


def test_two_law_measures_need_matching_laws() -> None:
    """D_KL of Prob terms needs the same outcomes; a law and a Prob term do not mix."""
    assert str(D(Pmf("q", z, given=x), Pmf("p", z, given=x))) == "D_KL(q(z | x) || p(z | x))"
    with pytest.raises(TypeError):
        D(P(a), P(b))
    with pytest.raises(TypeError):
        Hx(PP, P(a))
