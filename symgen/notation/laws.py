"""Laws written by formula inside measures: Bern(p), Cat(p_1, ..., p_k), (P + Q)/2, P(X)P(Y).

Each is a :class:`~symgen.notation.symbols.Law`, so :func:`~symgen.notation.symbols.D`,
:func:`~symgen.notation.symbols.JSD`, :func:`~symgen.notation.symbols.Hx` and
:func:`~symgen.notation.symbols.H` accept it wherever a distribution symbol is allowed.

* ``BernoulliLaw(p)``: one variable with values 0 and 1, P(1) = p.
* ``CategoricalLaw(p_1, ..., p_k)``: one variable with values 1..k, P(i) = p_i; a single
  argument names the whole vector (``Cat(pi)``).
* ``BinomialLaw(n, p)`` and ``NormalLaw(mu, sigma^2)`` (variance, as textbooks write N).
* ``Mixture((w_1, ..., w_k), (L_1, ..., L_k))``: the law sum_i w_i L_i, weights summing to 1.
* ``ProductLaw(L_1, ..., L_k)``: the product of laws of disjoint variables, P(X)P(Y).
* ``Distributed(X, law)``: the assumption X ~ law (``where X ~ Bern(p)``);
  ``MarkovChain(X, Y, Z)``: X -> Y -> Z; ``Independent((X,), (Y,), (Z,))``: X _|_ Y | Z.

>>> p = sp.Symbol("p")
>>> str(BernoulliLaw(p)), sp.latex(BernoulliLaw(p))
('Bern(p)', '\\\\operatorname{Bern}(p)')
>>> P, Q = sp.symbols("P Q")
>>> str(Mixture(sp.Tuple(sp.S.Half, sp.S.Half), sp.Tuple(P, Q)))
'(1/2 P + 1/2 Q)'
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp

from symgen.notation.symbols import Law, Notation, Prob, _join

__all__ = [
    "BernoulliLaw",
    "BinomialLaw",
    "CategoricalLaw",
    "Distributed",
    "FamilyLaw",
    "Independent",
    "MarkovChain",
    "Mixture",
    "NormalLaw",
    "ProductLaw",
]


class FamilyLaw(Law):
    """A law of a named family, with its parameters as arguments."""

    family: ClassVar[str] = ""

    @property
    def params(self) -> tuple[sp.Basic, ...]:
        return self.args

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{{self.family}}}({_join(printer, self.args)})"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.family}({_join(printer, self.args)})"


class BernoulliLaw(FamilyLaw):
    """Bern(p): values 0 and 1, with P(1) = p."""

    family = "Bern"


class CategoricalLaw(FamilyLaw):
    """Cat(p_1, ..., p_k): values 1..k with P(i) = p_i (one argument: a named vector)."""

    family = "Cat"


class BinomialLaw(FamilyLaw):
    """Bin(n, p): the number of successes in n Bernoulli(p) trials."""

    family = "Bin"


class NormalLaw(FamilyLaw):
    """N(mu, sigma^2), written with the variance as its second parameter."""

    family = "N"

    def _latex(self, printer: Any) -> str:
        return rf"\mathcal{{N}}({_join(printer, self.args)})"


class Mixture(Law):
    """sum_i w_i L_i: ``(P + Q)/2`` is ``Mixture((1/2, 1/2), (P, Q))``."""

    @property
    def weights(self) -> sp.Tuple:
        return self.args[0]

    @property
    def components(self) -> sp.Tuple:
        return self.args[1]

    @property
    def variables(self) -> sp.Tuple:
        first = self.components[0]
        return first.variables if isinstance(first, (Prob, Law)) else sp.Tuple()

    def _render(self, printer: Any, times: str) -> str:
        terms = [
            f"{printer._print(w)}{times}{printer._print(c)}"
            for w, c in zip(self.weights, self.components, strict=True)
        ]
        return "(" + " + ".join(terms) + ")"

    def _latex(self, printer: Any) -> str:
        return self._render(printer, r" \, ")

    def _sympystr(self, printer: Any) -> str:
        return self._render(printer, " ")


class ProductLaw(Law):
    """L_1 L_2 ... of disjoint variables: ``P(X)P(Y)`` in ``D_KL(P(X, Y) || P(X)P(Y))``."""

    @property
    def variables(self) -> sp.Tuple:
        names: list[sp.Basic] = []
        for factor in self.args:
            names.extend(v for v in getattr(factor, "variables", ()) if v not in names)
        return sp.Tuple(*names)

    def _latex(self, printer: Any) -> str:
        return " ".join(printer._print(factor) for factor in self.args)

    def _sympystr(self, printer: Any) -> str:
        return " ".join(printer._print(factor) for factor in self.args)


class Distributed(Notation):
    """The assumption ``X ~ law``."""

    @property
    def variable(self) -> sp.Basic:
        return self.args[0]

    @property
    def law(self) -> sp.Basic:
        return self.args[1]

    def _latex(self, printer: Any) -> str:
        return rf"{printer._print(self.variable)} \sim {printer._print(self.law)}"

    def _sympystr(self, printer: Any) -> str:
        return f"{printer._print(self.variable)} ~ {printer._print(self.law)}"


class MarkovChain(Notation):
    """The assumption X -> Y -> Z: each variable depends on the past only through the last."""

    def _latex(self, printer: Any) -> str:
        return r" \to ".join(printer._print(arg) for arg in self.args)

    def _sympystr(self, printer: Any) -> str:
        return " -> ".join(printer._print(arg) for arg in self.args)


class Independent(Notation):
    """The assumption X _|_ Y | Z: ``args`` are three tuples of random variables."""

    def _render(self, printer: Any, perp: str, bar: str) -> str:
        left, right, given = (_join(printer, part) for part in self.args)
        return f"{left}{perp}{right}" + (f"{bar}{given}" if self.args[2] else "")

    def _latex(self, printer: Any) -> str:
        return self._render(printer, r" \perp ", r" \mid ")

    def _sympystr(self, printer: Any) -> str:
        return self._render(printer, " _|_ ", " | ")
