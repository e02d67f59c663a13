"""Every error symgen raises: one root, specific subclasses that are also builtins."""

from __future__ import annotations


class SymgenError(Exception):
    """Root of all symgen errors; the message is one line naming the offending value."""


class InvalidDistribution(SymgenError, ValueError):
    """A table or pmf that is not a probability distribution (negative, not summing to 1, ...)."""


class InvalidProbability(SymgenError, ValueError):
    """A single probability value that cannot be used (not exact, out of [0, 1], bad string)."""


class UnknownVariable(SymgenError, KeyError):
    """A variable name that the distribution does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidEvent(SymgenError, ValueError):
    """An event (dict or text) that cannot be read or refers to impossible values."""


class ZeroProbabilityCondition(SymgenError, ZeroDivisionError):
    """Conditioning on an event of probability 0."""


class IncompatibleDistributions(SymgenError, ValueError):
    """Two distributions that cannot be compared (different variables or outcome types)."""


class UnknownRule(SymgenError, KeyError):
    """A rule id that is not in rules.RULES."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownIdentity(SymgenError, KeyError):
    """An identity or problem name that the library/catalogue does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ParseError(SymgenError, ValueError):
    """Untrusted text or LaTeX that the safe parser rejects (syntax, unknown name, bounds)."""


class InputTooLarge(ParseError):
    """Input over a size, depth, node-count, integer or exponent bound."""


class CatalogueError(SymgenError, ValueError):
    """A malformed file in derivations/: names the file, the key and the problem."""


class RenderError(SymgenError, RuntimeError):
    """A template or TeX build failure."""


class TexNotInstalled(RenderError):
    """latexmk/pdflatex missing; the message names the Debian packages to install."""


class CheckTimeout(SymgenError, TimeoutError):
    """A check that ran past its time budget."""


class BudgetExceeded(CheckTimeout):
    """Work on untrusted input that ran past its time budget (``parsing.budget``)."""
