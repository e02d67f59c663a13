"""Tests for symgen.notation.latex: steps printed as written, log bases kept."""

from __future__ import annotations

import sympy as sp

from symgen.notation.latex import ArgMin, LogBase, is_unevaluated, to_latex, with_log_bases

p = sp.Symbol("p", positive=True)
x = sp.Symbol("x", positive=True)


def test_to_latex_keeps_base_of_unevaluated_log():
    """log(x, 2, evaluate=False) prints as log_2, which SymPy's printer drops."""
    assert sp.latex(sp.log(x, 2, evaluate=False)) == r"\log{\left(x \right)}"
    assert to_latex(sp.log(x, 2, evaluate=False)) == r"\log_{2} x"


def test_to_latex_turns_quotient_by_log_base_into_log_base():
    """An evaluated log(x, 2) = log(x)/log(2) prints as log_2 x, not a fraction."""
    assert to_latex(sp.log(x, 2)) == r"\log_{2} x"
    assert to_latex(sp.log(3) / sp.log(2)) == r"\log_{2} 3"


def test_to_latex_rebases_binary_entropy_in_bits():
    """Every term of H(p) in bits shows log_2 and no division by log 2."""
    h = -p * sp.log(p, 2) - (1 - p) * sp.log(1 - p, 2)
    text = to_latex(h)
    assert text.count(r"\log_{2}") == 2
    assert r"\log 2" not in text and r"\left(2" not in text


def test_with_log_bases_preserves_value():
    """The rewrite changes the shape only: the value at a point is unchanged."""
    h = -p * sp.log(p, 2) - (1 - p) * sp.log(1 - p, 2)
    point = {p: sp.Rational(1, 3)}
    shaped = with_log_bases(h)
    assert shaped.has(LogBase)
    assert abs(sp.N(shaped.doit().subs(point) - h.subs(point), 30)) < 1e-25


def test_with_log_bases_leaves_nonlinear_quotient_alone():
    """log(x)^2 / log(2) is not a sum of single logs, so it stays a quotient."""
    expr = sp.log(x) ** 2 / sp.log(2)
    assert with_log_bases(expr) == expr


def test_logbase_doit_evaluates_exactly():
    """LogBase(8, 2).doit() is the exact integer 3."""
    assert LogBase(8, 2).doit() == 3
    assert LogBase(x, 2).rewrite(sp.log) == sp.log(x) / sp.log(2)


def test_to_latex_as_written_keeps_term_order():
    """Unevaluated sums keep the writer's order when as_written; evaluated ones use SymPy's."""
    written = sp.Add(sp.Integer(2), x, evaluate=False)
    assert to_latex(written, as_written=True) == "2 + x"
    assert to_latex(2 + x) == "x + 2"


def test_to_latex_shows_unevaluated_quotient_as_one_fraction():
    """(1/12) / (1/6) is printed as a fraction of fractions, not evaluated to 1/2."""
    ratio = sp.Mul(
        sp.Rational(1, 12), sp.Pow(sp.Rational(1, 6), -1, evaluate=False), evaluate=False
    )
    assert is_unevaluated(ratio)
    assert to_latex(ratio) == r"\frac{\frac{1}{12}}{\frac{1}{6}}"


def test_to_latex_repeated_sum_is_not_collapsed():
    """1/6 + 1/6 + ... written unevaluated shows every term."""
    terms = sp.Add(*([sp.Rational(1, 6)] * 3), evaluate=False)
    assert to_latex(terms).count(r"\frac{1}{6}") == 3


def test_argmin_prints_operator_with_subscript():
    """ArgMin(L(θ), θ) prints arg min with θ under it."""
    theta = sp.Symbol("theta")
    assert to_latex(ArgMin(sp.Function("L")(theta), theta)).startswith(
        r"\operatorname*{arg\,min}_{\theta}"
    )


def test_to_latex_uses_notation_latex_methods():
    """Notation objects print as in the notes: P(y | x), H(P, Q), D_KL(P || Q)."""
    from symgen.notation import symbols as nt

    y, xx, P, Q = sp.symbols("y x P Q")
    assert to_latex(nt.P(y, given=(xx,))) == r"P(y \mid x)"
    assert to_latex(nt.Hx(P, Q)) == "H(P, Q)"
    assert "D_{" in to_latex(nt.D(P, Q))


def test_to_latex_unevaluated_product_keeps_its_factors():
    """-(1/2) log_2(1/2) written unevaluated keeps the coefficient in front and the log base."""
    half = sp.Rational(1, 2)
    term = sp.Mul(-1, half, sp.log(half, 2, evaluate=False), evaluate=False)
    assert to_latex(term) == r"- \frac{1}{2} \log_{2} \frac{1}{2}"
    assert to_latex(sp.Mul(2, sp.Rational(1, 36), evaluate=False)) == r"2 \cdot \frac{1}{36}"


def test_to_latex_sums_lead_with_a_positive_term():
    """1 - p, p - 1 and E[X^2] - E[X]^2: never SymPy's -1 + p or -E[X]^2 + E[X^2]."""
    from symgen.notation import symbols as nt

    big_x = sp.Symbol("X")
    assert to_latex(1 - p) == "1 - p"
    assert to_latex(p - 1) == "p - 1"
    assert to_latex(1 / p - 1 / (p - 1)) == r"\frac{1}{p} - \frac{1}{p - 1}"
    moments = sp.Add(-(nt.E(big_x) ** 2), nt.E(big_x**2), evaluate=False)
    assert to_latex(moments, as_written=True) == r"\mathbb{E}[X^{2}] - \mathbb{E}[X]^{2}"
    assert to_latex(sp.Rational(3, 4) * sp.log(3, 2) - 1) == r"\frac{3}{4} \log_{2} 3 - 1"


def test_to_latex_binary_entropy_reads_as_in_a_textbook():
    """-p log p - (1 - p) log(1 - p): the bracket matches the log's argument."""
    h = -p * sp.log(p) - (1 - p) * sp.log(1 - p)
    assert to_latex(h) == r"- p \log p - \left(1 - p\right) \log\left(1 - p\right)"


def test_to_latex_negated_sum_and_log_of_atoms():
    """-Σ P log P with the minus outside the sum; log of an atom without parentheses."""
    from symgen.notation import symbols as nt

    xx = sp.Symbol("x")
    entropy = nt.Sum(-nt.P(xx) * sp.log(nt.P(xx)), xx)
    assert to_latex(entropy) == r"- \sum_{x} P(x) \log P(x)"
    assert to_latex(sp.log(p / x)) == r"\log \frac{p}{x}"
    assert to_latex(sp.log(p * x)) == r"\log\left(p x\right)"


def test_to_latex_common_fraction_comes_out_of_the_sum():
    """The Gaussian KL prints as (1/2)(mu^2 + sigma^2 - 1 - log sigma^2)."""
    mu, sigma = sp.symbols("mu sigma", positive=True)
    half = sp.Rational(1, 2)
    log_var = sp.log(sigma**2, evaluate=False)
    kl = sp.Add(-half, half * mu**2, half * sigma**2, -half * log_var, evaluate=False)
    assert to_latex(kl, as_written=True) == (
        r"\frac{1}{2} \left(\mu^{2} + \sigma^{2} - 1 - \log \sigma^{2}\right)"
    )


def test_to_latex_negative_product_takes_its_sign_into_the_bracket():
    """Var of a Bernoulli prints as p(1 - p), not SymPy's -p(p - 1)."""
    assert to_latex(-p * (p - 1)) == r"p \left(1 - p\right)"
    assert to_latex(-4 * p * (p - 1)) == r"4 p \left(1 - p\right)"
