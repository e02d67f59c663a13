"""Display terms of derivations: shown fractions, opaque LaTeX atoms, symbolic pmfs and joints.

These are what a derivation file writes when a line must look as a textbook prints it
(``\\frac{1/12}{1/6}``, ``P(a \\mid b)`` as one atom) or needs a concrete model.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp


class ShownRatio(sp.Expr):
    """``num / den`` printed as one fraction, as written; ``doit()`` divides.

    SymPy prints a product with a numeric denominator as ``1/12 (1/6)^{-1}``; a worked
    solution wants ``\\frac{1/12}{1/6}``. Links are checked on the divided value.
    """

    is_commutative = True

    def __new__(cls, num: sp.Expr, den: sp.Expr) -> ShownRatio:
        return super().__new__(cls, sp.sympify(num, strict=True), sp.sympify(den, strict=True))  # type: ignore[no-any-return]

    def doit(self, **hints: Any) -> sp.Expr:
        num, den = (arg.doit(**hints) if hints.get("deep", True) else arg for arg in self.args)
        return num / den

    def _latex(self, printer: Any) -> str:
        num, den = (printer._print(arg) for arg in self.args)
        return rf"\frac{{{num}}}{{{den}}}"

    def _sympystr(self, printer: Any) -> str:
        num, den = (printer._print(arg) for arg in self.args)
        return f"({num})/({den})"


def ratio(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    """``num / den`` kept as written for display (checked as the quotient).

    >>> r = ratio(sp.Rational(1, 12), sp.Rational(1, 6))
    >>> sp.latex(r).count("frac"), r.doit()
    (3, 1/2)
    """
    return ShownRatio(num, den)


class Term(sp.Symbol):
    """A display symbol printed as its own LaTeX, e.g. ``Term(r"P(a \\mid b)")``.

    A Term means nothing by itself: a Derivation's ``models`` give it a concrete value, and
    every link is checked on those values.

    >>> sp.latex(Term(r"P(a \\mid b)") * 2)
    '2 P(a \\\\mid b)'
    """

    def __new__(cls, latex: str, **assumptions: bool) -> Term:
        assumptions.setdefault("positive", True)
        return super().__new__(cls, latex, **assumptions)  # type: ignore[no-any-return]

    def _latex(self, printer: Any) -> str:
        return str(self.name)

    def _sympystr(self, printer: Any) -> str:
        return plain_text(str(self.name))


_PLAIN = (
    (r"\\(mathrm|mathbb|operatorname|mathcal|text)\{([^{}]*)\}", r"\2"),
    (r"\\(big|Big)", ""),
    (r"\\mid", "|"),
    (r"\\,\\\|\\,|\\\|", "||"),
    (r"\\(hat|tilde)\s*\\?([A-Za-z]+)", r"\2_hat"),
    (r"\\t?frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)"),
    (r"\\t?frac(\d)(\d)", r"\1/\2"),
    (r"\\ge\b", ">="),
    (r"\\le\b", "<="),
    (r"\\ne\b", "!="),
    (r"\\iff\b", "<=>"),
    (r"\\Rightarrow\b", "=>"),
    (r"\\perp\b", "⊥"),
    (r"\\l?dots\b", "..."),
    (r"\\([A-Za-z]+)", r"\1"),
    (r"[{}]", ""),
    (r"\\[,;! ]", " "),
)


def plain_text(latex: str) -> str:
    r"""A readable plain-text form of a small LaTeX label (for the CLI's text output).

    >>> plain_text(r"D_{\mathrm{KL}}(P \,\|\, Q)"), plain_text(r"P(a \mid b)")
    ('D_KL(P || Q)', 'P(a | b)')
    """
    text = latex
    for pattern, repl in _PLAIN:
        text = re.sub(pattern, repl, text)
    return " ".join(text.split())


class SymbolicJoint:
    """A joint pmf over named variables whose cells are free positive symbols.

    By default every cell is divided by the total, so the cells sum to one for every positive
    value of the symbols (numeric checks then stay inside the simplex).

    >>> J = SymbolicJoint(["a", "b"])
    >>> sp.simplify(J.cond({"a": 0}, {"b": 1}) + J.cond({"a": 1}, {"b": 1}))
    1
    """

    def __init__(
        self,
        names: Sequence[str],
        sizes: int | Sequence[int] = 2,
        *,
        letter: str = "p",
        normalised: bool = True,
    ) -> None:
        self.names = tuple(names)
        dims = [sizes] * len(self.names) if isinstance(sizes, int) else list(sizes)
        self.outcomes = list(itertools.product(*(range(n) for n in dims)))
        weights = {
            o: sp.Symbol(f"{letter}_{{{''.join(map(str, o))}}}", positive=True)
            for o in self.outcomes
        }
        total = sp.Add(*weights.values())
        self.cells = {o: (w / total if normalised else w) for o, w in weights.items()}

    @classmethod
    def from_cells(cls, names: Sequence[str], cells: Mapping[tuple, sp.Expr]) -> SymbolicJoint:
        """A joint with the given cells (e.g. a product of symbolic factors)."""
        joint = cls.__new__(cls)
        joint.names, joint.outcomes = tuple(names), sorted(cells)
        joint.cells = dict(cells)
        return joint

    def prob(self, event: Mapping[str, int]) -> sp.Expr:
        """P(event): the sum of the cells that agree with ``event``."""
        index = {n: i for i, n in enumerate(self.names)}
        return sp.Add(
            *(p for o, p in self.cells.items() if all(o[index[n]] == v for n, v in event.items()))
        )

    def cond(self, event: Mapping[str, int], given: Mapping[str, int]) -> sp.Expr:
        """P(event | given) = P(event, given) / P(given)."""
        return self.prob({**event, **given}) / self.prob(given)

    def assignments(self, *names: str) -> list[dict[str, int]]:
        """Every assignment of values to ``names`` (all variables when none are given)."""
        chosen = names or self.names
        index = [self.names.index(n) for n in chosen]
        seen = {tuple(o[i] for i in index) for o in self.outcomes}
        return [dict(zip(chosen, values, strict=True)) for values in sorted(seen)]


def symbolic_pmf(letter: str, k: int, *, normalised: bool = True) -> dict[int, sp.Expr]:
    """A pmf on 1..k with positive symbolic cells ``letter_i`` (divided by their total).

    >>> sp.simplify(sum(symbolic_pmf("p", 3).values()))
    1
    """
    weights = [sp.Symbol(f"{letter}_{i}", positive=True) for i in range(1, k + 1)]
    total = sp.Add(*weights)
    return {i: (w / total if normalised else w) for i, w in enumerate(weights, start=1)}
