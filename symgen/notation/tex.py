"""LaTeX of engine objects, and escaping of every value that comes from data or users.

:func:`escape_latex` turns anything that is not a :class:`Latex` string (engine-produced
LaTeX) into text that prints literally: ``\\input{/etc/passwd}`` comes out as those
characters, never as a command. The Jinja2 environment (``symgen.sheet.templating``) passes
every template value through it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from symgen.errors import RenderError

__all__ = [
    "Latex",
    "escape_latex",
    "latex_of",
    "pmf_array",
    "repr_latex",
    "value_latex",
]


class Latex(str):
    """Trusted LaTeX produced by the engine: templates print it unescaped.

    >>> escape_latex(Latex(r"\\frac{1}{2}"))
    '\\\\frac{1}{2}'
    """

    __slots__ = ()


# Characters that TeX reads as commands, or that OT1 fonts print as other glyphs. The
# typewriter font (cmtt) has every printable ASCII glyph at its own code, so \char N there
# prints the character itself and pdftotext gives it back.
_SPECIAL = {
    "\\": r"\texttt{\char92}",
    "_": r"\texttt{\char95}",
    "^": r"\texttt{\char94}",
    "~": r"\texttt{\char126}",
    '"': r"\texttt{\char34}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "[": "{[}",
    "]": "{]}",
    "-": "-{}",
    "`": "{`}",
    "'": "{'}",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}

# Non-ASCII symbols that the notes and answers use, printed with standard commands.
_UNICODE = {
    "−": r"\ensuremath{-}",
    "×": r"\ensuremath{\times}",
    "·": r"\ensuremath{\cdot}",
    "‖": r"\ensuremath{\|}",
    "→": r"\ensuremath{\to}",
    "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}",
    "≠": r"\ensuremath{\ne}",
    "∑": r"\ensuremath{\sum}",
    "∩": r"\ensuremath{\cap}",
    "∪": r"\ensuremath{\cup}",
    "∞": r"\ensuremath{\infty}",
    "≈": r"\ensuremath{\approx}",
    "⊥": r"\ensuremath{\perp}",
    "⫫": r"\ensuremath{\perp\!\!\!\perp}",
    "∈": r"\ensuremath{\in}",
    "±": r"\ensuremath{\pm}",
    "√": r"\ensuremath{\surd}",
    "∂": r"\ensuremath{\partial}",
    "′": r"\ensuremath{'}",
    "Σ": r"\ensuremath{\Sigma}",
    "Δ": r"\ensuremath{\Delta}",
    "α": r"\ensuremath{\alpha}",
    "β": r"\ensuremath{\beta}",
    "λ": r"\ensuremath{\lambda}",
    "ε": r"\ensuremath{\varepsilon}",
    "ψ": r"\ensuremath{\psi}",
    "ρ": r"\ensuremath{\rho}",
    "τ": r"\ensuremath{\tau}",
    "γ": r"\ensuremath{\gamma}",
    "δ": r"\ensuremath{\delta}",
    "η": r"\ensuremath{\eta}",
    "ω": r"\ensuremath{\omega}",
    "ϕ": r"\ensuremath{\phi}",
    "Π": r"\ensuremath{\Pi}",
    "Ω": r"\ensuremath{\Omega}",
    "²": r"\ensuremath{^{2}}",
    "³": r"\ensuremath{^{3}}",
    "¹": r"\ensuremath{^{1}}",
    "½": r"\ensuremath{\tfrac{1}{2}}",
    "∝": r"\ensuremath{\propto}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "⇐": r"\ensuremath{\Leftarrow}",
    "⇔": r"\ensuremath{\Leftrightarrow}",
    "∏": r"\ensuremath{\prod}",
    "∣": r"\ensuremath{\mid}",
    "∥": r"\ensuremath{\|}",
    "∀": r"\ensuremath{\forall}",
    "∃": r"\ensuremath{\exists}",
    "∼": r"\ensuremath{\sim}",
    "÷": r"\ensuremath{\div}",
    "\u0302": r"\^{}",
    "θ": r"\ensuremath{\theta}",
    "𝜽": r"\ensuremath{\theta}",
    "φ": r"\ensuremath{\phi}",
    "Φ": r"\ensuremath{\Phi}",
    "μ": r"\ensuremath{\mu}",
    "σ": r"\ensuremath{\sigma}",
    "π": r"\ensuremath{\pi}",
    "𝕏": r"\ensuremath{\mathbb{X}}",
    "…": r"\ldots{}",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
}


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x3131 <= code <= 0x318E


_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~"}


def _accented(char: str) -> str | None:
    """An accented Latin letter as a TeX accent command (``é`` -> ``\\'{e}``), else None."""
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 2 and parts[0].isascii() and parts[0].isalpha() and parts[1] in _ACCENTS:
        return rf"\{_ACCENTS[parts[1]]}{{{parts[0]}}}"
    return None


def _escape_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if " " <= char <= "~" or _is_hangul(char):
        return char
    if char in _UNICODE:
        return _UNICODE[char]
    accented = _accented(char)
    if accented is not None:
        return accented
    if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
        return ""  # control characters carry no text
    # Anything else would stop pdfLaTeX ("Unicode character not set up"): name it instead.
    return rf"\texttt{{[U+{ord(char):04X}]}}"


def escape_latex(value: object) -> Latex:
    r"""Text that prints literally in LaTeX; a :class:`Latex` value passes unchanged.

    >>> print(escape_latex(r"50% of \input{x} & a_1"))
    50\% of \texttt{\char92}input\{x\} \& a\texttt{\char95}1
    """
    if isinstance(value, Latex):
        return value
    return Latex("".join(_escape_char(c) for c in str(value)))


def value_latex(value: object) -> Latex:
    r"""An outcome value in maths: numbers as numbers, labels as escaped ``\text``.

    >>> value_latex(3), value_latex("H_1")
    ('3', '\\text{H\\texttt{\\char95}1}')
    """
    if isinstance(value, str):
        return Latex(rf"\text{{{escape_latex(value)}}}")
    return latex_of(value)


def _row(cells: Iterable[str]) -> str:
    return " & ".join(cells) + r" \\"


def pmf_array(variables: tuple[str, ...], cells: Mapping[tuple, Any]) -> Latex:
    """A joint pmf as an ``array``: one row for one variable, a grid for two, a list else."""
    names = [rf"\mathit{{{escape_latex(v)}}}" for v in variables]
    if len(variables) == 1:
        return _pmf_row(names[0], cells)
    if len(variables) == 2:
        return _pmf_grid(names, cells)
    head = _row([*names, "P"])
    body = " ".join(_row([*(value_latex(v) for v in k), latex_of(cells[k])]) for k in cells)
    return _array("c" * len(variables) + "|c", head, body)


def _array(spec: str, head: str, body: str) -> Latex:
    return Latex(rf"\begin{{array}}{{{spec}}} {head} \hline {body} \end{{array}}")


def _pmf_row(name: str, cells: Mapping[tuple, Any]) -> Latex:
    head = _row([name, *(value_latex(k[0]) for k in cells)])
    body = _row([rf"P({name})", *(latex_of(p) for p in cells.values())])
    return _array("c|" + "c" * len(cells), head, body)


def _pmf_grid(names: list[str], cells: Mapping[tuple, Any]) -> Latex:
    cols = sorted({k[0] for k in cells}, key=cells_order(cells, 0))
    rows = sorted({k[1] for k in cells}, key=cells_order(cells, 1))
    head = _row(["", *(rf"{names[0]}={value_latex(c)}" for c in cols)])
    lines = (
        _row([rf"{names[1]}={value_latex(r)}", *(_cell(cells, (c, r)) for c in cols)]) for r in rows
    )
    return _array("c|" + "c" * len(cols), head, " ".join(lines))


def cells_order(cells: Mapping[tuple, Any], axis: int) -> Any:
    """Sort key keeping the first-seen order of values on one axis (cells come sorted)."""
    seen: dict[Any, int] = {}
    for key in cells:
        seen.setdefault(key[axis], len(seen))
    return seen.__getitem__


def _cell(cells: Mapping[tuple, Any], key: tuple) -> str:
    return latex_of(cells[key]) if key in cells else "0"


def _derivation_latex(derivation: Any) -> Latex:
    lines = [rf"& {latex_of(derivation.start, as_written=True)}"]
    for step in derivation.steps:
        rule = escape_latex(getattr(step, "rule", ""))
        lines.append(rf"&= {latex_of(step.expr, as_written=True)} && \text{{({rule})}}")
    return Latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")


def _verdict_latex(verdict: Any) -> Latex:
    if hasattr(verdict, "holds"):
        word = "holds" if verdict.holds else "does not hold"
    elif hasattr(verdict, "correct"):
        word = "correct" if verdict.correct else "incorrect"
    else:
        word = "true" if verdict else "false"
    reason = getattr(verdict, "reason", "") or ""
    tail = rf": {escape_latex(reason)}" if isinstance(reason, str) and reason else ""
    return Latex(rf"\text{{{word}{tail}}}")


def latex_of(obj: object, *, as_written: bool = False) -> Latex:
    r"""Maths-mode LaTeX of a SymPy expression, a distribution, a derivation or a verdict.

    Objects implement ``_repr_latex_`` by calling this (see :func:`repr_latex`).

    >>> import sympy as sp
    >>> latex_of(sp.Rational(1, 12))
    '\\frac{1}{12}'
    """
    import sympy as sp

    from symgen.notation.latex import to_latex

    if isinstance(obj, Latex):
        return obj
    if isinstance(obj, sp.Basic | int):
        return Latex(to_latex(obj, as_written=as_written))
    if isinstance(obj, str):
        return Latex(rf"\text{{{escape_latex(obj)}}}")
    if hasattr(obj, "cells") and hasattr(obj, "variables"):
        return pmf_array(tuple(obj.variables), obj.cells())
    if hasattr(obj, "steps") and hasattr(obj, "start"):
        return _derivation_latex(obj)
    if hasattr(obj, "holds") or hasattr(obj, "correct") or hasattr(obj, "witness"):
        return _verdict_latex(obj)
    try:
        return Latex(to_latex(obj, as_written=as_written))
    except (sp.SympifyError, TypeError) as exc:
        raise RenderError(f"no LaTeX form for {type(obj).__name__}") from exc


def repr_latex(obj: object) -> str:
    """What ``_repr_latex_`` returns in Jupyter: display maths around :func:`latex_of`."""
    return rf"$\displaystyle {latex_of(obj)}$"
