"""Tests for symgen.notation.tex: LaTeX escaping, the Latex marker, the Jinja2 environment."""

from __future__ import annotations

import re

import jinja2
import pytest
import sympy as sp

from symgen.errors import RenderError
from symgen.notation.tex import (
    Latex,
    escape_latex,
    latex_of,
    pmf_array,
    repr_latex,
    value_latex,
)
from symgen.sheet.templating import environment, render_template

HOSTILE = r"\input{/etc/passwd} \write18{rm -rf ~} 100% & a_1 #2 x^2 ~ \ { } $ < > | [o] -- ``"


def _commands(text: str) -> set[str]:
    """Control words in escaped text (the only ones allowed are our own safe ones)."""
    return set(re.findall(r"\\([A-Za-z]+)", text))


def test_escape_latex_leaves_no_user_command():
    """Escaped hostile text contains only the escaper's own harmless commands."""
    out = escape_latex(HOSTILE)
    assert _commands(out) <= {"texttt", "char", "textless", "textgreater", "textbar"}
    assert "input" not in _commands(out) and "write" not in _commands(out)


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("%", r"\%"),
        ("&", r"\&"),
        ("#", r"\#"),
        ("$", r"\$"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("_", r"\texttt{\char95}"),
        ("^", r"\texttt{\char94}"),
        ("~", r"\texttt{\char126}"),
        ("\\", r"\texttt{\char92}"),
        ("[", "{[}"),
        ("\n", " "),
    ],
)
def test_escape_latex_neutralises_each_special(char, expected):
    """Every TeX special character comes out as a literal-printing form."""
    assert escape_latex(f"a{char}b") == f"a{expected}b"


def test_escape_latex_balances_braces():
    """Braces in text are always escaped, so a value cannot close a group we opened."""
    out = escape_latex("}}}{")
    assert re.sub(r"\\[{}]", "", out).count("{") == re.sub(r"\\[{}]", "", out).count("}")


def test_escape_latex_passes_latex_marker_through():
    """A Latex value is trusted engine output and is not escaped."""
    trusted = Latex(r"\frac{1}{2}")
    assert escape_latex(trusted) is trusted


def test_escape_latex_keeps_korean_and_drops_controls():
    """Hangul passes unchanged; NUL and other control characters vanish."""
    assert escape_latex("확률\x00\x07") == "확률"


def test_escape_latex_names_unknown_unicode():
    """A character pdfLaTeX cannot set is shown as its code point, not passed through."""
    assert escape_latex("🙂") == r"\texttt{[U+1F642]}"
    assert escape_latex("≈") == r"\ensuremath{\approx}"


def test_environment_escapes_every_plain_value():
    """A ((( value ))) from data is escaped by the finalize hook; Latex is not."""
    template = environment().from_string("((( a ))) | ((( b )))")
    assert template.render(a="50%", b=Latex(r"\alpha")) == r"50\% | \alpha"


def test_environment_uses_brace_free_delimiters():
    """TeX braces and Jinja's default delimiters are left alone in templates."""
    template = environment().from_string(r"\textbf{ {{x}} }((* if t *))y((* endif *))((# c #))")
    assert template.render(t=True) == r"\textbf{ {{x}} }y"


def test_environment_undefined_is_an_error():
    """StrictUndefined: a missing field fails instead of printing nothing."""
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("((( missing )))").render()


def test_render_template_wraps_errors():
    """Template errors surface as RenderError naming the template."""
    with pytest.raises(RenderError, match="not found"):
        render_template("no_such.tex.j2")
    with pytest.raises(RenderError, match=r"heading\.tex\.j2"):
        render_template("heading.tex.j2")


def test_latex_of_expression_and_string():
    """Expressions go through the step printer; strings become escaped text."""
    assert latex_of(sp.Rational(1, 12)) == r"\frac{1}{12}"
    assert latex_of("a_b") == r"\text{a\texttt{\char95}b}"


def test_value_latex_numbers_and_labels():
    """Numeric outcomes print as numbers, labels as escaped text."""
    assert value_latex(3) == "3"
    assert value_latex("H") == r"\text{H}"


def test_pmf_array_grid_has_every_cell():
    """A two-variable pmf prints as a grid with one row per value of the second variable."""
    cells = {(1, "H"): sp.Rational(1, 4), (1, "T"): sp.Rational(1, 4), (2, "H"): sp.Rational(1, 2)}
    out = pmf_array(("x", "y"), cells)
    assert out.count(r"\frac{1}{4}") == 2 and r"\frac{1}{2}" in out
    assert out.count(r"\\") == 3  # header + two rows; the missing cell prints 0
    assert " & 0 " in out


def test_latex_of_distribution_and_repr_latex():
    """latex_of gives a Distribution's table; repr_latex wraps it for Jupyter."""
    import symgen as sg

    joint = sg.independent(sg.die("x"), sg.coin("y"))
    assert latex_of(joint).count(r"\frac{1}{12}") == 12
    assert repr_latex(sg.die("x")).startswith(r"$\displaystyle \begin{array}")


def test_latex_of_verdict_and_derivation():
    """Verdicts print as words; derivations as aligned steps with rule names."""
    import symgen as sg

    verdict = sg.independent(sg.die("x"), sg.coin("y")).is_independent("x", "y")
    assert latex_of(verdict).startswith(r"\text{holds")
    derivation = sg.prove("bayes_rule")
    out = latex_of(derivation)
    assert out.startswith(r"\begin{aligned}") and "def\\texttt{\\char95}conditional" in out


def test_latex_of_unknown_object_is_render_error():
    """An object with no LaTeX form raises RenderError, never prints repr()."""
    with pytest.raises(RenderError):
        latex_of(object())
