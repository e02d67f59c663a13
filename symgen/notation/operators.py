"""Operators of generative-model texts: E[X | Y], ELBO, the GAN value, argmax, softmax, |X|.

Unevaluated, like the rest of :mod:`symgen.notation.symbols`; the meaning of each is below.

* ``ConditionalExpectation(body, given, dist)``: E[body | given]. A random-variable symbol in
  ``given`` (``Y``) conditions on the variable, so the value is itself random (E[X | Y]); an
  outcome symbol (``y``) conditions on the event Y = y (E[X | Y = y]).
* ``EvidenceLowerBound(q)``: ELBO(q) = E_{q(z|x)}[log p(x, z) - log q(z | x)]; ``q`` is a
  law symbol or the ``Prob`` term ``q(z | x)`` that names the latent and observed outcomes.
* ``GANValue(G, D)``: V(G, D) = E_{x ~ p_data}[log D(x)] + E_{x ~ p_g}[log(1 - D(x))];
  ``GANCriterion(G)``: C(G) = max_D V(G, D); ``OptimalDiscriminator(x, G)``: D*_G(x) =
  p_data(x) / (p_data(x) + p_g(x)).
* ``ArgMax(body, var)``, ``ArgMin``, ``MaxOver``, ``MinOver``: optimisation over ``var``
  (``var`` is bound).
* ``Softmax(z, i)``: exp(z_i) / sum_j exp(z_j), the i-th component of softmax(z).
* ``SupportSize(X)``: |X|, the number of values of X.

>>> X, Y = sp.symbols("X Y")
>>> str(ConditionalExpectation(X, sp.Tuple(Y), sp.Symbol("P")))
'E[X | Y]'
>>> sp.latex(GANCriterion(sp.Symbol("G")))
'C(G)'
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp

from symgen.notation.symbols import DEFAULT_DIST, Notation, _join, is_outcome, random_variable

__all__ = [
    "ArgMax",
    "ArgMin",
    "ConditionalExpectation",
    "EvidenceLowerBound",
    "GANCriterion",
    "GANValue",
    "MaxOver",
    "MinOver",
    "OptimalDiscriminator",
    "Softmax",
    "SupportSize",
]


class ConditionalExpectation(Notation):
    """E[body | given] under ``dist``; see the module docstring for ``given``."""

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def given(self) -> sp.Tuple:
        return self.args[1]

    @property
    def dist(self) -> sp.Basic:
        return self.args[2] if len(self.args) > 2 else DEFAULT_DIST

    def _condition(self, printer: Any, eq: str) -> str:
        parts = []
        for sym in self.given:
            shown = printer._print(sym)
            if is_outcome(sym):
                shown = f"{printer._print(random_variable(sym))}{eq}{shown}"
            parts.append(shown)
        return ", ".join(parts)

    def _latex(self, printer: Any) -> str:
        inner = rf"{printer._print(self.body)} \mid {self._condition(printer, ' = ')}"
        return rf"\mathbb{{E}}[{inner}]"

    def _sympystr(self, printer: Any) -> str:
        return f"E[{printer._print(self.body)} | {self._condition(printer, ' = ')}]"


class _Named(Notation):
    """An operator printed as a name and its arguments: ``V(G, D)``."""

    word: ClassVar[str] = ""
    latex_word: ClassVar[str] = ""

    def _latex(self, printer: Any) -> str:
        return f"{self.latex_word or self.word}({_join(printer, self.args)})"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.word}({_join(printer, self.args)})"


class EvidenceLowerBound(_Named):
    """ELBO(q) = E_q[log p(x, z) - log q(z | x)] <= log p(x)."""

    word = "ELBO"
    latex_word = r"\mathrm{ELBO}"


class GANValue(_Named):
    """V(G, D) = E_{p_data}[log D(x)] + E_{p_g}[log(1 - D(x))]."""

    word = "V"


class GANCriterion(_Named):
    """C(G) = max_D V(G, D), the virtual training criterion of the generator."""

    word = "C"


class OptimalDiscriminator(Notation):
    """D*_G(x) = p_data(x) / (p_data(x) + p_g(x)), the best discriminator for G."""

    @property
    def point(self) -> sp.Basic:
        return self.args[0]

    @property
    def generator(self) -> sp.Basic:
        return self.args[1]

    def _latex(self, printer: Any) -> str:
        return rf"D^{{*}}_{{{printer._print(self.generator)}}}({printer._print(self.point)})"

    def _sympystr(self, printer: Any) -> str:
        return f"D*_{printer._print(self.generator)}({printer._print(self.point)})"


class _Optimum(Notation):
    """``op_var body``: the variable is bound."""

    word: ClassVar[str] = ""
    latex_word: ClassVar[str] = ""

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def variable(self) -> sp.Basic:
        return self.args[1]

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return self.body.free_symbols - {self.variable}

    def _latex(self, printer: Any) -> str:
        body = printer._print(self.body)
        return rf"{self.latex_word}_{{{printer._print(self.variable)}}} {body}"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.word}_{printer._print(self.variable)} ({printer._print(self.body)})"


class ArgMax(_Optimum):
    """The maximiser over ``variable``."""

    word, latex_word = "argmax", r"\operatorname*{arg\,max}"


class ArgMin(_Optimum):
    """The minimiser over ``variable``."""

    word, latex_word = "argmin", r"\operatorname*{arg\,min}"


class MaxOver(_Optimum):
    """The maximum over ``variable``."""

    word, latex_word = "max", r"\max"


class MinOver(_Optimum):
    """The minimum over ``variable``."""

    word, latex_word = "min", r"\min"


class Softmax(Notation):
    """softmax(z)_i = exp(z_i) / sum_j exp(z_j)."""

    def _eval_is_positive(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        z, i = (printer._print(arg) for arg in self.args)
        return rf"\operatorname{{softmax}}({z})_{{{i}}}"

    def _sympystr(self, printer: Any) -> str:
        z, i = (printer._print(arg) for arg in self.args)
        return f"softmax({z})_{i}"


class SupportSize(Notation):
    """|X|: the number of values the random variable X takes."""

    def _eval_is_positive(self) -> bool:
        return True

    def _eval_is_integer(self) -> bool:
        return True

    def _latex(self, printer: Any) -> str:
        return rf"|\mathcal{{{printer._print(self.args[0])}}}|"

    def _sympystr(self, printer: Any) -> str:
        return f"|{printer._print(self.args[0])}|"
